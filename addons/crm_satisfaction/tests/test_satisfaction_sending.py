from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.crm_customer_core.tests.scheduler import run_like_the_scheduler

from ..models import crm_satisfaction_invitation as invitation_module
from .common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestSatisfactionSending(SatisfactionCase):
    def _mails_to(self, partner):
        return self.env["mail.mail"].search([("recipient_ids", "in", partner.ids)])

    def test_cron_sends_due_orders_once(self):
        due = self._order(days_ago=8)
        too_early = self._order(days_ago=2)
        too_old = self._order(days_ago=60)
        Invitation = self.env["crm.satisfaction.invitation"]
        Invitation._cron_send_invitations()
        invitations = Invitation.search([("sale_order_id", "in", (due | too_early | too_old).ids)])
        self.assertEqual(invitations.sale_order_id, due)
        self.assertEqual(invitations.state, "sent")
        self.assertEqual(invitations.source_document, due)
        self.assertEqual(invitations.user_id, self.salesman)
        self.assertTrue(invitations.user_input_id.access_token)
        self.assertIn(invitations.user_input_id.access_token, invitations.survey_url)
        mails = self._mails_to(self.customer)
        self.assertEqual(len(mails), 1)
        self.assertIn(invitations.survey_url, mails.body_html)
        # a second run, or a run restarted after being killed, sends nothing twice
        Invitation._cron_send_invitations()
        self.assertEqual(Invitation.search_count([("sale_order_id", "=", due.id)]), 1)
        self.assertEqual(len(self._mails_to(self.customer)), 1)

    def test_cron_resumes_after_a_partial_run(self):
        orders = self._order() | self._order(customer=self.customer_2)
        Invitation = self.env["crm.satisfaction.invitation"]
        # the first batch went out before the run was killed
        self._invite(orders[0])
        Invitation._cron_send_invitations()
        self.assertEqual(
            Invitation.search([("sale_order_id", "in", orders.ids)]).sale_order_id, orders
        )
        self.assertEqual(Invitation.search_count([("sale_order_id", "in", orders.ids)]), 2)

    def test_cron_skips_do_not_market_and_no_email_with_reason(self):
        self.customer.customer_do_not_market = True
        self.customer_2.email = False
        orders = self._order() | self._order(customer=self.customer_2)
        self.env["crm.satisfaction.invitation"]._cron_send_invitations()
        invitations = self.env["crm.satisfaction.invitation"].search(
            [("sale_order_id", "in", orders.ids)]
        )
        self.assertEqual(sorted(invitations.mapped("skip_reason")), ["do_not_market", "no_email"])
        self.assertEqual(set(invitations.mapped("state")), {"skipped"})
        self.assertFalse(invitations.user_input_id)
        self.assertFalse(self._mails_to(self.customer) | self._mails_to(self.customer_2))

    def test_cron_closed_survey_sends_nothing_and_keeps_orders_due(self):
        order = self._order()
        self.survey.action_archive()
        Invitation = self.env["crm.satisfaction.invitation"]
        # off the work list: the scheduler would call again and again for what cannot be sent
        self.assertNotIn(("sale.order", order.id), Invitation._due_sources())
        Invitation._cron_send_invitations()
        self.assertFalse(Invitation.search([("sale_order_id", "=", order.id)]))
        self.survey.action_unarchive()
        Invitation._cron_send_invitations()
        self.assertTrue(Invitation.search([("sale_order_id", "=", order.id)]))

    def test_scheduler_sends_every_due_order_once(self):
        orders = self._order()
        for _i in range(4):
            orders |= self._order(customer=self.customer_2)
        Invitation = self.env["crm.satisfaction.invitation"]
        due = Invitation._due_sources()  # demo orders may be due too
        self.assertLessEqual({("sale.order", order_id) for order_id in orders.ids}, set(due))
        cron = self.env.ref("crm_satisfaction.ir_cron_send_invitations")

        def send(env):
            env["crm.satisfaction.invitation"]._cron_send_invitations()

        with patch.object(invitation_module, "CRON_CHUNK", 2):
            calls = run_like_the_scheduler(cron, send)
            self.assertGreaterEqual(calls, 3, "in chunks of 2")
            invitations = Invitation.search([("sale_order_id", "in", orders.ids)])
            self.assertEqual(sorted(invitations.sale_order_id.ids), sorted(orders.ids))
            self.assertEqual(len(invitations), 5, "each once")
            self.assertEqual(run_like_the_scheduler(cron, send), 1)
            self.assertEqual(run_like_the_scheduler(cron, send), 1)
            self.assertEqual(Invitation.search_count([("sale_order_id", "in", orders.ids)]), 5)

            cron = self.env.ref("crm_satisfaction.ir_cron_send_reminders")

            def remind(env):
                env["crm.satisfaction.invitation"]._cron_send_reminders()

            with freeze_time(fields.Datetime.now() + timedelta(days=6)):
                self.assertGreaterEqual(run_like_the_scheduler(cron, remind), 3)
                reminded = invitations.filtered(lambda i: i.state == "reminded")
                self.assertEqual(reminded, invitations, "every invitation reminded")
                mails = len(self._mails_to(self.customer_2))
                self.assertEqual(run_like_the_scheduler(cron, remind), 1)
                self.assertEqual(len(self._mails_to(self.customer_2)), mails, "once")

    def test_one_reminder_then_cancelled_when_the_survey_closes(self):
        answered, waiting, closed_later = self._invite(
            self._order() | self._order() | self._order()
        )
        self._answer(answered)
        Invitation = self.env["crm.satisfaction.invitation"]
        Invitation._cron_send_reminders()
        self.assertEqual(waiting.state, "sent", "not yet due")
        with freeze_time(fields.Datetime.now() + timedelta(days=6)):
            Invitation._cron_send_reminders()
            self.assertEqual(waiting.state, "reminded")
            self.assertEqual(answered.state, "done")
            mails = len(self._mails_to(self.customer))
            Invitation._cron_send_reminders()
            self.assertEqual(len(self._mails_to(self.customer)), mails, "one reminder only")
        other = self._invite(self._order(customer=self.customer_2))
        self.survey.action_archive()
        with freeze_time(fields.Datetime.now() + timedelta(days=6)):
            Invitation._cron_send_reminders()
        self.assertEqual((other.state, other.skip_reason), ("cancelled", "survey_closed"))

    def test_archived_customer_is_not_reminded_and_its_answer_counts(self):
        invitation = self._invite(self._order(customer=self.customer_2))
        self.customer_2.action_archive()
        with freeze_time(fields.Datetime.now() + timedelta(days=6)):
            self.env["crm.satisfaction.invitation"]._cron_send_reminders()
        self.assertEqual((invitation.state, invitation.skip_reason), ("cancelled", "archived"))
        response = self._answer(invitation)
        self.assertEqual(response.commercial_partner_id, self.customer_2)

    def test_hand_send_from_customers_as_salesperson(self):
        no_email = self.Partner.create(
            {"name": "No Mail Ltd", "is_company": True, "user_id": self.salesman.id}
        )
        customers = self.customer | no_email
        wizard = self._send_wizard(self.salesman, "res.partner", customers)
        self.assertEqual(wizard.survey_title, self.survey.title)
        result = wizard.action_send()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertIn("No Mail Ltd", result["params"]["message"])
        invitations = self.env["crm.satisfaction.invitation"].search(
            [("partner_id", "in", customers.ids)]
        )
        self.assertEqual(
            {(i.partner_id, i.state) for i in invitations},
            {(self.customer, "sent"), (no_email, "skipped")},
        )
        # the same survey about the same customer goes once
        with self.assertRaisesRegex(UserError, "already"):
            self._send_wizard(self.salesman, "res.partner", self.customer).action_send()

    def test_hand_send_to_a_customer_that_cannot_be_surveyed_says_why(self):
        self.customer.customer_do_not_market = True
        wizard = self._send_wizard(self.salesman, "res.partner", self.customer)
        with self.assertRaisesRegex(UserError, "asked not to be contacted"):
            wizard.action_send()

    def test_hand_send_from_orders_and_closed_survey(self):
        order = self._order(days_ago=0)
        self._send_wizard(self.salesman, "sale.order", order).action_send()
        self.assertEqual(order.satisfaction_response_count, 0)
        self.assertTrue(
            self.env["crm.satisfaction.invitation"].search([("sale_order_id", "=", order.id)])
        )
        self.survey.action_archive()
        wizard = self._send_wizard(self.salesman, "sale.order", self._order(days_ago=0))
        with self.assertRaisesRegex(UserError, "is closed"):
            wizard.action_send()

    def test_salesperson_cannot_send_for_a_colleagues_customer(self):
        wizard = self._send_wizard(self.salesman, "res.partner", self.customer_2)
        with self.assertRaises(AccessError):
            wizard.action_send()
        self.assertFalse(
            self.env["crm.satisfaction.invitation"].search(
                [("partner_id", "=", self.customer_2.id)]
            )
        )

    def test_customer_with_invitations_is_not_deleted(self):
        """The database refuses it; the web client shows Odoo's "another model requires the
        record being deleted" message, translated."""
        wizard = self._send_wizard(self.salesman, "res.partner", self.customer)
        wizard.action_send()
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.customer.unlink()
            self.env.flush_all()
        self.assertTrue(self.customer.exists())

    def test_sending_queries_do_not_grow_with_recipients(self):
        def queries(count):
            partners = self.Partner.create(
                [
                    {
                        "name": f"Q{count} {i}",
                        "email": f"q{i}@example.com",
                        "user_id": self.salesman.id,
                    }
                    for i in range(count)
                ]
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            invitations = self.env["crm.satisfaction.invitation"]._invite(
                self.survey,
                [
                    {
                        "partner_id": p.id,
                        "source_ref": f"res.partner,{p.id}",
                        "company_id": self.company.id,
                    }
                    for p in partners
                ],
            )
            self.env.flush_all()
            self.assertEqual(len(invitations), count)
            return self.env.cr.sql_log_count - before

        queries(2)  # warm the caches
        self.assertEqual(queries(3), queries(12))
