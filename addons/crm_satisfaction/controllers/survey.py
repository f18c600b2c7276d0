from odoo.http import request

from odoo.addons.survey.controllers.main import Survey


class SatisfactionSurvey(Survey):
    def _check_validity(self, survey_token, answer_token, ensure_token=True, check_partner=True):
        """A satisfaction survey goes to the customer's company: any portal user of that company
        may answer it while logged in (Odoo's own check wants the very contact it went to)."""
        validity = super()._check_validity(
            survey_token, answer_token, ensure_token=ensure_token, check_partner=check_partner
        )
        if validity != "answer_wrong_user" or request.env.user._is_public():
            return validity
        survey_sudo, answer_sudo = self._fetch_from_access_token(survey_token, answer_token)
        user_company = request.env.user.partner_id.commercial_partner_id
        if (
            survey_sudo.satisfaction_type
            and answer_sudo.partner_id
            and answer_sudo.partner_id.commercial_partner_id == user_company
        ):
            return super()._check_validity(
                survey_token, answer_token, ensure_token=ensure_token, check_partner=False
            )
        return validity
