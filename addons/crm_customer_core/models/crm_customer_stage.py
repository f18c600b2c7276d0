from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCustomerStage(models.Model):
    _name = "crm.customer.stage"
    _description = "Customer Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(help="Folded in the customer kanban.")
    is_deal = fields.Boolean(
        string="Deal Stage",
        help="Customers move here automatically when their first sale order is confirmed.",
    )
    contact_interval_days = fields.Integer(
        string="Contact Every (days)",
        help="How often a salesperson should contact customers in this stage; "
        "0 means no contact cycle. A tier interval or the customer's own interval wins.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    customer_count = fields.Integer(compute="_compute_customer_count", string="Customers")

    def _compute_customer_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("customer_stage_id", "in", self.ids)], ["customer_stage_id"], ["__count"]
            )
        )
        for stage in self:
            stage.customer_count = counts.get(stage, 0)

    @api.constrains("contact_interval_days")
    def _check_contact_interval_days(self):
        if any(stage.contact_interval_days < 0 for stage in self):
            raise ValidationError(self.env._("The contact interval cannot be negative."))

    @api.model
    def _get_deal_stage(self):
        return self.search([("is_deal", "=", True)], limit=1)
