from odoo import api, fields, models


class CrmSoftwareLicense(models.Model):
    _inherit = "crm.software.license"

    feedback_ticket_ids = fields.One2many(
        "crm.feedback.ticket", "license_id", string="Feedback Tickets"
    )
    feedback_ticket_count = fields.Integer(
        string="Tickets",
        compute="_compute_feedback_ticket_count",
        groups="crm_feedback.group_feedback_user",
    )

    @api.depends("feedback_ticket_ids")
    def _compute_feedback_ticket_count(self):
        counts = dict(
            self.env["crm.feedback.ticket"]._read_group(
                [("license_id", "in", self.ids)], ["license_id"], ["__count"]
            )
        )
        for license_ in self:
            license_.feedback_ticket_count = counts.get(license_, 0)

    def action_view_feedback_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_feedback.crm_feedback_ticket_action"
        )
        action["domain"] = [("license_id", "=", self.id)]
        action["context"] = {
            "default_license_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
