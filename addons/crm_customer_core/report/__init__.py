from . import crm_customer_tier_report
