from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import FeedbackCase


@tagged("post_install", "-at_install")
class TestFeedbackTicket(FeedbackCase):
    def test_number_and_round_robin(self):
        tickets = self.Ticket.create(
            [
                {"name": f"T{i}", "partner_id": self.customer.id, "team_id": self.team.id}
                for i in range(4)
            ]
        )
        self.assertTrue(all(t.number.startswith("FB") for t in tickets))
        self.assertEqual(len(set(tickets.mapped("number"))), 4)
        self.assertEqual(
            tickets.mapped("user_id").ids, (self.agent_1 | self.agent_2).ids, "both take turns"
        )
        self.assertNotEqual(tickets[0].user_id, tickets[1].user_id)
        self.assertEqual(tickets[0].user_id, tickets[2].user_id)
        self.assertIn(self.customer, tickets[0].message_partner_ids)

    def test_customer_follows_with_public_subtypes(self):
        # with mail features on, as in the web client
        ticket = self.Ticket.with_context(tracking_disable=False).create(
            {"name": "Slow", "team_id": self.team.id, "partner_id": self.customer.id,
             "contact_id": self.contact.id}
        )  # fmt: skip
        follower = ticket.message_follower_ids.filtered(lambda f: f.partner_id == self.contact)
        self.assertTrue(follower, "the contact follows their ticket")
        self.assertIn(self.env.ref("mail.mt_comment"), follower.subtype_ids)
        self.assertFalse(follower.subtype_ids.filtered("internal"), "never internal notes")
        ticket.write({"partner_id": self.customer_2.id, "contact_id": False})
        self.assertIn(self.customer_2, ticket.message_partner_ids, "a new customer follows too")
        self.customer.active = False
        archived = self._ticket(partner_id=self.customer.id)
        self.assertNotIn(self.customer, archived.message_partner_ids)

    def test_least_open_assignment_and_manual(self):
        self.team.assignment_mode = "least_open"
        self._ticket(user_id=self.agent_1.id)
        self._ticket(user_id=self.agent_1.id)
        new = self.Ticket.create([{"name": f"N{i}", "team_id": self.team.id} for i in range(3)])
        self.assertEqual(new[:2].user_id, self.agent_2, "agent 2 had fewer open tickets")
        self.assertEqual(new[2].user_id, self.agent_1, "then both have two")
        self.team.assignment_mode = "manual"
        self.assertFalse(self._ticket().user_id)

    def test_stage_dates_and_reopen(self):
        ticket = self._ticket()
        ticket.action_solve()
        self.assertTrue(ticket.solved_date)
        ticket.action_close()
        self.assertTrue(ticket.is_closed and ticket.closed_date)
        ticket.action_reopen()
        self.assertEqual(ticket.reopen_count, 1)
        self.assertFalse(ticket.closed_date)
        self.assertEqual(ticket.reopen_rate, 100)
        ticket.action_close()
        self.assertGreaterEqual(ticket.resolution_hours, 0)

    def test_customer_reply_moves_waiting_ticket_back(self):
        ticket = self._ticket(contact_id=self.contact.id)
        ticket.action_wait_customer()
        self.assertEqual(ticket.stage_type, "waiting")
        ticket.with_context(mail_create_nosubscribe=True).message_post(
            body="Here are the logs",
            author_id=self.contact.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(ticket.stage_type, "progress")

    def test_auto_close_warns_then_closes_once(self):
        ticket = self._ticket(contact_id=self.contact.id)
        with freeze_time(fields.Datetime.now() - timedelta(days=10)):
            ticket.action_wait_customer()
        self.team.auto_close_days = 7
        self.assertEqual(self.Ticket._cron_auto_close(), (1, 0), "a warning first")
        self.assertTrue(ticket.auto_close_warning_date)
        self.assertIn("waiting for your answer", ticket.message_ids[0].subject or "")
        self.assertEqual(self.Ticket._cron_auto_close(), (0, 0), "the customer gets two days")
        with freeze_time(fields.Datetime.now() + timedelta(days=2, minutes=1)):
            self.assertEqual(self.Ticket._cron_auto_close(), (0, 1))
            self.assertEqual(self.Ticket._cron_auto_close(), (0, 0))
        self.assertTrue(ticket.is_closed)
        fresh = self._ticket()
        fresh.action_wait_customer()
        self.assertEqual(self.Ticket._cron_auto_close(), (0, 0))

    def test_merge_keeps_both_conversations(self):
        phone = self._ticket(channel="phone")
        email = self._ticket(channel="email", contact_id=self.contact.id)
        phone.message_post(body="Called about the report", subtype_xmlid="mail.mt_note")
        email.message_post(body="E-mailed the same problem", subtype_xmlid="mail.mt_note")
        attachment = self.env["ir.attachment"].create(
            {"name": "log.txt", "raw": b"error", "res_model": email._name, "res_id": email.id}
        )
        wizard = Form(
            self.env["crm.feedback.ticket.merge"].with_context(
                active_model=phone._name, active_ids=(phone | email).ids
            )
        ).save()
        self.assertEqual(wizard.target_id, phone)
        wizard.action_merge()
        bodies = " ".join(phone.message_ids.mapped("body"))
        self.assertIn("Called about the report", bodies)
        self.assertIn("E-mailed the same problem", bodies)
        self.assertEqual(attachment.res_id, phone.id)
        self.assertFalse(email.active)
        self.assertEqual(email.merged_into_id, phone)
        self.assertIn(self.contact, phone.message_partner_ids)
        other = self._ticket(partner_id=self.customer_2.id)
        with self.assertRaises(UserError):
            self.env["crm.feedback.ticket.merge"].create(
                {"ticket_ids": [(6, 0, (phone | other).ids)], "target_id": phone.id}
            ).action_merge()

    def test_html_description_is_sanitized(self):
        ticket = self._ticket(description='<p>ok</p><script>alert("x")</script>')
        self.assertNotIn("<script", ticket.description)

    def test_partner_and_quotation_warning(self):
        self._ticket(priority="3")
        self._ticket(priority="0")
        self.assertEqual(self.contact.feedback_open_count, 2)
        self.assertEqual(self.customer.feedback_urgent_count, 1)
        summary = dict(self.customer._get_customer_360_summary())
        self.assertEqual(summary["Open Tickets"], 2)
        order = self.env["sale.order"].create({"partner_id": self.contact.id})
        self.assertEqual(order.feedback_urgent_count, 1)
        action = order.action_view_feedback_tickets()
        self.assertEqual(self.Ticket.search_count(action["domain"]), 2)
        self.assertEqual(
            self.env["sale.order"].create({"partner_id": self.customer_2.id}).feedback_urgent_count,
            0,
        )

    def test_staff_view(self):
        self._ticket(user_id=self.agent_1.id)
        solved = self._ticket(user_id=self.agent_1.id)
        solved.action_solve()
        self.env.flush_all()
        staff = self.env["crm.feedback.staff"].search(
            [("team_id", "=", self.team.id), ("user_id", "=", self.agent_1.id)]
        )
        self.assertEqual((staff.open_count, staff.solved_count), (1, 1))
