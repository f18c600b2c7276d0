{
    "name": "CRM KPI and Satisfaction",
    "summary": "KPI metric from satisfaction surveys: the average score of the salesperson's "
    "customers",
    "version": "18.0.1.0.0",
    "category": "Human Resources/KPI",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite contributors",
    "license": "LGPL-3",
    "depends": ["crm_kpi", "crm_satisfaction"],
    "data": ["data/crm_kpi_satisfaction_data.xml"],
    "auto_install": True,
    "installable": True,
}
