{
    "name": "CRM Customer File Dashboard",
    "summary": "The customer file at a glance in Odoo's Dashboards app: customers by stage and "
    "tier, new customers, follow-ups, customers to contact today and pool claims",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite contributors",
    "license": "LGPL-3",
    "depends": ["crm_customer_core", "spreadsheet_dashboard"],
    "data": ["data/dashboards.xml"],
    "auto_install": True,
    "installable": True,
}
