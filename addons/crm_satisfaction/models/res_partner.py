from odoo import api, fields, models

# the last score is compared with the average of this many responses before it
TREND_WINDOW = 3


class ResPartner(models.Model):
    _inherit = "res.partner"

    satisfaction_response_ids = fields.One2many(
        "crm.satisfaction.response", "commercial_partner_id", string="Satisfaction Responses"
    )
    satisfaction_response_count = fields.Integer(
        string="Satisfaction Surveys", compute="_compute_satisfaction_summary", store=True
    )
    satisfaction_last_score = fields.Float(
        string="Last Satisfaction",
        digits=(5, 1),
        compute="_compute_satisfaction_summary",
        store=True,
        aggregator="avg",
    )
    satisfaction_trend = fields.Float(
        digits=(5, 1),
        compute="_compute_satisfaction_summary",
        store=True,
        help="Last score minus the average of the three responses before it.",
    )
    satisfaction_at_risk = fields.Boolean(
        compute="_compute_satisfaction_summary",
        store=True,
        index=True,
        help="The last score dropped by more than the company's margin.",
    )

    satisfaction_drop = fields.Integer(
        compute="_compute_satisfaction_drop",
        help="How many points the last score fell, for the at-risk banner.",
    )

    @api.depends("satisfaction_trend")
    def _compute_satisfaction_drop(self):
        for partner in self:
            partner.satisfaction_drop = max(round(-partner.satisfaction_trend), 0)

    @api.depends("satisfaction_response_ids.score", "satisfaction_response_ids.date")
    def _compute_satisfaction_summary(self):
        # a stored summary of the customer: it must not depend on who triggers the recompute
        responses = (
            self.env["crm.satisfaction.response"]
            .sudo()
            .search_fetch(
                [("commercial_partner_id", "in", self.ids)],
                ["commercial_partner_id", "score", "date", "company_id"],
                order="date desc, id desc",
            )
        )
        by_partner = {}
        for response in responses:
            by_partner.setdefault(response.commercial_partner_id.id, []).append(response)
        for partner in self:
            history = by_partner.get(partner.id, [])
            partner.satisfaction_response_count = len(history)
            partner.satisfaction_last_score = history[0].score if history else 0.0
            before = history[1 : 1 + TREND_WINDOW]
            if before:
                trend = history[0].score - sum(r.score for r in before) / len(before)
                margin = history[0].company_id.satisfaction_risk_margin
                partner.satisfaction_trend = round(trend, 1)
                partner.satisfaction_at_risk = trend < -margin
            else:
                partner.satisfaction_trend = 0.0
                partner.satisfaction_at_risk = False

    def _get_customer_360_summary(self):
        summary = super()._get_customer_360_summary()
        if self.satisfaction_response_count:
            summary.append((self.env._("Last satisfaction"), self.satisfaction_last_score))
        return summary

    def _satisfaction_invitation_values(self, survey):
        """Invitation values for surveying these customers by hand."""
        return {
            survey: [
                {
                    "partner_id": partner.id,
                    "source_ref": f"res.partner,{partner.commercial_partner_id.id}",
                    "user_id": partner.commercial_partner_id.user_id.id,
                    "team_id": partner.commercial_partner_id.user_id.sale_team_id.id,
                    "company_id": (partner.company_id or self.env.company).id,
                }
                for partner in self
            ]
        }

    def action_view_satisfaction_responses(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_satisfaction.crm_satisfaction_response_action"
        )
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action
