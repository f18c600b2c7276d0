from . import license_number
from . import product_template
from . import crm_software_license
from . import crm_software_license_activation
from . import sale_order
from . import sale_order_line
from . import res_partner
