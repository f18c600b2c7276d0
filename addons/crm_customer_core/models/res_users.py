from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResUsers(models.Model):
    _inherit = "res.users"

    crm_customer_limit = fields.Integer(
        string="Customer Limit",
        help="How many customers this salesperson may own; 0 means the team's limit applies.",
    )

    @api.constrains("crm_customer_limit")
    def _check_crm_customer_limit(self):
        if any(record.crm_customer_limit < 0 for record in self):
            raise ValidationError(self.env._("The customer limit cannot be negative."))

    def _crm_customer_limit(self):
        """The user's own customer limit, else the one of their sales team (0 = none)."""
        self.ensure_one()
        return self.crm_customer_limit or self.sudo().sale_team_id.crm_customer_limit
