from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    feedback_urgent_count = fields.Integer(
        string="Open High-Priority Tickets", compute="_compute_feedback_urgent_count"
    )

    @api.depends("partner_id")
    def _compute_feedback_urgent_count(self):
        # sudo: the warning only counts; salespeople need not read the tickets themselves
        counts = dict(
            self.env["crm.feedback.ticket"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", self.partner_id.commercial_partner_id.ids),
                    ("is_closed", "=", False),
                    ("stage_type", "!=", "solved"),
                    ("priority", "in", ("2", "3")),
                ],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        for order in self:
            order.feedback_urgent_count = counts.get(order.partner_id.commercial_partner_id, 0)

    def action_view_feedback_tickets(self):
        return self.partner_id.action_view_feedback_tickets()
