from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmFeedbackTicketMerge(models.TransientModel):
    """Merge duplicate tickets (the same problem by phone and by e-mail) into one, keeping
    every conversation, attachment and follower."""

    _name = "crm.feedback.ticket.merge"
    _description = "Merge Feedback Tickets"

    ticket_ids = fields.Many2many("crm.feedback.ticket", string="Tickets")
    target_id = fields.Many2one(
        "crm.feedback.ticket", string="Keep", domain="[('id', 'in', ticket_ids)]"
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        ids = self.env.context.get("active_ids") or []
        if self.env.context.get("active_model") == "crm.feedback.ticket" and ids:
            tickets = self.env["crm.feedback.ticket"].browse(ids)
            values["ticket_ids"] = [fields.Command.set(tickets.ids)]
            values["target_id"] = tickets.sorted("id")[0].id
        return values

    def action_merge(self):
        self.ensure_one()
        target = self.target_id
        others = self.ticket_ids - target
        if not target or not others:
            raise UserError(self.env._("Choose at least two tickets and the one to keep."))
        if len(self.ticket_ids.commercial_partner_id) > 1:
            raise UserError(self.env._("Only tickets of the same customer can be merged."))
        others.check_access("write")
        target.check_access("write")
        # sudo: messages and attachments are moved as a whole; access to both tickets was
        # checked above
        self.env["mail.message"].sudo().search(
            [("model", "=", others._name), ("res_id", "in", others.ids)]
        ).write({"res_id": target.id})
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", others._name), ("res_id", "in", others.ids)]
        ).write({"res_id": target.id})
        target.message_subscribe(partner_ids=others.message_partner_ids.ids)
        closed = target._stage_of_type("closed")
        others.write({"merged_into_id": target.id, "stage_id": closed.id, "active": False})
        target._message_log(
            body=Markup(self.env._("Merged with %s; their conversations are above."))
            % ", ".join(others.mapped("display_name"))
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": target._name,
            "res_id": target.id,
            "view_mode": "form",
        }
