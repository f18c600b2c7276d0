from odoo import api, fields, models
from odoo.exceptions import ValidationError

TIERS = [("a", "A - Major"), ("b", "B - Regular"), ("c", "C - Small")]


class CrmCustomerPoolRule(models.Model):
    """When an owned customer goes back to the customer pool (公海) on its own."""

    _name = "crm.customer.pool.rule"
    _description = "Customer Pool Return Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    stage_ids = fields.Many2many(
        "crm.customer.stage", string="Stages", help="Empty means every stage."
    )
    value_tiers = fields.Selection(
        TIERS, string="Value Tier", help="Empty means every tier, customers without one included."
    )
    no_followup_days = fields.Integer(
        string="No Follow-up For (days)",
        help="Return customers without a follow-up for this many days; 0 disables.",
    )
    no_deal_days = fields.Integer(
        string="No Deal Within (days)",
        help="Return customers without a confirmed order this many days after they were "
        "assigned; 0 disables.",
    )
    warn_days = fields.Integer(
        string="Warn Owner Days Before",
        default=3,
        help="The owner gets an activity this many days before the customer is returned.",
    )

    @api.constrains("no_followup_days", "no_deal_days", "warn_days")
    def _check_days(self):
        for rule in self:
            if min(rule.no_followup_days, rule.no_deal_days, rule.warn_days) < 0:
                raise ValidationError(self.env._("Days in a pool rule cannot be negative."))
