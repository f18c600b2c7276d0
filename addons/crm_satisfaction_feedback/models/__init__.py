from . import res_company
from . import res_config_settings
from . import crm_feedback_ticket
from . import crm_satisfaction_invitation
from . import crm_satisfaction_response
from . import crm_satisfaction_send
