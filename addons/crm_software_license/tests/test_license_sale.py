from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import LicenseCase


@tagged("post_install", "-at_install")
class TestLicenseSale(LicenseCase):
    def test_confirmation_issues_one_license_per_line(self):
        order = self._order(
            self.customer, [(self.subscription, 3), (self.perpetual, 2), (self.service, 1)]
        )
        order.action_confirm()
        licenses = order.license_ids
        self.assertEqual(len(licenses), 2)
        subscription = licenses.filtered(lambda lic: lic.product_id == self.subscription)
        today = fields.Date.context_today(order)
        self.assertEqual(subscription.seats, 15)
        self.assertEqual(subscription.state, "active")
        self.assertEqual(subscription.date_start, today)
        self.assertEqual(subscription.date_end, today + relativedelta(months=12))
        self.assertEqual(subscription.partner_id, self.customer)
        perpetual = licenses - subscription
        self.assertFalse(perpetual.date_end)
        self.assertEqual(perpetual.seats, 2)
        self.assertEqual(order.license_count, 2)
        self.assertEqual(self.customer.software_license_count, 2)
        self.assertIn(("Licenses", 2), self.customer._get_customer_360_summary())

    def test_no_duplicates_on_second_confirmation_or_copy(self):
        order = self._order(self.customer, [(self.subscription, 1)])
        order.action_confirm()
        order._create_licenses()
        self.assertEqual(len(order.license_ids), 1)
        copy = order.copy()
        self.assertFalse(copy.order_line.license_ids)
        copy.action_confirm()
        self.assertEqual(len(copy.license_ids), 1)
        self.assertNotEqual(copy.license_ids.name, order.license_ids.name)

    def test_contact_order_issues_company_license(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.customer.id})
        order = self._order(contact, [(self.perpetual, 1)])
        order.action_confirm()
        self.assertEqual(order.license_ids.partner_id, self.customer)

    def test_commitment_date_starts_the_license(self):
        order = self._order(self.customer, [(self.subscription, 1)])
        order.commitment_date = fields.Datetime.now() + relativedelta(days=10)
        order.action_confirm()
        self.assertEqual(order.license_ids.date_start, order.commitment_date.date())

    def test_cancel_suspends_active_and_removes_draft(self):
        order = self._order(self.customer, [(self.subscription, 1), (self.perpetual, 1)])
        order.action_confirm()
        draft = order.license_ids[0]
        draft.state = "draft"
        active = order.license_ids[1]
        order._action_cancel()
        self.assertFalse(draft.exists())
        self.assertEqual(active.state, "suspended")

    def test_reconfirmed_order_reactivates_what_its_cancellation_suspended(self):
        order = self._order(
            self.customer, [(self.subscription, 1), (self.perpetual, 1), (self.perpetual, 2)]
        )
        order.action_confirm()
        cancelled, by_hand, revoked = order.license_ids.sorted("seats")
        self.assertEqual(cancelled.seats, 1)
        by_hand.action_suspend()
        revoked.state = "revoked"
        order._action_cancel()
        self.assertEqual(cancelled.state, "suspended")
        order.action_draft()
        order.action_confirm()
        self.assertEqual(order.license_ids, cancelled | by_hand | revoked, "no new numbers")
        self.assertEqual(cancelled.state, "active")
        self.assertIn("confirmed again", cancelled.message_ids[0].body)
        self.assertEqual(by_hand.state, "suspended", "suspended by hand: stays")
        self.assertEqual(revoked.state, "revoked")
        self.assertEqual(cancelled._check_usable(), None, "the API accepts it again")

    def test_batched_create_query_count_does_not_grow(self):
        small = self._order(self.customer, [(self.subscription, 1)] * 5)
        large = self._order(self.customer, [(self.subscription, 1)] * 50)
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        small._create_licenses()
        small_queries = self.cr.sql_log_count - before
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        large._create_licenses()
        large_queries = self.cr.sql_log_count - before
        self.assertEqual(len(large.license_ids), 50)
        self.assertLessEqual(large_queries, small_queries + 5)

    def test_bad_terms_refused(self):
        with self.assertRaises(ValidationError):
            self.subscription.license_seats_per_unit = 0
        with self.assertRaises(ValidationError):
            self.subscription.license_duration_months = -1
        order = self._order(self.customer, [(self.subscription, 1)])
        order.action_confirm()
        license_ = order.license_ids
        with self.assertRaises(ValidationError):
            license_.seats = 0
        with self.assertRaises(ValidationError):
            license_.date_end = license_.date_start - relativedelta(days=1)
        with self.assertRaises(ValidationError):
            license_.partner_id = self.env["res.partner"].create(
                {"name": "Contact", "parent_id": self.customer.id}
            )

    def test_product_form_shows_license_terms(self):
        with Form(self.env["product.template"]) as form:
            form.name = "New software"
            form.is_software_license = True
            form.license_type = "perpetual"
        self.assertTrue(form.record.is_software_license)
