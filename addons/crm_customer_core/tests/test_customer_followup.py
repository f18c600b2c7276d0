from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import CustomerFileCase


@tagged("post_install", "-at_install")
class TestCustomerFollowup(CustomerFileCase):
    def _followup(self, **values):
        return (
            self.env["crm.customer.followup"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "channel": "visit",
                    "summary": "Promised a 10% discount on renewal",
                    **values,
                }
            )
        )

    def test_followup_shows_in_customer_chatter(self):
        self._followup(outcome="Send quotation")
        bodies = self.customer.message_ids.mapped("body")
        self.assertTrue(
            any("Promised a 10% discount" in body and "Send quotation" in body for body in bodies)
        )

    def test_next_contact_date_follows_last_contact_and_interval(self):
        self.stage_potential.contact_interval_days = 30
        date = fields.Datetime.now() - timedelta(days=3)
        self._followup(date=date)
        self.assertEqual(self.customer.customer_last_contact_date, date.date())
        self.assertEqual(self.customer.customer_next_contact_date, date.date() + timedelta(days=30))
        planned = fields.Date.today() + timedelta(days=2)
        self._followup(next_contact_date=planned)
        self.assertEqual(self.customer.customer_next_contact_date, planned)
        self.customer.customer_contact_interval = 1
        self.assertEqual(
            self.customer.customer_next_contact_date, fields.Date.today() + timedelta(days=1)
        )

    def test_followup_without_customer_refused(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["crm.customer.followup"].with_user(self.salesman).create(
                {"summary": "nobody", "channel": "phone"}
            )
        self.assertFalse(self.env["crm.customer.followup"].search([("summary", "=", "nobody")]))

    def test_contact_of_another_customer_refused(self):
        stranger = self.env["res.partner"].create(
            {"name": "Stranger", "parent_id": self.customer_2.id}
        )
        with self.assertRaises(ValidationError):
            self._followup(contact_id=stranger.id)

    def test_followup_closes_the_contact_reminder(self):
        self.customer.customer_contact_interval = 1
        self.customer.customer_assigned_date = fields.Datetime.now() - timedelta(days=5)
        self.env["res.partner"]._cron_customer_contact_reminders()
        contact_type = self.env.ref("crm_customer_core.mail_activity_type_customer_contact")
        self.assertEqual(
            len(self.customer.activity_ids.filtered(lambda a: a.activity_type_id == contact_type)),
            1,
        )
        self._followup()
        self.assertFalse(
            self.customer.activity_ids.filtered(lambda a: a.activity_type_id == contact_type)
        )

    def test_summary_report_groups_by_salesperson_and_month(self):
        self._followup()
        self.env["crm.customer.followup"].with_user(self.salesman_2).create(
            {"partner_id": self.customer_2.id, "summary": "call", "channel": "phone"}
        )
        groups = self.env["crm.customer.followup"]._read_group(
            [("partner_id", "in", (self.customer | self.customer_2).ids)],
            ["user_id", "date:month"],
            ["__count"],
        )
        self.assertEqual(
            {(user, count) for user, _month, count in groups},
            {(self.salesman, 1), (self.salesman_2, 1)},
        )
