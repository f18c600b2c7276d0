"""The batched scheduled actions of the customer file finish all their work when Odoo's
scheduler calls them again and again, with a chunk smaller than the work, and do each item
once."""

from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from ..models import res_partner_pool, res_partner_reminder
from .common import CustomerFileCase
from .scheduler import run_like_the_scheduler


@tagged("post_install", "-at_install")
class TestCustomerScheduler(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        # only this test's customers are due
        cls.Partner.search([("customer_stage_id", "!=", False)]).customer_contact_interval = 10000
        cls.Partner.search([("customer_key_contact", "=", True)]).customer_key_contact = False
        cls.env["crm.customer.care.date"].search([]).active = False
        cls.env["crm.customer.pool.rule"].search([]).active = False

    def _activities(self, partners, kind):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(f"crm_customer_core.mail_activity_type_customer_{kind}").id,
                ),
            ]
        )

    def test_contact_reminders_reach_every_customer(self):
        due = self.customer | self.customer_2 | self._pool_customers()[:3]
        due.write({"user_id": self.salesman.id, "customer_stage_id": self.stage_potential.id})
        due.write(
            {
                "customer_contact_interval": 1,
                "customer_assigned_date": fields.Datetime.now() - timedelta(days=3),
            }
        )
        cron = self.env.ref("crm_customer_core.ir_cron_customer_contact_reminders")

        def remind(env):
            env["res.partner"]._cron_customer_contact_reminders(batch_size=1)

        with patch.object(res_partner_reminder, "CRON_CHUNK", 2):
            self.assertEqual(run_like_the_scheduler(cron, remind), 3, "5 customers, 2 a call")
            activities = self._activities(due, "contact")
            self.assertEqual(sorted(activities.mapped("res_id")), sorted(due.ids), "each once")
            self.assertEqual(run_like_the_scheduler(cron, remind), 1)
        self.assertEqual(len(self._activities(due, "contact")), 5)

    def test_care_reminders_reach_every_contact(self):
        contacts = self.Partner.create(
            [
                {
                    "name": f"Key contact {n}",
                    "parent_id": self.customer.id,
                    "customer_key_contact": True,
                    "customer_birthday": date(1980, 6, 10 + n),
                }
                for n in range(5)
            ]
        )
        cron = self.env.ref("crm_customer_core.ir_cron_customer_care_reminders")

        def remind(env):
            env["res.partner"]._cron_customer_care_reminders(batch_size=1)

        with freeze_time("2026-06-10"), patch.object(res_partner_reminder, "CRON_CHUNK", 2):
            # birthdays within three days: the 10th to the 13th, four contacts
            self.assertEqual(run_like_the_scheduler(cron, remind), 2)
            care = self._activities(contacts, "care")
            self.assertEqual(sorted(care.mapped("res_id")), sorted(contacts[:4].ids), "each once")
            self.assertEqual(run_like_the_scheduler(cron, remind), 1)
        self.assertEqual(
            len(self._activities(contacts, "care")),
            4,
        )

    def test_pool_return_reaches_every_customer(self):
        self.env["crm.customer.pool.rule"].create(
            {"name": "No follow-up for 30 days", "no_followup_days": 30}
        )
        neglected = self._pool_customers()
        neglected.write({"user_id": self.salesman.id, "customer_stage_id": self.stage_potential.id})
        neglected.customer_assigned_date = fields.Datetime.now() - timedelta(days=40)
        cron = self.env.ref("crm_customer_core.ir_cron_customer_pool_return")
        returned = []
        Partner = type(self.Partner)
        original = Partner._customer_pool_log

        def counting_log(partners, action, *args, **kwargs):
            if action == "return":
                returned.extend(partners.ids)
            return original(partners, action, *args, **kwargs)

        def return_to_pool(env):
            env["res.partner"]._cron_customer_pool_return()

        with (
            patch.object(res_partner_pool, "CRON_CHUNK", 2),
            patch.object(res_partner_pool, "POOL_BATCH", 1),
            patch.object(Partner, "_customer_pool_log", counting_log),
        ):
            self.assertGreaterEqual(run_like_the_scheduler(cron, return_to_pool), 2)
            # demo customers may be neglected too: ours are among them, each returned once
            self.assertLessEqual(set(neglected.ids), set(returned))
            self.assertEqual(len(returned), len(set(returned)), "each once")
            self.assertFalse(neglected.user_id)
            returned.clear()
            self.assertEqual(run_like_the_scheduler(cron, return_to_pool), 1)
            self.assertFalse(returned)
