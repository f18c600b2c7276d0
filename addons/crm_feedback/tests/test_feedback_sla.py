from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.crm_customer_core.tests.scheduler import run_like_the_scheduler

from ..models import crm_feedback_ticket_cron as ticket_module
from .common import FeedbackCase


def utc(text):
    """A Beijing local time as the naive UTC datetime Odoo stores."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M") - timedelta(hours=8)


@tagged("post_install", "-at_install")
class TestFeedbackSla(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["crm.feedback.workday"]._cron_load_china_calendar(years=(2026,))

    def test_china_calendar_loaded(self):
        makeup = self.env["crm.feedback.workday"].search([]).mapped("date")
        self.assertIn(datetime(2026, 10, 10).date(), makeup)
        leaves = self.env["resource.calendar.leaves"].search(
            [("calendar_id", "=", self.calendar.id), ("resource_id", "=", False)]
        )
        self.assertEqual(len(leaves), 33)
        # National Day starts at midnight Beijing time
        self.assertIn(utc("2026-10-01 00:00"), leaves.mapped("date_from"))
        again = self.env["crm.feedback.workday"]._cron_load_china_calendar(years=(2026,))
        self.assertEqual(again, [2026])
        self.assertEqual(
            self.env["resource.calendar.leaves"].search_count(
                [("calendar_id", "=", self.calendar.id), ("resource_id", "=", False)]
            ),
            len(leaves),
            "a second load adds nothing",
        )
        self.assertEqual(
            self.env["crm.feedback.workday"]._cron_load_china_calendar(years=(2099,)), []
        )

    def test_deadlines_skip_holidays_and_use_makeup_days(self):
        self.sla.hours_resolution = 24
        ticket = self._ticket(date_received=utc("2026-09-30 17:00"))
        self.assertEqual(ticket.sla_id, self.sla)
        # 1 h on Sep 30, National Day Oct 1-7 off, 3 h on Oct 8
        self.assertEqual(ticket.sla_first_response_deadline, utc("2026-10-08 12:00"))
        # 1 h + 8 h (Oct 8) + 8 h (Oct 9) + 7 h on the make-up Saturday Oct 10
        self.assertEqual(ticket.sla_resolution_deadline, utc("2026-10-10 17:00"))
        self.assertEqual(ticket.sla_deadline, ticket.sla_first_response_deadline)
        # 75 % of 4 h = 3 h: 1 h on Sep 30, 2 h on Oct 8
        self.assertEqual(ticket.sla_risk_date, utc("2026-10-08 11:00"))

    def test_policy_matching_by_priority_and_category(self):
        parent = self.env["crm.feedback.category"].create({"name": "Software"})
        child = self.env["crm.feedback.category"].create({"name": "Bug", "parent_id": parent.id})
        urgent = self.env["crm.feedback.sla"].create(
            {
                "name": "Urgent software",
                "team_id": self.team.id,
                "sequence": 1,
                "priority": "2",
                "category_ids": [(6, 0, parent.ids)],
                "hours_first_response": 1,
                "hours_resolution": 4,
            }
        )
        self.assertEqual(self._ticket(priority="3", category_id=child.id).sla_id, urgent)
        self.assertEqual(self._ticket(priority="1", category_id=child.id).sla_id, self.sla)
        ticket = self._ticket(priority="3")
        self.assertEqual(ticket.sla_id, self.sla)
        ticket.category_id = parent
        self.assertEqual(ticket.sla_id, urgent, "the policy follows the ticket")
        self.assertFalse(self._ticket(team_id=False).sla_id)
        with self.assertRaises(ValidationError):
            urgent.hours_first_response = 0
        with self.assertRaises(ValidationError):
            urgent.hours_first_response = 10

    def test_status_first_response_and_met(self):
        ticket = self._ticket(date_received=utc("2026-11-23 09:00"))  # a Monday
        with freeze_time(utc("2026-11-23 10:00")):
            self.assertEqual(ticket.sla_status, "on_track")
            self.assertIn(ticket, self.Ticket.search([("sla_status", "=", "on_track")]))
        with freeze_time(utc("2026-11-23 12:30")):
            ticket.invalidate_recordset(["sla_status"])
            self.assertEqual(ticket.sla_status, "at_risk")
            self.assertIn(ticket, self.Ticket.search([("sla_status", "=", "at_risk")]))
        with freeze_time(utc("2026-11-23 14:30")):
            ticket.invalidate_recordset(["sla_status"])
            self.assertEqual(ticket.sla_status, "breached")
            self.assertIn(ticket, self.Ticket.search([("sla_status", "in", ["breached"])]))
            ticket.with_user(self.agent_1).message_post(
                body="We are on it", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        self.assertEqual(ticket.first_response_date, utc("2026-11-23 14:30"))
        self.assertEqual(ticket.sla_deadline, ticket.sla_resolution_deadline)
        with freeze_time(utc("2026-11-24 10:00")):
            ticket.action_solve()
        self.assertFalse(ticket.sla_deadline)
        self.assertEqual(ticket.sla_success_rate, 0.0, "the first response came late")
        self.assertEqual(ticket.sla_status, "breached")

    def test_internal_note_is_not_a_response(self):
        ticket = self._ticket()
        ticket.with_user(self.agent_1).message_post(body="checking", subtype_xmlid="mail.mt_note")
        self.assertFalse(ticket.first_response_date)

    def test_escalation_once_per_level(self):
        ticket = self._ticket(date_received=utc("2026-11-23 09:00"))
        Ticket = self.Ticket
        with freeze_time(utc("2026-11-23 12:30")):
            self.assertEqual(Ticket._cron_sla_escalation(), 1)
            self.assertEqual(Ticket._cron_sla_escalation(), 0)
        self.assertEqual(ticket.sla_escalation, "at_risk")
        self.assertEqual(ticket.activity_ids.user_id, self.leader)
        with freeze_time(utc("2026-11-23 14:00")):
            self.assertEqual(Ticket._cron_sla_escalation(), 1)
            self.assertEqual(Ticket._cron_sla_escalation(), 0)
        self.assertEqual(ticket.sla_escalation, "breached")
        self.assertEqual(len(ticket.activity_ids), 2)
        self.assertIn("escalated", self.team.message_ids[0].body)
        # the first response starts the resolution deadline: a new escalation cycle
        ticket.first_response_date = utc("2026-11-23 14:00")
        with freeze_time(utc("2026-11-23 15:00")):
            self.assertEqual(Ticket._cron_sla_escalation(), 0)

    def test_escalation_query_count_does_not_grow(self):
        def run_with(count):
            tickets = self.Ticket.create(
                [
                    {
                        "name": f"Batch {i}",
                        "partner_id": self.customer.id,
                        "team_id": self.team.id,
                        "date_received": utc("2026-11-23 09:00"),
                    }
                    for i in range(count)
                ]
            )
            self.env.flush_all()
            with freeze_time(utc("2026-11-23 12:30")):
                before = self.cr.sql_log_count
                self.Ticket._cron_sla_escalation()
                self.env.flush_all()
                queries = self.cr.sql_log_count - before
            tickets.action_close()
            return queries

        run_with(2)
        queries = run_with(4)
        self.assertGreater(queries, 3)
        self.assertEqual(queries, run_with(16))

    def test_escalation_is_chunked_and_resumes(self):
        self.Ticket.create(
            [
                {
                    "name": f"Chunk {i}",
                    "partner_id": self.customer.id,
                    "team_id": self.team.id,
                    "date_received": utc("2026-11-23 09:00"),
                }
                for i in range(5)
            ]
        )
        cron = self.env.ref("crm_feedback.ir_cron_sla_escalation")
        escalated = []
        original = type(self.Ticket)._escalate

        def counting_escalate(tickets, levels):
            escalated.extend(tickets.ids)
            return original(tickets, levels)

        def escalate(env):
            env["crm.feedback.ticket"]._cron_sla_escalation(batch_size=1)

        with (
            freeze_time(utc("2026-11-23 12:30")),
            patch.object(ticket_module, "CRON_CHUNK", 2),
            patch.object(type(self.Ticket), "_escalate", counting_escalate),
        ):
            self.assertGreaterEqual(run_like_the_scheduler(cron, escalate), 3, "5 in chunks of 2")
            self.assertGreaterEqual(len(escalated), 5)
            self.assertEqual(len(escalated), len(set(escalated)), "each ticket once")
            self.assertEqual(run_like_the_scheduler(cron, escalate), 1)
            self.assertEqual(self.Ticket._cron_sla_escalation(), 0, "nothing twice")
