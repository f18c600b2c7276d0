from . import test_feedback_license
from . import test_feedback_license_portal
