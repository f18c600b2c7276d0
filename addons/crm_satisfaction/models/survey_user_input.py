from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    # the invitation an answer belongs to: its salesperson and company decide who reads it
    satisfaction_invitation_ids = fields.One2many("crm.satisfaction.invitation", "user_input_id")

    def _compute_scoring_success(self):
        """An opinion is not an exam: Odoo counts every successful scored answer as a
        certification of the contact, so a satisfaction answer never succeeds."""
        result = super()._compute_scoring_success()
        for answer in self:
            if answer.survey_id.satisfaction_type:
                answer.scoring_success = False
        return result

    def _mark_done(self):
        result = super()._mark_done()
        satisfaction = self.filtered(
            lambda answer: answer.survey_id.satisfaction_type and not answer.test_entry
        )
        if satisfaction:
            # the customer answers as the public user through the survey's token (the
            # controller already works as sudo): the response is the company's record
            self.env["crm.satisfaction.response"].sudo()._create_from_user_inputs(satisfaction)
        return result
