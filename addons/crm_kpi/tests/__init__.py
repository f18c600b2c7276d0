from . import test_kpi_compute
from . import test_kpi_workflow
from . import test_kpi_analysis
from . import test_kpi_figures
