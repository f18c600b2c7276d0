{
    "name": "CRM Satisfaction Dashboard",
    "summary": "Customer satisfaction at a glance in Odoo's Dashboards app: average score, NPS "
    "and customers at risk by month and sales team",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite contributors",
    "license": "LGPL-3",
    "depends": ["crm_satisfaction", "spreadsheet_dashboard"],
    "data": ["data/dashboards.xml"],
    "auto_install": True,
    "installable": True,
}
