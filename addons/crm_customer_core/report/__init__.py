from . import crm_customer_tier_report
from . import crm_customer_demand_report
