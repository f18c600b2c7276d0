from odoo import api, fields, models
from odoo.tools import SQL

from .crm_satisfaction_response import NPS_CLASSES


class CrmSatisfactionResponseLine(models.Model):
    """One scored item of a response: what the item analysis and the per-category
    comparison aggregate."""

    _name = "crm.satisfaction.response.line"
    _description = "Satisfaction Response Item"
    _order = "response_id, id"

    response_id = fields.Many2one(
        "crm.satisfaction.response", required=True, index=True, ondelete="cascade"
    )
    question_id = fields.Many2one(
        "survey.question", string="Item", required=True, index=True, ondelete="restrict"
    )
    category_id = fields.Many2one("crm.satisfaction.category", index=True)
    answer_label = fields.Char(string="Answer")
    score = fields.Float(aggregator="avg", digits=(5, 1))
    weight = fields.Float(aggregator="avg")
    nps_class = fields.Selection(NPS_CLASSES, string="NPS Group")
    nps_points = fields.Float(
        string="NPS",
        aggregator="avg",
        help="+100 for a promoter, 0 for a passive, -100 for a detractor: their average is the "
        "Net Promoter Score.",
    )
    is_nps = fields.Boolean(string="NPS Item", compute="_compute_is_nps", store=True)
    # copies of the response's dimensions, for the analysis and the record rules
    commercial_partner_id = fields.Many2one(related="response_id.commercial_partner_id", store=True)
    user_id = fields.Many2one(related="response_id.user_id", store=True, index=True)
    team_id = fields.Many2one(related="response_id.team_id", store=True)
    company_id = fields.Many2one(related="response_id.company_id", store=True, index=True)
    survey_id = fields.Many2one(related="response_id.survey_id", store=True)
    satisfaction_type = fields.Selection(related="response_id.satisfaction_type", store=True)
    date = fields.Datetime(related="response_id.date", store=True)

    def _read_group_select(self, aggregate_spec, query):
        """An average score is weighted by the items' weights wherever lines are grouped (the
        category analysis, the pivot, the graph), as the salesperson vs team report and the
        response's own score weigh them: one definition of a category's score."""
        if aggregate_spec == "score:avg":
            score = self._field_to_sql(self._table, "score", query)
            weight = self._field_to_sql(self._table, "weight", query)
            return SQL("SUM(%s * %s) / NULLIF(SUM(%s), 0)", score, weight, weight)
        return super()._read_group_select(aggregate_spec, query)

    @api.depends("nps_class")
    def _compute_is_nps(self):
        for line in self:
            line.is_nps = bool(line.nps_class)
