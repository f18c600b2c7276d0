from . import crm_competitor
from . import crm_competitor_quote
from . import crm_quotation_lost_reason
from . import res_company
from . import res_config_settings
from . import res_partner
from . import sale_order
