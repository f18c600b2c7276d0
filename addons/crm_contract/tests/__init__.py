from . import test_contract_approval
from . import test_contract_plan
from . import test_contract_receivables
from . import test_contract_reminders
from . import test_contract_security
from . import test_contract_workflow
from . import test_contract_health
