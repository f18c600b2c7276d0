from . import test_feedback_mail
from . import test_feedback_portal
from . import test_feedback_security
from . import test_feedback_sla
from . import test_feedback_ticket
from . import test_feedback_first_hour
from . import test_feedback_health
