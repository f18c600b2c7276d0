from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    feedback_open_count = fields.Integer(
        string="Open Tickets",
        compute="_compute_feedback_counts",
        groups="crm_feedback.group_feedback_user",
    )
    feedback_urgent_count = fields.Integer(
        string="Open High-Priority Tickets",
        compute="_compute_feedback_counts",
        groups="crm_feedback.group_feedback_user",
    )

    def _compute_feedback_counts(self):
        Ticket = self.env["crm.feedback.ticket"]
        domain = [
            ("commercial_partner_id", "in", self.commercial_partner_id.ids),
            ("is_closed", "=", False),
            ("stage_type", "!=", "solved"),
        ]
        open_counts = dict(Ticket._read_group(domain, ["commercial_partner_id"], ["__count"]))
        urgent = dict(
            Ticket._read_group(
                domain + [("priority", "in", ("2", "3"))], ["commercial_partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.feedback_open_count = open_counts.get(partner.commercial_partner_id, 0)
            partner.feedback_urgent_count = urgent.get(partner.commercial_partner_id, 0)

    def _get_customer_360_summary(self):
        summary = super()._get_customer_360_summary()
        if self.env.user.has_group("crm_feedback.group_feedback_user"):
            summary.append((self.env._("Open Tickets"), self.feedback_open_count))
        return summary

    def action_view_feedback_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_feedback.crm_feedback_ticket_action"
        )
        action["domain"] = [("commercial_partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {
            "default_partner_id": self.commercial_partner_id.id,
            "search_default_open": 1,
        }
        return action
