from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTeam(models.Model):
    _inherit = "crm.team"

    crm_customer_limit = fields.Integer(
        string="Customer Limit per Salesperson",
        help="How many customers each member may own unless the user has a limit of their "
        "own; 0 means no limit.",
    )

    @api.constrains("crm_customer_limit")
    def _check_crm_customer_limit(self):
        if any(record.crm_customer_limit < 0 for record in self):
            raise ValidationError(self.env._("The customer limit cannot be negative."))
