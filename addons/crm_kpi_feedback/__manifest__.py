{
    "name": "CRM KPI and Feedback",
    "summary": "KPI metrics from feedback tickets: tickets solved, SLA compliance, first response",
    "version": "18.0.1.0.0",
    "category": "Human Resources/KPI",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite contributors",
    "license": "LGPL-3",
    "depends": ["crm_kpi", "crm_feedback"],
    "data": ["data/crm_kpi_feedback_data.xml"],
    "auto_install": True,
    "installable": True,
}
