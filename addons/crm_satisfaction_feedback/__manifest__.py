{
    "name": "CRM Satisfaction and Feedback",
    "summary": "Service satisfaction surveys after solved tickets, and a feedback ticket for "
    "every low score",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite contributors",
    "license": "LGPL-3",
    "depends": ["crm_satisfaction", "crm_feedback"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_satisfaction_feedback_rules.xml",
        "views/crm_feedback_ticket_views.xml",
        "views/crm_satisfaction_response_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/crm_satisfaction_feedback_demo.xml"],
    "auto_install": True,
    "installable": True,
}
