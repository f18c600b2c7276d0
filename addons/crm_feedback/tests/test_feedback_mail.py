from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.crm_customer_core.tests.scheduler import run_like_the_scheduler

from ..models import crm_feedback_ticket_mail as ticket_module
from .common import FeedbackCase

EMAIL = """Return-Path: <{sender}>
To: {to}
From: {from_header}
Subject: {subject}
Message-ID: {msg_id}
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

{body}
"""


@tagged("post_install", "-at_install")
class TestFeedbackMail(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        domain = cls.env["mail.alias.domain"].create({"name": "fb-test.example.com"})
        cls.team.alias_id.alias_domain_id = domain
        cls.alias = cls.team.alias_email
        cls.counter = 0

    def _process(self, subject, sender="lina@fbcustomer.example.com", extra="", body="Help",
                 from_header=None, in_reply_to=None, env=None):  # fmt: skip
        type(self).counter += 1
        if in_reply_to:
            extra += f"In-Reply-To: {in_reply_to}\nReferences: {in_reply_to}\n"
        message = EMAIL.format(
            sender=sender or "nobody@nowhere",
            to=self.alias,
            from_header=from_header if from_header is not None else f"Li Na <{sender}>",
            subject=subject,
            msg_id=f"<fb-test-{self.counter}@example.com>",
            extra=extra,
            body=body,
        )
        (env or self.env)["mail.thread"].sudo().message_process(None, message)
        # the follow-up job the gateway triggers: it sends the acknowledgements
        self.Ticket._cron_send_acknowledgements()
        return self.Ticket.with_context(active_test=False).search([("name", "=", subject)])

    def test_new_ticket_from_known_sender_and_reply_threads(self):
        ticket = self._process("Report is broken")
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.channel, "email")
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.partner_id, self.customer)
        self.assertEqual(ticket.contact_id, self.contact)
        self.assertIn("Help", ticket.description)
        self.assertTrue(ticket.user_id, "assigned by the team")
        ack = self.env["mail.mail"].search(
            [("model", "=", ticket._name), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(len(ack), 1)
        self.assertIn(ticket.number, ack.subject)
        self.assertIn("auto-replied", ack.headers)
        ticket.action_wait_customer()
        first_id = ticket.message_ids.filtered(lambda m: m.message_type == "email")[0].message_id
        self._process("Re: Report is broken", in_reply_to=first_id, body="Here is the log")
        self.assertFalse(self.Ticket.search([("name", "=", "Re: Report is broken")]))
        self.assertIn("Here is the log", " ".join(ticket.message_ids.mapped("body")))
        self.assertEqual(ticket.stage_type, "progress", "the reply moves it back to work")

    def test_acknowledgement_goes_out_with_the_follow_up_job_once(self):
        cron = self.env.ref("crm_feedback.ir_cron_acknowledge")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        message = EMAIL.format(
            sender="lina@fbcustomer.example.com",
            to=self.alias,
            from_header="Li Na <lina@fbcustomer.example.com>",
            subject="Export is slow",
            msg_id="<fb-test-deferred@example.com>",
            extra="",
            body="Help",
        )
        self.env["mail.thread"].sudo().message_process(None, message)
        ticket = self.Ticket.search([("name", "=", "Export is slow")])
        self.assertTrue(ticket.acknowledge_pending)
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers,
            "the job is triggered at once",
        )
        self.assertEqual(self.Ticket._cron_send_acknowledgements(), 1)
        self.assertEqual(self.Ticket._cron_send_acknowledgements(), 0, "never twice")
        acks = self.env["mail.mail"].search(
            [("model", "=", ticket._name), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(len(acks), 1)
        self.assertFalse(ticket.acknowledge_pending)

    def test_unknown_sender_gets_a_contact(self):
        # with mail features on, as the gateway runs
        ticket = self._process(
            "Where is my invoice", sender="new.person@unknown.example.com", env=self.env(context={})
        )
        contact = ticket.contact_id
        self.assertEqual(contact.email, "new.person@unknown.example.com")
        self.assertIn(contact, ticket.message_partner_ids, "follows their ticket")
        incoming = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(incoming.author_id, contact, "the e-mail is the new contact's")
        self.assertFalse(
            incoming.notification_ids.filtered(lambda n: n.res_partner_id == contact),
            "nobody is sent their own e-mail back",
        )

    def test_new_ticket_tells_the_assignee_once_and_team_followers_who_ask(self):
        mail_env = self.env(context={})
        self.team.with_env(mail_env).message_subscribe(
            partner_ids=self.leader.partner_id.ids,
            subtype_ids=self.env.ref("crm_feedback.mt_team_ticket_new").ids,
        )
        ticket = self._process("Printer jams", env=mail_env)
        incoming = ticket.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(incoming.subtype_id, self.env.ref("crm_feedback.mt_ticket_new"))
        notified = incoming.notification_ids.res_partner_id
        self.assertIn(self.leader.partner_id, notified, "the team follower asked for new tickets")
        self.assertNotIn(ticket.user_id.partner_id, notified, "no copy for the assignee")
        notice = self.env["mail.message"].search(
            [("model", "=", ticket._name), ("res_id", "=", ticket.id),
             ("message_type", "=", "user_notification")]
        )  # fmt: skip
        self.assertEqual(notice.partner_ids, ticket.user_id.partner_id, "told by the notice")

    def test_loop_guard_counts_the_senders_tickets(self):
        self.env["ir.config_parameter"].sudo().set_param("mail.gateway.loop.threshold", 2)
        for i in range(3):
            self._process(f"Robot {i}", sender="Robot@Loop.example.com")
        tickets = self.Ticket.search([("email_normalized", "=", "robot@loop.example.com")])
        self.assertEqual(tickets.mapped("name"), ["Robot 1", "Robot 0"], "the third is dropped")

    def test_refused_unknown_sender_is_kept_archived(self):
        self.team.refuse_unknown_senders = True
        ticket = self._process("Spam offer", sender="spammer@unknown.example.com")
        self.assertEqual(len(ticket), 1)
        self.assertTrue(ticket.refused)
        self.assertFalse(ticket.active)
        self.assertFalse(ticket.partner_id)
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "spammer@unknown.example.com")])
        )
        self.assertFalse(
            self.env["mail.mail"].search([("res_id", "=", ticket.id), ("model", "=", ticket._name)])
        )

    def test_auto_replies_open_no_ticket(self):
        for header in (
            "Auto-Submitted: auto-replied\n",
            "X-Autoreply: yes\n",
            "Precedence: bulk\n",
        ):
            subject = f"Out of office {header.split(':')[0]}"
            self.assertFalse(self._process(subject, extra=header))

    def test_auto_reply_on_existing_ticket_changes_nothing(self):
        ticket = self._process("Cannot log in")
        ticket.action_wait_customer()
        first_id = ticket.message_ids.filtered(lambda m: m.message_type == "email")[0].message_id
        self._process(
            "Automatic reply: Cannot log in",
            in_reply_to=first_id,
            extra="Auto-Submitted: auto-replied\n",
            body="I am on holiday",
        )
        self.assertIn("I am on holiday", " ".join(ticket.message_ids.mapped("body")))
        self.assertEqual(ticket.stage_type, "waiting")

    def test_blacklisted_sender_gets_no_acknowledgement(self):
        self.env["mail.blacklist"].create({"email": "lina@fbcustomer.example.com"})
        ticket = self._process("Blacklisted but real problem")
        self.assertEqual(len(ticket), 1, "the problem is still recorded")
        self.assertFalse(
            self.env["mail.mail"].search([("model", "=", ticket._name), ("res_id", "=", ticket.id)])
        )
        self.assertIn("blacklisted", " ".join(ticket.message_ids.mapped("body")))

    def test_no_sender(self):
        ticket = self._process("Anonymous", sender="", from_header="")
        self.assertEqual(len(ticket), 1)
        self.assertFalse(ticket.partner_id)
        self.assertIn("no sender", ticket.description)

    def test_reply_to_closed_ticket_reopens_it(self):
        ticket = self._process("Printer jam")
        ticket.action_close()
        first_id = ticket.message_ids.filtered(lambda m: m.message_type == "email")[0].message_id
        self._process("Re: Printer jam", in_reply_to=first_id, body="It happened again")
        self.assertIn("It happened again", " ".join(ticket.message_ids.mapped("body")))
        self.assertFalse(ticket.is_closed)
        self.assertEqual(ticket.reopen_count, 1)

    def test_reply_by_an_employee_leaves_a_waiting_ticket_waiting(self):
        ticket = self._process("Licence question")
        ticket.action_wait_customer()
        first_id = ticket.message_ids.filtered(lambda m: m.message_type == "email")[0].message_id
        agent = self.agent_1.partner_id
        agent.email = "agent.one@fb-test.example.com"
        self._process(
            "Re: Licence question",
            sender=agent.email,
            from_header=f"Agent One <{agent.email}>",
            in_reply_to=first_id,
            body="Answered by phone",
        )
        self.assertIn("Answered by phone", " ".join(ticket.message_ids.mapped("body")))
        self.assertEqual(ticket.stage_type, "waiting", "only the customer's answer moves it")

    def test_acknowledgements_reach_every_ticket_through_the_scheduler(self):
        tickets = self.Ticket.create(
            [
                {"name": f"Mailed {i}", "partner_id": self.customer.id, "team_id": self.team.id}
                for i in range(5)
            ]
        )
        tickets.write({"acknowledge_pending": True, "email_from": "lina@fbcustomer.example.com"})
        cron = self.env.ref("crm_feedback.ir_cron_acknowledge")

        def acknowledge(env):
            env["crm.feedback.ticket"]._cron_send_acknowledgements(batch_size=1)

        with patch.object(ticket_module, "CRON_CHUNK", 2):
            self.assertEqual(run_like_the_scheduler(cron, acknowledge), 3, "5 in chunks of 2")
            self.assertEqual(run_like_the_scheduler(cron, acknowledge), 1)
        self.assertFalse(tickets.filtered("acknowledge_pending"))
        acks = self.env["mail.mail"].search(
            [("model", "=", self.Ticket._name), ("res_id", "in", tickets.ids)]
        )
        self.assertEqual(sorted(acks.mapped("res_id")), sorted(tickets.ids), "each once")
