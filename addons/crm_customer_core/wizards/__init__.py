from . import crm_customer_handover
from . import crm_customer_demand_export
