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
    answer_id = fields.Many2one(
        "survey.question.answer", string="Choice", index="btree_not_null", ondelete="set null"
    )
    # the answer itself, not the words the customer read: "Fast" and "快" are one answer,
    # shown in the reader's language, and answers sort by value (3 before 10)
    answer_label = fields.Char(string="Answer", translate=True)
    answer_value = fields.Integer(
        aggregator="avg",
        help="The value on the scale, or the choice's position in the question.",
    )
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

    def _copy_answer_translations(self):
        """Give the lines of a choice the choice's label in every language, so that answers
        given in two languages group as one."""
        lines = self.filtered("answer_id")
        if not lines:
            return
        self.flush_recordset(["answer_label", "answer_id"])
        self.env.execute_query(
            SQL(
                """
            UPDATE crm_satisfaction_response_line line
               SET answer_label = choice.value
              FROM survey_question_answer choice
             WHERE choice.id = line.answer_id AND line.id IN %s
            """,
                tuple(lines.ids),
            )
        )
        lines.invalidate_recordset(["answer_label"])

    @api.model
    def _read_group_orderby(self, order, groupby_terms, query):
        # answers in the order of their value (3 before 10, choices as the question lists
        # them), not alphabetically
        if "answer_label" in groupby_terms:
            order = ",".join(
                "answer_value:min,answer_label" if term.strip() == "answer_label" else term
                for term in (order or ",".join(groupby_terms)).split(",")
            )
        return super()._read_group_orderby(order, groupby_terms, query)

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
