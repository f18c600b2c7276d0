from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import CustomerFileCase


@tagged("post_install", "-at_install")
class TestCustomerPool(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pool = cls._pool_customers()

    def test_claim_from_pool(self):
        customer = self.pool[0].with_user(self.salesman)
        customer.action_customer_claim()
        self.assertEqual(self.pool[0].user_id, self.salesman)
        self.assertTrue(self.pool[0].customer_assigned_date)
        log = self.env["crm.customer.pool.log"].search([("partner_id", "=", self.pool[0].id)])
        self.assertEqual((log.action, log.user_id), ("claim", self.salesman))
        self.assertIn("Claimed from the customer pool", self.pool[0].message_ids[0].body)
        with self.assertRaises(UserError):
            self.pool[0].with_user(self.salesman_2).action_customer_claim()

    def test_daily_claim_limit(self):
        self.pool[:3].with_user(self.salesman).action_customer_claim()
        with self.assertRaises(UserError):
            self.pool[3].with_user(self.salesman).action_customer_claim()
        self.assertFalse(self.pool[3].user_id)

    def test_previous_owner_waits_before_reclaiming(self):
        self.pool[0].with_user(self.salesman).action_customer_claim()
        self.pool[0].with_user(self.salesman).action_customer_release()
        self.assertFalse(self.pool[0].user_id)
        with self.assertRaises(UserError):
            self.pool[0].with_user(self.salesman).action_customer_claim()
        self.pool[0].with_user(self.salesman_2).action_customer_claim()
        self.assertEqual(self.pool[0].user_id, self.salesman_2)

    def test_only_the_owner_releases(self):
        with self.assertRaises(UserError):
            self.customer.with_user(self.salesman_2).sudo(False).action_customer_release()
        self.customer.with_user(self.manager).action_customer_release()
        self.assertFalse(self.customer.user_id)

    def test_customer_limit_per_user_and_team(self):
        self.salesman.crm_customer_limit = 2
        self.pool[0].with_user(self.salesman).action_customer_claim()  # owns 2 now
        with self.assertRaises(ValidationError):
            self.pool[1].with_user(self.salesman).action_customer_claim()
        self.assertFalse(self.pool[1].user_id)
        team = self.env["crm.team"].create(
            {
                "name": "Limited team",
                "crm_customer_limit": 1,
                "member_ids": [(4, self.salesman_2.id)],
            }
        )
        self.assertEqual(self.salesman_2._crm_customer_limit(), team.crm_customer_limit)
        with self.assertRaises(ValidationError):
            self.pool[2].with_user(self.salesman_2).action_customer_claim()

    def test_rule_returns_neglected_customers_with_warning_first(self):
        rule = self.env["crm.customer.pool.rule"].create(
            {
                "name": "No follow-up for 30 days",
                "no_followup_days": 30,
                "warn_days": 5,
                "stage_ids": [(4, self.stage_potential.id)],
            }
        )
        kept, warned, returned, busy = self.pool
        (kept | warned | returned | busy).write({"user_id": self.salesman.id})
        now = fields.Datetime.now()
        kept.customer_assigned_date = now - timedelta(days=10)
        warned.customer_assigned_date = now - timedelta(days=27)
        returned.customer_assigned_date = now - timedelta(days=40)
        busy.customer_assigned_date = now - timedelta(days=40)
        self.env["crm.customer.followup"].create(
            {"partner_id": busy.id, "summary": "call", "date": now - timedelta(days=2)}
        )
        self.assertEqual(self.env["res.partner"]._cron_customer_pool_return(), 1)
        self.assertFalse(returned.user_id)
        self.assertEqual(
            self.env["crm.customer.pool.log"].search([("partner_id", "=", returned.id)])[0].action,
            "return",
        )
        self.assertEqual((kept | warned | busy).user_id, self.salesman)
        self.assertTrue(warned.customer_pool_warning_date)
        self.assertEqual(len(warned.activity_ids), 1)
        self.assertFalse(kept.activity_ids)
        self.env["res.partner"]._cron_customer_pool_return()
        self.assertEqual(len(warned.activity_ids), 1, "the owner is warned once")
        self.assertTrue(rule.active)

    def test_open_quotation_keeps_the_customer(self):
        self.env["crm.customer.pool.rule"].create(
            {"name": "No deal in 60 days", "no_deal_days": 60}
        )
        customer = self.pool[0]
        customer.user_id = self.salesman
        customer.customer_assigned_date = fields.Datetime.now() - timedelta(days=90)
        self._order(customer, 10, confirm=False)
        self.env["res.partner"]._cron_customer_pool_return()
        self.assertEqual(customer.user_id, self.salesman)

    def test_negative_rule_days_refused(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.env["crm.customer.pool.rule"].create({"name": "bad", "no_followup_days": -1})
            self.env.flush_all()
