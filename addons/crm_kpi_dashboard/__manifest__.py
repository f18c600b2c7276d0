{
    "name": "CRM KPI Dashboard",
    "summary": "Employee KPI at a glance in Odoo's Dashboards app: department averages and the "
    "ranking",
    "version": "18.0.1.0.0",
    "category": "Human Resources/KPI",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite contributors",
    "license": "LGPL-3",
    "depends": ["crm_kpi", "spreadsheet_dashboard"],
    "data": ["data/dashboards.xml"],
    "auto_install": True,
    "installable": True,
}
