from odoo import fields, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _customer_health_tickets(self, today, rows):
        """Open tickets cost 10 points each, those past their SLA 25 more: one grouped query
        for the whole batch, on the tickets' own definition of open."""
        # sudo: the job scores every customer whoever runs it; only counts leave this method,
        # over the customer's tickets in every company, as the customer's score is one
        Ticket = self.env["crm.feedback.ticket"].sudo()
        query = Ticket._search([("commercial_partner_id", "in", self.ids), *Ticket._domain_open()])
        query.groupby = SQL.identifier("crm_feedback_ticket", "commercial_partner_id")
        found = self.env.execute_query(
            query.select(
                SQL.identifier("crm_feedback_ticket", "commercial_partner_id"),
                SQL("count(*)"),
                # past their SLA, as _domain_overdue says
                SQL(
                    "count(*) FILTER (WHERE %s <= %s)",
                    SQL.identifier("crm_feedback_ticket", "sla_deadline"),
                    fields.Datetime.now(),
                ),
            )
        )
        return {
            partner_id: (
                max(0, 100 - 10 * open_count - 25 * overdue),
                {"open": open_count, "overdue": overdue},
            )
            for partner_id, open_count, overdue in found
        }

    def _customer_health_reason_tickets(self, params):
        if params.get("overdue"):
            return self.env._(
                "Open tickets: %(open)s, past their SLA: %(overdue)s",
                open=params["open"],
                overdue=params["overdue"],
            )
        return self.env._("Open tickets: %(open)s", open=params.get("open", 0))
