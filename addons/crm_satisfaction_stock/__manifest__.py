{
    "name": "CRM Satisfaction and Deliveries",
    "summary": "Send the sales satisfaction survey after the order is delivered",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite contributors",
    "license": "LGPL-3",
    "depends": ["crm_satisfaction", "sale_stock"],
    "data": ["views/res_config_settings_views.xml"],
    "auto_install": True,
    "installable": True,
}
