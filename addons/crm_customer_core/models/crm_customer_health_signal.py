from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCustomerHealthSignal(models.Model):
    """A signal of the customer health score and its weight. Each addon that knows something
    about customers (tickets, satisfaction, licenses, receivables) adds its own signal and
    the method that scores it: ``res.partner._customer_health_<code>``."""

    _name = "crm.customer.health.signal"
    _description = "Customer Health Signal"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, readonly=True)
    description = fields.Char(translate=True)
    sequence = fields.Integer(default=10)
    weight = fields.Float(default=1.0, help="Its share of the score against the others' weights.")
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "A signal is defined once.")]

    @api.model_create_multi
    def create(self, vals_list):
        signals = super().create(vals_list)
        self.env["res.partner"]._customer_health_outdated()
        return signals

    def write(self, vals):
        result = super().write(vals)
        if {"weight", "active"} & set(vals):
            self.env["res.partner"]._customer_health_outdated()
        return result

    @api.constrains("weight", "active")
    def _check_weights(self):
        if any(signal.weight < 0 for signal in self):
            raise ValidationError(self.env._("A signal's weight cannot be negative."))
        signals = self.search([])
        if signals and not sum(signals.mapped("weight")):
            raise ValidationError(
                self.env._(
                    "The weights of the health signals add up to nothing: give at least one "
                    "of them a weight."
                )
            )
