from . import test_kpi_dashboard
