from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmCustomerHandover(models.TransientModel):
    """Move a salesperson's customers, open activities and quotations to a colleague."""

    _name = "crm.customer.handover"
    _description = "Customer Hand-over"

    from_user_id = fields.Many2one("res.users", string="From Salesperson", required=True)
    to_user_id = fields.Many2one(
        "res.users",
        string="To Salesperson",
        required=True,
        domain="[('share', '=', False), ('id', '!=', from_user_id)]",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        domain="[('user_id', '=', from_user_id), ('parent_id', '=', False)]",
        help="Empty means every customer of the salesperson.",
    )
    move_activities = fields.Boolean(string="Move Open Activities", default=True)
    move_quotations = fields.Boolean(string="Move Open Quotations", default=True)
    note = fields.Text(string="Reason")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "res.partner":
            partners = self.env["res.partner"].browse(self.env.context.get("active_ids", []))
            values["partner_ids"] = [fields.Command.set(partners.ids)]
            if len(partners.user_id) == 1:
                values["from_user_id"] = partners.user_id.id
        return values

    def action_handover(self):
        self.ensure_one()
        if not self.to_user_id.active:
            raise UserError(
                self.env._("%s is archived and cannot receive customers.", self.to_user_id.name)
            )
        if self.to_user_id == self.from_user_id:
            raise UserError(self.env._("Choose another salesperson to hand the customers over to."))
        partners = self.partner_ids or self.env["res.partner"].search(
            [("user_id", "=", self.from_user_id.id), ("parent_id", "=", False)]
        )
        if not partners:
            raise UserError(self.env._("%s has no customers to hand over.", self.from_user_id.name))
        strangers = partners.filtered(lambda p: p.user_id != self.from_user_id)
        if strangers:
            raise UserError(
                self.env._(
                    "%(customer)s is not a customer of %(user)s.",
                    customer=strangers[0].name,
                    user=self.from_user_id.name,
                )
            )
        # One chatter note per customer below instead of one assignment mail per customer.
        partners.with_context(mail_auto_subscribe_no_notify=True, crm_pool_logged=True).write(
            {"user_id": self.to_user_id.id, "customer_pool_warning_date": False}
        )
        moved_activities = moved_orders = 0
        if self.move_activities:
            activities = self.env["mail.activity"].search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                    ("user_id", "=", self.from_user_id.id),
                ]
            )
            activities.write({"user_id": self.to_user_id.id})
            moved_activities = len(activities)
        if self.move_quotations:
            orders = self.env["sale.order"].search(
                [
                    ("partner_id", "child_of", partners.ids),
                    ("state", "in", ["draft", "sent"]),
                    ("user_id", "=", self.from_user_id.id),
                ]
            )
            orders.write({"user_id": self.to_user_id.id})
            moved_orders = len(orders)
        message = self.env._(
            "Handed over from %(from)s to %(to)s by %(by)s.",
            **{
                "from": self.from_user_id.name,
                "to": self.to_user_id.name,
                "by": self.env.user.name,
            },
        )
        if self.note:
            message += " " + self.note
        self.env["crm.customer.pool.log"].sudo().create(
            [  # the log is written by the system
                {
                    "partner_id": p.id,
                    "user_id": self.to_user_id.id,
                    "action": "handover",
                    "note": self.note,
                }
                for p in partners
            ]
        )
        partners._message_log_batch({p.id: Markup("<p>%s</p>") % message for p in partners})
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(customers)s customers, %(activities)s activities and %(orders)s quotations "
                    "handed over.",
                    customers=len(partners),
                    activities=moved_activities,
                    orders=moved_orders,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
