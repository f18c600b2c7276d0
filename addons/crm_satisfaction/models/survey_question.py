from odoo import api, fields, models
from odoo.exceptions import ValidationError

SCORED_TYPES = ("scale", "simple_choice")


class SurveyQuestion(models.Model):
    """A question of a satisfaction template is an item (调查项目): a category and a weight."""

    _inherit = "survey.question"

    satisfaction_category_id = fields.Many2one("crm.satisfaction.category", ondelete="restrict")
    satisfaction_weight = fields.Float(
        string="Weight",
        default=1.0,
        help="Share of this item in the weighted overall score of a satisfaction survey.",
    )
    satisfaction_nps = fields.Boolean(
        string="NPS Question",
        help="The 0-10 'would you recommend us' question: 9-10 promoter, 7-8 passive, "
        "0-6 detractor.",
    )
    survey_satisfaction_type = fields.Selection(related="survey_id.satisfaction_type")
    satisfaction_scored = fields.Boolean(
        string="Scored Item",
        compute="_compute_satisfaction_scored",
        help="A scale, or a single choice whose answers have different scores.",
    )

    @api.depends("question_type", "suggested_answer_ids.answer_score")
    def _compute_satisfaction_scored(self):
        for question in self:
            question.satisfaction_scored = question._satisfaction_score_range() is not None

    @api.constrains(
        "satisfaction_weight", "satisfaction_nps", "question_type", "scale_min", "scale_max"
    )
    def _check_satisfaction_item(self):
        for question in self:
            if question.satisfaction_weight < 0:
                raise ValidationError(self.env._("An item's weight cannot be negative."))
            if question.satisfaction_nps and (
                question.question_type != "scale"
                or (question.scale_min, question.scale_max) != (0, 10)
            ):
                raise ValidationError(
                    self.env._(
                        "The NPS question must be a scale from 0 to 10: %(question)s",
                        question=question.title,
                    )
                )

    def _satisfaction_score_range(self):
        """(lowest, highest) raw value of a scored item, None when it does not score."""
        self.ensure_one()
        if self.question_type == "scale":
            return (self.scale_min, self.scale_max)
        if self.question_type == "simple_choice":
            scores = self.suggested_answer_ids.mapped("answer_score")
            if scores and min(scores) < max(scores):
                return (min(scores), max(scores))
        return None

    def _satisfaction_normalise(self, raw, score_range):
        """A raw answer value as a 0-100 score within the item's range."""
        low, high = score_range
        return round(100.0 * (raw - low) / (high - low), 2)
