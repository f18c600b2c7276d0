{
    "name": "CRM Software Licenses",
    "summary": "License numbers for software sold through sale orders, with activations "
    "and seat counting",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite contributors",
    "license": "LGPL-3",
    "depends": ["crm_customer_core", "sale_management", "portal"],
    "data": [
        "security/crm_software_license_security.xml",
        "security/ir.model.access.csv",
        "views/product_template_views.xml",
        "views/crm_software_license_views.xml",
        "views/sale_order_views.xml",
        "views/res_partner_views.xml",
        "views/crm_software_license_menus.xml",
    ],
    "demo": ["demo/crm_software_license_demo.xml"],
    "installable": True,
}
