import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_customer_core.models.cron_batches import cron_batches, run_isolated
from odoo.addons.crm_customer_core.models.recipient_language import in_recipient_language

_logger = logging.getLogger(__name__)

ESCALATION_BATCH = 1000
CRON_CHUNK = 20000


class CrmFeedbackTicket(models.Model):
    """A ticket's scheduled actions: SLA escalation and closing tickets left waiting."""

    _inherit = "crm.feedback.ticket"

    # ------------------------------------------------------------------ scheduled actions
    @api.model
    def _cron_sla_escalation(self, batch_size=ESCALATION_BATCH):
        """Escalate open tickets at risk or past their deadline once per deadline and level:
        an activity for the team leader, a note on the ticket and one summary message to the
        team's followers."""
        now = fields.Datetime.now()
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                """
            SELECT id, CASE WHEN sla_deadline <= %(now)s THEN 'breached' ELSE 'at_risk' END
              FROM crm_feedback_ticket
             WHERE is_closed IS NOT TRUE AND sla_risk_date IS NOT NULL
               AND sla_risk_date <= %(now)s AND active
               AND (sla_escalation_deadline IS DISTINCT FROM sla_deadline
                    OR (sla_escalation = 'at_risk' AND sla_deadline <= %(now)s))
             ORDER BY id
            """,
                now=now,
            )
        )
        done = 0
        for batch in cron_batches(self.env, rows, batch_size, CRON_CHUNK):
            levels = dict(batch)
            done += len(
                run_isolated(
                    self.browse(list(levels)),
                    lambda tickets, levels=levels: tickets._escalate(levels),
                    _logger,
                    "SLA escalation",
                )
            )
        return done

    def _escalate(self, levels):
        activity_type = self.env.ref("crm_feedback.mail_activity_type_sla_escalation")
        model_id = self.env["ir.model"]._get_id(self._name)
        labels = dict(self._fields["sla_status"]._description_selection(self.env))
        escalated = self.filtered(lambda t: t.team_id.leader_id or t.user_id)
        vals_list = []
        for tickets in in_recipient_language(
            escalated, lambda ticket: ticket.team_id.leader_id or ticket.user_id
        ):
            env = tickets.env
            status_labels = dict(self._fields["sla_status"]._description_selection(env))
            vals_list += [
                {
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "activity_type_id": activity_type.id,
                    "user_id": (ticket.team_id.leader_id or ticket.user_id).id,
                    "summary": env._(
                        "SLA %(status)s: %(ticket)s",
                        status=status_labels[levels[ticket.id]],
                        ticket=ticket.display_name,
                    ),
                    "date_deadline": fields.Date.context_today(self),
                }
                for ticket in tickets
            ]
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        note = Markup(self.env._("SLA escalated: <b>%(status)s</b>, deadline %(deadline)s."))
        self._message_log_batch(
            {
                ticket.id: note
                % {"status": labels[levels[ticket.id]], "deadline": ticket.sla_deadline}
                for ticket in self
            }
        )
        for level in ("at_risk", "breached"):
            tickets = self.filtered(lambda t, level=level: levels[t.id] == level)
            if tickets:
                # one statement per level: the escalation remembers the deadline it was for
                self.env.execute_query(
                    SQL(
                        "UPDATE crm_feedback_ticket SET sla_escalation = %s, "
                        "sla_escalation_deadline = sla_deadline WHERE id IN %s",
                        level,
                        tuple(tickets.ids),
                    )
                )
        self.invalidate_recordset(["sla_escalation", "sla_escalation_deadline"])
        for team, tickets in self.grouped("team_id").items():
            if team:
                team.message_post(
                    body=self.env._(
                        "%(count)s tickets escalated by the SLA: %(numbers)s",
                        count=len(tickets),
                        numbers=", ".join(tickets[:20].mapped("number")),
                    ),
                    subtype_xmlid="mail.mt_comment",
                )

    @api.model
    def _cron_auto_close(self):
        """Tickets waiting for the customer: a warning two days before the team's delay, then
        closing, at least two days after the warning. Each step selects only what is still to
        do, so reruns repeat nothing."""
        now = fields.Datetime.now()
        waiting = self.search([("stage_type", "=", "waiting"), ("team_id.auto_close_days", ">", 0)])

        def notice(ticket):
            return timedelta(days=min(2, ticket.team_id.auto_close_days))

        warn = waiting.filtered(
            lambda t: (
                not t.auto_close_warning_date
                and t.waiting_since
                and t.waiting_since <= now - timedelta(days=t.team_id.auto_close_days) + notice(t)
            )
        )
        if warn:
            template = self.env.ref("crm_feedback.mail_template_ticket_auto_close_warning")
            for ticket in warn:
                ticket.message_post_with_source(
                    template, message_type="comment", subtype_xmlid="mail.mt_comment"
                )
            warn.auto_close_warning_date = now
        close = (waiting - warn).filtered(
            lambda t: (
                t.auto_close_warning_date
                and t.auto_close_warning_date <= now - notice(t)
                and t.waiting_since <= now - timedelta(days=t.team_id.auto_close_days)
            )
        )
        if close:
            close._move_to("closed")
            close._message_log_batch(
                dict.fromkeys(
                    close.ids,
                    self.env._("Closed automatically: no answer from the customer."),
                )
            )
        return len(warn), len(close)
