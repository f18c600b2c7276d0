from . import res_company
from . import res_config_settings
from . import crm_software_license
from . import crm_contract_milestone
from . import account_partial_reconcile
