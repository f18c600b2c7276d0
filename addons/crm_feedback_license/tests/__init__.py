from . import test_feedback_license
