from . import crm_satisfaction_send
from . import crm_satisfaction_comparison
