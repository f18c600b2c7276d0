from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.crm_customer_core.tests.scheduler import run_like_the_scheduler

from ..models import crm_software_license_renewal as renewal_module
from .common import LicenseCase


@tagged("post_install", "-at_install")
class TestLicenseRenewal(LicenseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "it@license-customer.example.com"
        cls.license = cls._sold_license(cls.customer, cls.subscription, 2)

    def _renew_and_confirm(self, license_):
        order = license_.renewal_order_id or license_._create_renewal_orders()
        order.action_confirm()
        return order

    def test_maintenance_included_on_issue(self):
        start = self.license.date_start
        self.assertEqual(self.license.seats, 10)
        self.assertEqual(self.license.maintenance_end, start + relativedelta(months=12))
        self.assertTrue(self.license.under_maintenance)
        perpetual = self._sold_license(self.customer, self.perpetual, 1)
        self.assertFalse(perpetual.maintenance_end)
        self.assertFalse(perpetual.under_maintenance)
        self.assertIn(
            perpetual,
            self.env["crm.software.license"].search([("under_maintenance", "=", False)]),
        )

    def test_renew_creates_one_quotation_for_same_product_and_seats(self):
        action = self.license.action_renew()
        order = self.env["sale.order"].browse(action["res_id"])
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.partner_id, self.customer)
        license_line = order.order_line.filtered(lambda line: line.product_id == self.subscription)
        self.assertEqual(license_line.product_uom_qty, 2, "10 seats at 5 seats a unit")
        self.assertEqual(order.order_line.renewed_license_id, self.license)
        self.assertIn(self.maintenance, order.order_line.product_id)
        again = self.license.action_renew()
        self.assertEqual(again["res_id"], order.id, "an open renewal quotation is reused")

    def test_confirming_renewal_extends_the_same_number(self):
        name, end, maintenance = (
            self.license.name,
            self.license.date_end,
            self.license.maintenance_end,
        )
        count = self.env["crm.software.license"].search_count([])
        order = self._renew_and_confirm(self.license)
        self.assertEqual(self.license.name, name)
        self.assertEqual(self.license.date_end, end + relativedelta(months=12))
        self.assertEqual(self.license.maintenance_end, maintenance + relativedelta(months=12))
        self.assertEqual(self.env["crm.software.license"].search_count([]), count)
        self.assertFalse(order.license_ids, "a renewal issues no license")
        self.assertEqual(self.license.renewal_count, 2)
        self.assertTrue(all(order.order_line.mapped("license_renewal_applied")))

    def test_expired_license_renewed_becomes_active_from_today(self):
        self.license.write(
            {
                "date_start": date.today() - relativedelta(years=1),
                "date_end": date.today() - relativedelta(days=10),
            }
        )
        self.env["crm.software.license"]._cron_license_renewals()
        self.assertEqual(self.license.state, "expired")
        self._renew_and_confirm(self.license)
        self.assertEqual(self.license.state, "active")
        self.assertEqual(self.license.date_end, date.today() + relativedelta(months=12))

    def test_maintenance_line_on_its_own(self):
        perpetual = self._sold_license(self.customer, self.perpetual, 1)
        order = self._order(self.customer, [(self.maintenance, 2)])
        order.order_line.renewed_license_id = perpetual
        order.action_confirm()
        self.assertEqual(perpetual.maintenance_end, date.today() + relativedelta(months=24))
        orphan = self._order(self.customer, [(self.maintenance, 1)])
        with self.assertRaises(UserError):
            orphan.action_confirm()
        self.assertEqual(orphan.state, "draft")

    def test_maintenance_sold_with_a_new_license(self):
        order = self._order(self.customer, [(self.perpetual, 1), (self.maintenance, 1)])
        order.action_confirm()
        self.assertEqual(
            order.license_ids.maintenance_end,
            order.license_ids.date_start + relativedelta(months=12),
        )

    def test_refusals(self):
        with self.assertRaises(UserError):
            self._sold_license(self.customer, self.perpetual, 1).action_renew()
        other = self._sold_license(self.customer_2, self.subscription, 1, user=self.salesman_2)
        order = self._order(
            self.customer,
            [(self.subscription, 1)],
        )
        order.order_line.renewed_license_id = other
        with self.assertRaises(UserError):
            order.action_confirm()
        self.assertEqual(other.date_end, other.date_start + relativedelta(months=12))
        self.license.with_user(self.manager).action_revoke()
        with self.assertRaises(UserError):
            self.license.action_renew()
        with self.assertRaises(ValidationError):
            self.env.company.license_reminder_days = "30,soon"
        with self.assertRaises(ValidationError):
            self.maintenance.license_duration_months = 0


