from odoo import fields, models


class CrmFeedbackTicket(models.Model):
    _inherit = "crm.feedback.ticket"

    satisfaction_response_ids = fields.One2many(
        "crm.satisfaction.response", "ticket_id", string="Satisfaction Responses"
    )
    satisfaction_score = fields.Float(
        string="Satisfaction", digits=(5, 1), compute="_compute_satisfaction_score"
    )
    satisfaction_origin_id = fields.Many2one(
        "crm.satisfaction.response",
        string="From Satisfaction Response",
        readonly=True,
        index="btree_not_null",
        help="The low satisfaction score this ticket follows up.",
    )

    def _compute_satisfaction_score(self):
        scores = dict(
            self.env["crm.satisfaction.response"]._read_group(
                [("ticket_id", "in", self.ids)], ["ticket_id"], ["score:avg"]
            )
        )
        for ticket in self:
            ticket.satisfaction_score = scores.get(ticket, 0.0)

    def _satisfaction_invitation_values(self, survey=None):
        """Invitation values per survey: the company's service survey unless one is given."""
        values = {}
        for ticket in self.filtered("partner_id"):
            ticket_survey = survey or ticket.company_id.satisfaction_service_survey_id
            if not ticket_survey:
                continue
            customer = ticket.commercial_partner_id
            values.setdefault(ticket_survey, []).append(
                {
                    "partner_id": (ticket.contact_id or ticket.partner_id).id,
                    "source_ref": f"crm.feedback.ticket,{ticket.id}",
                    "ticket_id": ticket.id,
                    "user_id": customer.user_id.id,
                    "team_id": customer.user_id.sale_team_id.id,
                    "company_id": ticket.company_id.id,
                }
            )
        return values
