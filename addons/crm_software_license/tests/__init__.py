from . import test_license_number
from . import test_license_sale
from . import test_license_activation
from . import test_license_security
