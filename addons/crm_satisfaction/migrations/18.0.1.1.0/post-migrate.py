def migrate(cr, version):
    """Satisfaction templates take one answer per invitation and are never certifications:
    the templates' settings, each invitation's own invite token (attempts are counted per
    token), and no satisfaction answer counted as a passed certification any more."""
    cr.execute(
        """
        UPDATE survey_survey
           SET is_attempts_limited = true, attempts_limit = 1, certification = false,
               scoring_type = 'no_scoring'
         WHERE satisfaction_type IS NOT NULL
        """
    )
    cr.execute(
        """
        UPDATE survey_user_input u SET invite_token = gen_random_uuid()::text
          FROM crm_satisfaction_invitation i
         WHERE i.user_input_id = u.id AND u.invite_token IS NULL
        """
    )
    cr.execute(
        """
        UPDATE survey_user_input SET scoring_success = false
         WHERE scoring_success
           AND survey_id IN (SELECT id FROM survey_survey WHERE satisfaction_type IS NOT NULL)
        """
    )
    cr.execute(
        """
        UPDATE crm_satisfaction_invitation i
           SET state = 'cancelled', skip_reason = 'survey_closed'
          FROM survey_survey s
         WHERE s.id = i.survey_id AND NOT s.active AND i.state IN ('sent', 'reminded')
        """
    )
