from . import test_kpi_feedback
