{
    "name": "CRM Contracts and Software Licenses",
    "summary": "Licenses follow their contract's money: suspended when a payment is overdue "
    "beyond a grace period, active again when it is paid",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite contributors",
    "license": "LGPL-3",
    "depends": ["crm_contract", "crm_software_license"],
    "data": ["views/res_config_settings_views.xml", "views/crm_software_license_views.xml"],
    "auto_install": True,
    "installable": True,
}
