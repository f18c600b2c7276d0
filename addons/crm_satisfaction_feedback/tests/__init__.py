from . import test_satisfaction_feedback
