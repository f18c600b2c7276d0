from . import test_kpi_contract
