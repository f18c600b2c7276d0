from . import test_feedback_dashboard
