from . import crm_quotation_lost
