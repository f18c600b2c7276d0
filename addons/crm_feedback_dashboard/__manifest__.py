{
    "name": "CRM Service Dashboard",
    "summary": "Customer service at a glance in Odoo's Dashboards app: open and overdue tickets "
    "and SLA compliance by team",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite contributors",
    "license": "LGPL-3",
    "depends": ["crm_feedback", "spreadsheet_dashboard"],
    "data": ["data/dashboards.xml"],
    "auto_install": True,
    "installable": True,
}
