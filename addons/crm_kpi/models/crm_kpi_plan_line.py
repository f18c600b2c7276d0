from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmKpiPlanLine(models.Model):
    _name = "crm.kpi.plan.line"
    _description = "KPI Plan Item"
    _order = "plan_id, sequence, id"

    plan_id = fields.Many2one("crm.kpi.plan", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    item_id = fields.Many2one("crm.kpi.item", required=True, ondelete="restrict")
    category_id = fields.Many2one(related="item_id.category_id")
    scoring_rule = fields.Selection(related="item_id.scoring_rule")
    weight = fields.Float(
        compute="_compute_weight", store=True, readonly=False, required=True, precompute=True
    )

    _sql_constraints = [
        ("item_uniq", "unique(plan_id, item_id)", "An item appears once in a plan."),
    ]

    @api.depends("item_id")
    def _compute_weight(self):
        for line in self:
            line.weight = line.weight or line.item_id.default_weight

    @api.constrains("weight")
    def _check_weight(self):
        if any(line.weight <= 0 for line in self):
            raise ValidationError(self.env._("An item's weight must be above zero."))

    # the plan's weights add up to 100 however its lines change (the plan form, an import,
    # XML-RPC on the lines themselves): checked once per transaction, before it commits, as
    # a form updates its lines one by one
    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.plan_id._check_weights_before_commit()
        return lines

    def write(self, vals):
        plans = self.plan_id
        result = super().write(vals)
        (plans | self.plan_id)._check_weights_before_commit()
        return result

    def unlink(self):
        plans = self.plan_id
        result = super().unlink()
        plans._check_weights_before_commit()
        return result
