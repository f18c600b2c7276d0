def migrate(cr, version):
    """Item lines record the answer itself: the choice (its label in every language) or the
    value on the scale, read back from the survey answer each line was scored from."""
    cr.execute(
        """
        WITH positions AS (
            SELECT id, row_number() OVER (
                       PARTITION BY question_id ORDER BY sequence, id) AS position
              FROM survey_question_answer
             WHERE question_id IS NOT NULL
        )
        UPDATE crm_satisfaction_response_line line
           SET answer_id = given.suggested_answer_id,
               answer_value = COALESCE(positions.position, given.value_scale),
               answer_label = COALESCE(choice.value, line.answer_label)
          FROM crm_satisfaction_response response
          JOIN survey_user_input_line given ON given.user_input_id = response.user_input_id
          LEFT JOIN survey_question_answer choice ON choice.id = given.suggested_answer_id
          LEFT JOIN positions ON positions.id = given.suggested_answer_id
         WHERE response.id = line.response_id
           AND given.question_id = line.question_id
           AND NOT given.skipped
        """
    )
