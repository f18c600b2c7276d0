from . import test_license_activation
from . import test_license_api
from . import test_license_number
from . import test_license_offline
from . import test_license_portal
from . import test_license_renewal
from . import test_license_sale
from . import test_license_security
