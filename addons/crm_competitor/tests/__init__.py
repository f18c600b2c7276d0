from . import test_competitor
from . import test_competitor_security
from . import test_winloss
