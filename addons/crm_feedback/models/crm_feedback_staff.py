from odoo import fields, models, tools


class CrmFeedbackStaff(models.Model):
    """Each team member's load (反馈人员): open, overdue and solved tickets, read live."""

    _name = "crm.feedback.staff"
    _description = "Feedback Staff"
    _auto = False
    _order = "team_id, user_id"

    team_id = fields.Many2one("crm.feedback.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Member", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    open_count = fields.Integer(string="Open", readonly=True)
    overdue_count = fields.Integer(string="Overdue", readonly=True)
    solved_count = fields.Integer(string="Solved (30 days)", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                SELECT row_number() OVER () AS id, m.team_id, m.user_id, tm.company_id,
                       count(t.id) FILTER (WHERE t.is_closed IS NOT TRUE
                                             AND t.stage_type IS DISTINCT FROM 'solved')
                           AS open_count,
                       count(t.id) FILTER (WHERE t.is_closed IS NOT TRUE
                                             AND t.sla_deadline <= now() at time zone 'UTC')
                           AS overdue_count,
                       count(t.id) FILTER (WHERE t.solved_date >= now() at time zone 'UTC'
                                                 - interval '30 days')
                           AS solved_count
                  FROM crm_feedback_team_member_rel m
                  JOIN crm_feedback_team tm ON tm.id = m.team_id
             LEFT JOIN crm_feedback_ticket t ON t.user_id = m.user_id AND t.team_id = m.team_id
                                            AND t.active
              GROUP BY m.team_id, m.user_id, tm.company_id
            )
            """
        )
