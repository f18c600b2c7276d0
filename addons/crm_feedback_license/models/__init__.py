from . import crm_feedback_sla
from . import crm_feedback_ticket
from . import crm_software_license
