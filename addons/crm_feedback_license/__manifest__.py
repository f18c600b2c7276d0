{
    "name": "CRM Feedback and Licenses",
    "summary": "Tickets about a license, tickets on the license, SLA by maintenance status",
    "version": "18.0.1.1.0",
    "category": "Services/Helpdesk",
    "website": "https://github.com/crm-suite/crm-suite",
    "author": "CRM Suite contributors",
    "license": "LGPL-3",
    "depends": ["crm_feedback", "crm_software_license"],
    "data": [
        "views/crm_feedback_ticket_views.xml",
        "views/crm_software_license_views.xml",
        "views/portal_templates.xml",
    ],
    "auto_install": True,
    "installable": True,
}
