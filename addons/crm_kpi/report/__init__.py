from . import crm_kpi_comparison_report
