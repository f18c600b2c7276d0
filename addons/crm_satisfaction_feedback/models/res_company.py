from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    satisfaction_service_survey_id = fields.Many2one(
        "survey.survey",
        string="Service Satisfaction Survey",
        domain=[("satisfaction_type", "=", "service")],
        help="Sent to the customer after a ticket is solved.",
    )
    satisfaction_service_delay = fields.Integer(
        string="Days After Solving",
        default=1,
        help="The service survey goes out this many days after the ticket is solved; "
        "0 stops sending it automatically.",
    )
    satisfaction_low_score_ticket = fields.Boolean(
        string="Ticket for Low Scores",
        default=True,
        help="A low score or a detractor also opens a feedback ticket with the answers.",
    )

    def _satisfaction_survey(self, satisfaction_type):
        if satisfaction_type == "service":
            return self.satisfaction_service_survey_id
        return super()._satisfaction_survey(satisfaction_type)

    @api.constrains("satisfaction_service_delay")
    def _check_satisfaction_service_delay(self):
        if any(company.satisfaction_service_delay < 0 for company in self):
            raise ValidationError(self.env._("A number of days cannot be negative."))
