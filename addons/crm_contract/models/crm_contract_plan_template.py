from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from .crm_contract_milestone import EVENT_TRIGGERS, check_milestone_values


class CrmContractPlanTemplate(models.Model):
    """A payment plan to pick for a contract (e.g. 30 % on signing, 60 % on acceptance,
    10 % one year after acceptance)."""

    _name = "crm.contract.plan.template"
    _description = "Payment Plan Template"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    line_ids = fields.One2many(
        "crm.contract.plan.template.line", "template_id", string="Milestones", copy=True
    )
    currency_id = fields.Many2one(
        "res.currency",
        default=lambda self: self.env.company.currency_id,
        help="The currency of the fixed amounts: a contract in another currency cannot use "
        "a plan with fixed amounts.",
    )
    company_id = fields.Many2one("res.company", index=True)

    @api.constrains("line_ids")
    def _check_percentages(self):
        for template in self:
            percent_lines = template.line_ids.filtered(lambda line: line.amount_type == "percent")
            fixed = template.line_ids - percent_lines
            total = sum(percent_lines.mapped("percentage"))
            if percent_lines and not fixed and float_compare(total, 100, 2):
                raise ValidationError(
                    self.env._(
                        "The milestones of the plan %(plan)s add up to %(total)s %%, not 100 %%.",
                        plan=template.name,
                        total=round(total, 2),
                    )
                )


class CrmContractPlanTemplateLine(models.Model):
    _name = "crm.contract.plan.template.line"
    _description = "Payment Plan Template Milestone"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "crm.contract.plan.template", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    amount_type = fields.Selection(
        [("percent", "Percentage"), ("fixed", "Fixed amount")], default="percent", required=True
    )
    percentage = fields.Float(digits=(5, 2))
    fixed_amount = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(related="template_id.currency_id")
    trigger = fields.Selection(EVENT_TRIGGERS, default="signing", required=True)
    trigger_days = fields.Integer(
        string="Days After", help="Due this many days after the event (0: on the day)."
    )

    @api.constrains("percentage", "fixed_amount", "trigger_days")
    def _check_values(self):
        for line in self:
            check_milestone_values(
                self.env, line.amount_type, line.percentage, line.fixed_amount, line.trigger_days
            )
