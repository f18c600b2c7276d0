from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_satisfaction.models.crm_satisfaction_invitation import LATE_SEND_DAYS


class CrmSatisfactionInvitation(models.Model):
    _inherit = "crm.satisfaction.invitation"

    ticket_id = fields.Many2one("crm.feedback.ticket", index="btree_not_null", ondelete="set null")

    @api.model
    def _selection_source_ref(self):
        return [*super()._selection_source_ref(), ("crm.feedback.ticket", self.env._("Ticket"))]

    @api.model
    def _due_sources(self):
        """Tickets solved the company's delay ago, not yet surveyed."""
        sources = super()._due_sources()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT t.id
                  FROM crm_feedback_ticket t
                  JOIN res_company c ON c.id = t.company_id
                 WHERE t.stage_type IN ('solved', 'closed')
                   AND t.partner_id IS NOT NULL
                   -- a closed survey's documents wait off the work list until it reopens
                   AND EXISTS (SELECT 1 FROM survey_survey s
                                WHERE s.id = c.satisfaction_service_survey_id AND s.active)
                   AND c.satisfaction_service_delay > 0
                   AND t.solved_date < %(now)s - make_interval(days => c.satisfaction_service_delay)
                   AND t.solved_date >= %(now)s
                       - make_interval(days => c.satisfaction_service_delay + %(late)s)
                   AND NOT EXISTS (
                        SELECT 1 FROM crm_satisfaction_invitation i
                         WHERE i.survey_id = c.satisfaction_service_survey_id
                           AND i.source_ref = 'crm.feedback.ticket,' || t.id
                   )
                 ORDER BY t.id
                """,
                now=fields.Datetime.now(),
                late=LATE_SEND_DAYS,
            )
        )
        return sources + [("crm.feedback.ticket", ticket_id) for (ticket_id,) in rows]
