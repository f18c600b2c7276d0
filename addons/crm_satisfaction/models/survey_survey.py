from odoo import api, fields, models
from odoo.exceptions import UserError


class SurveySurvey(models.Model):
    """A satisfaction template is an ordinary survey marked as sales or service satisfaction."""

    _inherit = "survey.survey"

    satisfaction_type = fields.Selection(
        [("sales", "Sales satisfaction"), ("service", "Service satisfaction")],
        index=True,
        help="Answers to this survey become satisfaction responses of the customer.",
    )
    satisfaction_problem = fields.Char(
        string="Template Problem", compute="_compute_satisfaction_problem"
    )

    @api.depends(
        "satisfaction_type",
        "active",
        "question_and_page_ids.question_type",
        "question_and_page_ids.satisfaction_weight",
        "question_and_page_ids.suggested_answer_ids.answer_score",
    )
    def _compute_satisfaction_problem(self):
        for survey in self:
            survey.satisfaction_problem = (
                survey._satisfaction_template_problem() if survey.satisfaction_type else False
            )

    # one answer per invitation (Odoo then offers no "Take again"), never a certification
    SATISFACTION_SETTINGS = {
        "is_attempts_limited": True,
        "attempts_limit": 1,
        "certification": False,
        "scoring_type": "no_scoring",
    }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("satisfaction_type"):
                vals.update(self.SATISFACTION_SETTINGS)
        return super().create(vals_list)

    def write(self, vals):
        result = super().write(vals)
        if "active" in vals and not vals["active"]:
            self._cancel_open_invitations()
        satisfaction = self.filtered("satisfaction_type")
        drift = {
            key: value
            for key, value in self.SATISFACTION_SETTINGS.items()
            if any(survey[key] != value for survey in satisfaction)
        }
        if drift:
            super(SurveySurvey, satisfaction).write(drift)
        return result

    def _cancel_open_invitations(self):
        """A closed template takes no more answers: its pending and reminded invitations are
        cancelled at once, with the reason, and leave the customers' *To answer* list."""
        # sudo: whoever may close a survey (a survey officer) closes its invitations, which
        # are satisfaction records; only the invitations of these surveys are touched
        self.env["crm.satisfaction.invitation"].sudo().search(
            [("survey_id", "in", self.ids), ("state", "in", ("sent", "reminded"))]
        ).write({"state": "cancelled", "skip_reason": "survey_closed"})

    def _satisfaction_template_problem(self):
        """Why invitations to this template cannot go out, or False."""
        self.ensure_one()
        if not self.active:
            return self.env._("The survey “%(survey)s” is closed.", survey=self.title)
        scored = self.question_ids.filtered("satisfaction_scored")
        if not scored:
            return self.env._(
                "The survey “%(survey)s” has no scored question: add a scale, or a single "
                "choice whose answers have scores.",
                survey=self.title,
            )
        if not any(scored.mapped("satisfaction_weight")):
            return self.env._(
                "All the items of the survey “%(survey)s” weigh zero: give at least one a weight.",
                survey=self.title,
            )
        return False

    def _check_satisfaction_template(self):
        for survey in self:
            if not survey.satisfaction_type:
                raise UserError(
                    self.env._(
                        "The survey “%(survey)s” is not a satisfaction survey.", survey=survey.title
                    )
                )
            problem = survey._satisfaction_template_problem()
            if problem:
                raise UserError(problem)
