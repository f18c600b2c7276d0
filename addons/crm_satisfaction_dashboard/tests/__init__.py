from . import test_satisfaction_dashboard
