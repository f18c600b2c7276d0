from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .sla_calendar import HORIZON_DAYS, SHORT_HORIZON_DAYS, add_working_hours, work_intervals

AT_RISK_SHARE = 0.75  # a ticket is at risk once 75% of its working hours are spent


class CrmFeedbackTicket(models.Model):
    """A ticket's SLA: the policy that applies, its deadlines in working hours, the status."""

    _inherit = "crm.feedback.ticket"

    # SLA
    sla_id = fields.Many2one(
        "crm.feedback.sla", string="SLA Policy", compute="_compute_sla_id", store=True
    )
    sla_first_response_deadline = fields.Datetime(
        string="First Response Due", compute="_compute_sla_dates", store=True
    )
    sla_first_response_risk = fields.Datetime(
        string="First Response At Risk From", compute="_compute_sla_dates", store=True
    )
    sla_resolution_deadline = fields.Datetime(
        string="Resolution Due", compute="_compute_sla_dates", store=True
    )
    sla_resolution_risk = fields.Datetime(
        string="Resolution At Risk From", compute="_compute_sla_dates", store=True
    )
    sla_deadline = fields.Datetime(
        string="Next SLA Deadline", compute="_compute_sla_next", store=True, index=True
    )
    sla_risk_date = fields.Datetime(
        string="At Risk From", compute="_compute_sla_next", store=True, index=True
    )
    sla_status = fields.Selection(
        [
            ("none", "No SLA"),
            ("on_track", "On Track"),
            ("at_risk", "At Risk"),
            ("breached", "Breached"),
            ("met", "Met"),
        ],
        string="SLA Status",
        compute="_compute_sla_status",
        search="_search_sla_status",
    )
    sla_escalation = fields.Selection(
        [("at_risk", "At Risk"), ("breached", "Breached")],
        string="SLA Escalation",
        readonly=True,
        copy=False,
    )
    sla_escalation_deadline = fields.Datetime(
        string="Escalated Deadline", readonly=True, copy=False
    )

    @api.depends("team_id", "priority", "category_id")
    def _compute_sla_id(self):
        policies = self.env["crm.feedback.sla"].search([("team_id", "in", self.team_id.ids)])
        # the categories a policy covers, sub-categories included: one search per policy
        covers = {
            sla: set(
                self.env["crm.feedback.category"]
                .search([("id", "child_of", sla.category_ids.ids)])
                .ids
            )
            for sla in policies
            if sla.category_ids
        }
        for ticket in self:
            ticket.sla_id = next(
                (
                    sla
                    for sla in policies
                    if sla.team_id == ticket.team_id and ticket._sla_matches(sla, covers)
                ),
                False,
            )

    def _sla_matches(self, sla, covers):
        """Whether ``sla`` applies to this ticket; the bridge with licenses extends it."""
        if sla.priority and int(self.priority or 0) < int(sla.priority):
            return False
        return not sla.category_ids or self.category_id.id in covers[sla]

    @api.depends("sla_id", "date_received", "team_id.resource_calendar_id")
    def _compute_sla_dates(self):
        """Deadlines in the team's working hours; one calendar walk per team and batch."""
        makeup = None
        for team, tickets in self.grouped("team_id").items():
            timed = tickets.filtered(lambda t: t.sla_id and t.date_received)
            (tickets - timed).update(
                {
                    "sla_first_response_deadline": False,
                    "sla_first_response_risk": False,
                    "sla_resolution_deadline": False,
                    "sla_resolution_risk": False,
                }
            )
            if not timed:
                continue
            if makeup is None:
                makeup = self.env["crm.feedback.workday"].search([]).mapped("date")
            start = min(timed.mapped("date_received"))
            # a short window first (the usual case), the long one when a deadline lies beyond
            for days in (SHORT_HORIZON_DAYS, HORIZON_DAYS):
                end = max(timed.mapped("date_received")) + timedelta(days=days)
                intervals = work_intervals(
                    team.resource_calendar_id,
                    start,
                    end,
                    [day for day in makeup if start.date() <= day <= end.date()],
                )
                for ticket in timed:
                    received, sla = ticket.date_received, ticket.sla_id
                    ticket.sla_first_response_deadline = add_working_hours(
                        intervals, received, sla.hours_first_response
                    )
                    ticket.sla_first_response_risk = add_working_hours(
                        intervals, received, sla.hours_first_response * AT_RISK_SHARE
                    )
                    ticket.sla_resolution_deadline = add_working_hours(
                        intervals, received, sla.hours_resolution
                    )
                    ticket.sla_resolution_risk = add_working_hours(
                        intervals, received, sla.hours_resolution * AT_RISK_SHARE
                    )
                if all(timed.mapped("sla_resolution_deadline")):
                    break

    @api.depends(
        "is_closed",
        "stage_type",
        "first_response_date",
        "sla_first_response_deadline",
        "sla_resolution_deadline",
    )
    def _compute_sla_next(self):
        for ticket in self:
            if ticket.is_closed or ticket.stage_type == "solved" or not ticket.sla_id:
                ticket.sla_deadline = ticket.sla_risk_date = False
            elif not ticket.first_response_date:
                ticket.sla_deadline = ticket.sla_first_response_deadline
                ticket.sla_risk_date = ticket.sla_first_response_risk
            else:
                ticket.sla_deadline = ticket.sla_resolution_deadline
                ticket.sla_risk_date = ticket.sla_resolution_risk

    @api.depends("sla_deadline", "sla_risk_date", "sla_success_rate", "sla_id")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            if not ticket.sla_id:
                ticket.sla_status = "none"
            elif not ticket.sla_deadline:
                ticket.sla_status = "met" if ticket.sla_success_rate == 100 else "breached"
            elif ticket.sla_deadline <= now:
                ticket.sla_status = "breached"
            elif ticket.sla_risk_date and ticket.sla_risk_date <= now:
                ticket.sla_status = "at_risk"
            else:
                ticket.sla_status = "on_track"

    def _search_sla_status(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(self.env._("Search the SLA status with '=' or 'in'."))
        values = [value] if operator == "=" else value
        now = fields.Datetime.now()
        domains = {
            "none": [("sla_id", "=", False)],
            "on_track": [("sla_deadline", ">", now), ("sla_risk_date", ">", now)],
            "at_risk": [("sla_deadline", ">", now), ("sla_risk_date", "<=", now)],
            "breached": [
                "|",
                ("sla_deadline", "<=", now),
                "&",
                ("sla_deadline", "=", False),
                ("sla_success_rate", "=", 0),
            ],
            "met": [("sla_deadline", "=", False), ("sla_success_rate", "=", 100)],
        }
        result = []
        for status in values:
            domain = domains.get(status, [("id", "=", False)])
            if status not in ("none",):
                domain = [("sla_id", "!=", False)] + domain
            result = ["|"] + result + domain if result else domain
        return result
