from . import test_satisfaction_scoring
from . import test_satisfaction_sending
from . import test_satisfaction_security
from . import test_satisfaction_analysis
from . import test_satisfaction_portal
from . import test_satisfaction_trust
from . import test_satisfaction_health
