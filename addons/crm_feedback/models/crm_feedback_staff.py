from datetime import timedelta

from odoo import fields, models, tools
from odoo.tools import SQL


class CrmFeedbackStaff(models.Model):
    """Each team member's load (反馈人员): open, overdue and solved tickets, read live.

    A query rather than a view: its figures take "now" from Odoo (frozen-time tests and every
    screen agree) and count with the tickets' own domains, so the team card, the ticket
    filters and this list share one definition of *open* and *overdue*.
    """

    _name = "crm.feedback.staff"
    _description = "Feedback Staff"
    _auto = False
    _order = "team_id, user_id"
    _depends = {
        "crm.feedback.ticket": [
            "active",
            "team_id",
            "user_id",
            "is_closed",
            "stage_type",
            "sla_deadline",
            "solved_date",
        ],
        "crm.feedback.team": ["company_id", "member_ids"],
    }

    SOLVED_DAYS = 30

    team_id = fields.Many2one("crm.feedback.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Member", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    open_count = fields.Integer(string="Open", readonly=True)
    overdue_count = fields.Integer(string="Overdue", readonly=True)
    solved_count = fields.Integer(string="Solved (30 days)", readonly=True)

    @property
    def _table_query(self):
        Ticket = self.env["crm.feedback.ticket"]
        solved_since = fields.Datetime.now() - timedelta(days=self.SOLVED_DAYS)
        return SQL(
            """
            SELECT row_number() OVER (ORDER BY m.team_id, m.user_id) AS id,
                   m.team_id, m.user_id, tm.company_id,
                   count(%(ticket)s.id) FILTER (WHERE %(open)s) AS open_count,
                   count(%(ticket)s.id) FILTER (WHERE %(overdue)s) AS overdue_count,
                   count(%(ticket)s.id) FILTER (WHERE %(solved)s) AS solved_count
              FROM crm_feedback_team_member_rel m
              JOIN crm_feedback_team tm ON tm.id = m.team_id
         LEFT JOIN %(ticket)s ON %(ticket)s.user_id = m.user_id
                             AND %(ticket)s.team_id = m.team_id
                             AND %(ticket)s.active
          GROUP BY m.team_id, m.user_id, tm.company_id
            """,
            ticket=SQL.identifier(Ticket._table),
            open=self._ticket_condition(Ticket._domain_open()),
            overdue=self._ticket_condition(Ticket._domain_overdue()),
            solved=self._ticket_condition([("solved_date", ">=", solved_since)]),
        )

    def init(self):
        # 18.0.1.2 and older kept these figures in a view of the same name
        tools.drop_view_if_exists(self.env.cr, self._table)

    def _ticket_condition(self, domain):
        """``domain`` on tickets as a condition on the joined ticket table (no joins allowed:
        the domains counted here read the ticket's own stored columns)."""
        query = self.env["crm.feedback.ticket"].with_context(active_test=False)._where_calc(domain)
        assert not query._joins, f"domain {domain} needs a join, not usable in the staff list"
        return query.where_clause
