from odoo import http
from odoo.http import request

from odoo.addons.crm_customer_core.controllers.portal_list import portal_list
from odoo.addons.portal.controllers.portal import CustomerPortal


class SatisfactionPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "satisfaction_survey_count" in counters:
            Invitation = request.env["crm.satisfaction.invitation"]
            values["satisfaction_survey_count"] = (
                Invitation.search_count(
                    self._satisfaction_domain() + [("state", "in", ("sent", "reminded"))]
                )
                if Invitation.has_access("read")
                else 0
            )
        return values

    def _satisfaction_domain(self):
        partner = request.env.user.partner_id
        return [
            ("commercial_partner_id", "=", partner.commercial_partner_id.id),
            ("state", "in", ("sent", "reminded", "done")),
        ]

    @http.route(
        ["/my/surveys", "/my/surveys/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,  # a list to read: served by a replica when there is one
    )
    def portal_my_satisfaction_surveys(self, **kw):
        env = request.env
        invitations, values = portal_list(
            self,
            "crm.satisfaction.invitation",
            "/my/surveys",
            self._satisfaction_domain(),
            (
                {"date": {"label": env._("Newest"), "order": "id desc"}},
                {
                    "all": {"label": env._("All"), "domain": []},
                    "open": {
                        "label": env._("To answer"),
                        "domain": [("state", "in", ("sent", "reminded"))],
                    },
                    "done": {"label": env._("Answered"), "domain": [("state", "=", "done")]},
                },
                {},
            ),
            {"survey": "survey_title"},
            "my_satisfaction_history",
            **kw,
        )
        values.update(invitations=invitations, page_name="satisfaction_survey")
        return request.render("crm_satisfaction.portal_my_surveys", values)