@tagged("post_install", "-at_install")
class TestLicenseReminders(LicenseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.email = "it@license-customer.example.com"
        cls.license = cls._sold_license(cls.customer, cls.subscription, 1)
        cls.env.company.license_reminder_days = "30,7"

    def _reminders(self, kind="license"):
        return self.env["crm.software.license.reminder"].search(
            [("license_id", "=", self.license.id), ("kind", "=", kind)]
        )

    def _customer_mails(self):
        return self.env["mail.mail"].search(
            [("model", "=", self.license._name), ("res_id", "=", self.license.id)], order="id"
        )

    def test_reminders_once_per_day_before_end(self):
        end = self.license.date_end
        Licenses = self.env["crm.software.license"]
        with freeze_time(end - relativedelta(days=40)):
            Licenses._cron_license_renewals()
            self.assertFalse(self._reminders())
        with freeze_time(end - relativedelta(days=25)):
            Licenses._cron_license_renewals()
            Licenses._cron_license_renewals()
        self.assertEqual(self._reminders().mapped("days"), [30])
        self.assertEqual(len(self._customer_mails()), 1, self._customer_mails().mapped("subject"))
        self.assertIn(self.customer, self._customer_mails().recipient_ids)
        self.assertIn("Renewal reminder", self.license.message_ids[0].body)
        activity = self.license.activity_ids
        self.assertEqual(activity.user_id, self.salesman)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("crm_software_license.mail_activity_type_license_renewal"),
        )
        with freeze_time(end - relativedelta(days=5)):
            Licenses._cron_license_renewals()
            Licenses._cron_license_renewals()
        self.assertEqual(sorted(self._reminders().mapped("days")), [7, 30])
        self.assertEqual(len(self._customer_mails()), 2)

    def test_maintenance_ending_with_the_license_is_reminded_once(self):
        with freeze_time(self.license.date_end - relativedelta(days=20)):
            self.env["crm.software.license"]._cron_license_renewals()
        self.assertTrue(self._reminders())
        self.assertFalse(self._reminders("maintenance"))

    def test_late_first_run_sends_only_the_nearest_reminder(self):
        with freeze_time(self.license.date_end - relativedelta(days=3)):
            self.env["crm.software.license"]._cron_license_renewals()
        self.assertEqual(self._reminders().mapped("days"), [7])

    def test_maintenance_reminder_and_expiry(self):
        self.license.write(
            {
                "date_start": date.today() - relativedelta(years=1),
                "date_end": date.today() - relativedelta(days=1),
                "maintenance_end": date.today() + relativedelta(days=6),
            }
        )
        with self.assertRaises(UserError):
            self.license.action_activate()
        self.env["crm.software.license"]._cron_license_renewals()
        self.assertEqual(self.license.state, "expired")
        self.assertIn("License expired", self.license.message_ids[0].body)
        self.assertFalse(self._reminders("maintenance"), "expired licenses get no reminder")
        self.license.write({"date_end": date.today() + relativedelta(days=100), "state": "active"})
        self.env["crm.software.license"]._cron_license_renewals()
        self.assertEqual(self._reminders("maintenance").mapped("days"), [7])
        self.assertIn("Maintenance", self._customer_mails()[0].subject)

    def test_auto_renewal_quotation(self):
        self.env.company.license_auto_renew = True
        with freeze_time(self.license.date_end - relativedelta(days=20)):
            self.env["crm.software.license"]._cron_license_renewals()
        order = self.license.renewal_order_id
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.order_line.renewed_license_id, self.license)

    def test_failing_license_does_not_stop_the_run(self):
        other = self._sold_license(self.customer_2, self.subscription, 1, user=self.salesman_2)
        Licenses = self.env["crm.software.license"]
        original = type(Licenses)._send_renewal_reminders

        def send(records, kind, days, today):
            if self.license in records:
                raise ValueError("broken")
            return original(records, kind, days, today)

        with (
            freeze_time(self.license.date_end - relativedelta(days=20)),
            patch.object(type(Licenses), "_send_renewal_reminders", send),
        ):
            Licenses._cron_license_renewals()
        self.assertFalse(self._reminders())
        self.assertTrue(
            self.env["crm.software.license.reminder"].search([("license_id", "=", other.id)])
        )

    def test_query_count_does_not_grow_with_due_licenses(self):
        License = self.env["crm.software.license"]

        def run_with(count):
            licenses = License.create(
                [
                    {
                        "partner_id": self.customer.id,
                        "product_id": self.subscription.id,
                        "state": "active",
                        "date_start": date.today() - relativedelta(years=1),
                        "date_end": date.today() + relativedelta(days=20 if i % 2 else -3),
                        "seats": 1,
                    }
                    for i in range(count)
                ]
            )
            self.env.flush_all()
            before = self.cr.sql_log_count
            License._cron_license_renewals()
            self.env.flush_all()
            queries = self.cr.sql_log_count - before
            licenses.write({"state": "suspended"})
            return queries

        run_with(2)  # warm the caches
        queries = run_with(4)
        self.assertGreater(queries, 5)
        self.assertEqual(queries, run_with(16))

    def test_scheduled_run_is_chunked_and_resumes(self):
        """In a scheduled run, one chunk is handled, the rest reported as remaining; the next
        call (Odoo commits in between) takes what is still to do."""
        License = self.env["crm.software.license"]
        License.create(
            [
                {
                    "partner_id": self.customer.id,
                    "product_id": self.subscription.id,
                    "state": "active",
                    "date_start": date.today() - relativedelta(years=1),
                    "date_end": date.today() - relativedelta(days=2),
                    "seats": 1,
                }
                for _i in range(5)
            ]
        )
        cron = self.env.ref("crm_software_license.ir_cron_license_renewals")
        total = len(License._renewal_work(date.today()))  # demo licenses may be due too
        expired = []
        original = type(License)._expire

        def counting_expire(licenses):
            expired.extend(licenses.ids)
            return original(licenses)

        def renew(env):
            env["crm.software.license"]._cron_license_renewals(batch_size=1)

        with (
            patch.object(renewal_module, "CRON_CHUNK", 2),
            patch.object(type(License), "_expire", counting_expire),
        ):
            self.assertEqual(run_like_the_scheduler(cron, renew), (total + 1) // 2)
            self.assertEqual(len(expired), len(set(expired)), "each license once")
            self.assertEqual(run_like_the_scheduler(cron, renew), 1)
        self.assertEqual(License.search_count([("state", "=", "expired")]), 5)
        self.assertFalse(License._renewal_work(date.today()))
