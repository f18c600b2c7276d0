from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmKpiScorecardLine(models.Model):
    """One item of a scorecard: its actual value, score, weight and weighted score."""

    _name = "crm.kpi.scorecard.line"
    _description = "KPI Scorecard Item"
    _order = "scorecard_id, sequence, id"

    scorecard_id = fields.Many2one(
        "crm.kpi.scorecard", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    item_id = fields.Many2one("crm.kpi.item", required=True, index=True, ondelete="restrict")
    category_id = fields.Many2one(related="item_id.category_id", store=True)
    scoring_rule = fields.Selection(related="item_id.scoring_rule")
    unit = fields.Char(related="item_id.unit")
    item_target_display = fields.Char(
        string="Target with Unit", compute="_compute_item_target_display"
    )
    weight = fields.Float()
    target = fields.Float()
    baseline_score = fields.Float(string="Baseline")
    actual = fields.Float(string="Actual Value", digits=(16, 2))
    manual_score = fields.Float(
        string="Manager's Score", help="Within the item's range; converted to 0-100."
    )
    score = fields.Float(
        string="Score (of 100)",
        digits=(5, 1),
        aggregator="avg",
        help="100 when the target is reached; beating it earns up to the item's cap.",
    )
    weighted_score = fields.Float(
        digits=(5, 2), compute="_compute_weighted_score", store=True, aggregator="sum"
    )
    vs_baseline = fields.Float(
        string="vs Baseline", digits=(5, 1), compute="_compute_weighted_score", store=True
    )
    comment = fields.Text()
    # a reason, not a text: each reader sees it in their own language
    reason = fields.Selection(
        [
            ("no_user", "The employee has no user: the item cannot be measured."),
            ("no_data", "No data in the period: nothing was achieved."),
        ],
        help="Why the item scores nothing.",
    )
    state = fields.Selection(related="scorecard_id.state")
    employee_id = fields.Many2one(related="scorecard_id.employee_id", store=True, index=True)
    period_id = fields.Many2one(related="scorecard_id.period_id", store=True, index=True)
    department_id = fields.Many2one(related="scorecard_id.department_id", store=True)
    company_id = fields.Many2one(related="scorecard_id.company_id", store=True)

    @api.depends_context("lang")
    @api.depends("target", "item_id.target_display")
    def _compute_item_target_display(self):
        """The target this scorecard was made with (a snapshot), in its unit; thresholds and
        a manager's range as the item says them."""
        for line in self:
            if line.item_id.scoring_rule == "linear":
                line.item_target_display = f"{line.target:,.2f} {line.unit or ''}".strip()
            else:
                line.item_target_display = line.item_id.target_display

    @api.depends("score", "weight", "baseline_score")
    def _compute_weighted_score(self):
        for line in self:
            line.weighted_score = line.score * line.weight / 100
            line.vs_baseline = line.score - line.baseline_score

    @api.onchange("manual_score")
    def _onchange_manual_score(self):
        if self.scoring_rule == "manual":
            self.score = self.item_id._kpi_manual_score(self.manual_score)

    def _check_not_locked(self, scorecards):
        if "locked" in scorecards.mapped("state"):
            raise UserError(self.env._("A locked scorecard never changes."))
        scorecards._check_not_own()

    @api.model_create_multi
    def create(self, vals_list):
        Scorecard = self.env["crm.kpi.scorecard"]
        self._check_not_locked(Scorecard.browse(v.get("scorecard_id") for v in vals_list))
        return super().create(vals_list)

    def unlink(self):
        self._check_not_locked(self.scorecard_id)
        return super().unlink()

    def write(self, vals):
        self._check_not_locked(self.scorecard_id)
        if "scorecard_id" in vals:
            self._check_not_locked(self.env["crm.kpi.scorecard"].browse(vals["scorecard_id"]))
        if "manual_score" in vals:
            manual = self.filtered(lambda line: line.scoring_rule == "manual")
            if manual != self:
                raise UserError(
                    self.env._("Only items scored by the manager take a manager's score.")
                )
            for line in manual:
                line.item_id._kpi_manual_score(vals["manual_score"])
            result = super().write(vals)
            for line in manual:
                super(CrmKpiScorecardLine, line).write(
                    {"score": line.item_id._kpi_manual_score(line.manual_score)}
                )
            return result
        return super().write(vals)
