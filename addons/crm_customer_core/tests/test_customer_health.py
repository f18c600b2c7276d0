"""Customer health: one score from the weighted signals, the reasons in words, set-based, the
way the scheduler runs it, and only the salesperson's own customers."""

from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import sql_db
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from ..models import res_partner_health
from .common import CustomerFileCase
from .scheduler import run_like_the_scheduler

TODAY = date(2031, 3, 15)


@tagged("post_install", "-at_install")
class TestCustomerHealth(CustomerFileCase):
    def _set(self, partner, tier=None, lifecycle=None, last=None, next_contact=None):
        """The classification and contact dates as the nightly jobs leave them."""
        self.env.flush_all()
        self.env.cr.execute(
            """UPDATE res_partner SET customer_value_tier = %s, customer_lifecycle = %s,
                      customer_last_contact_date = %s, customer_next_contact_date = %s
                WHERE id = %s""",
            (tier, lifecycle, last, next_contact, partner.id),
        )
        self.env.invalidate_all()

    def _score(self, partners):
        with freeze_time(TODAY):
            partners._customer_health_compute(TODAY)
        return partners

    def test_weighted_score_level_and_reasons(self):
        healthy, problem = self.customer, self.customer_2
        self._set(healthy, "a", "growth", date(2031, 3, 1), date(2031, 3, 20))
        # a whole cycle late (30 days since the last contact, due 30 days ago)
        self._set(problem, "c", "decline", date(2031, 1, 14), date(2031, 2, 13))
        self._score(healthy | problem)
        self.assertEqual(
            (healthy.customer_health_score, healthy.customer_health_level), (100, "good")
        )
        self.assertFalse(healthy.customer_health_reasons)
        # (2 * 40 + 2 * 25 + 2 * 0) / 6
        self.assertEqual(problem.customer_health_score, 22)
        self.assertEqual(problem.customer_health_level, "problem")
        with freeze_time(TODAY):  # the days are counted when read
            reasons = problem.customer_health_reasons.splitlines()
        self.assertEqual(
            reasons,
            [
                "Small customer (tier C)",
                "Sales declining",
                "Last contact 60 days ago, 30 days past the contact cycle",
            ],
        )

    def test_weights_change_the_score(self):
        self._set(self.customer, "c", "growth", date(2031, 3, 1), date(2031, 3, 20))
        signal = self.env.ref("crm_customer_core.health_signal_value_tier")
        params = self.env["ir.config_parameter"]
        params.set_param(res_partner_health.PROGRESS_PARAM, f"{TODAY}:{self.customer.id}")
        signal.weight = 0
        self.assertFalse(
            params.get_param(res_partner_health.PROGRESS_PARAM), "out of date: rescored soon"
        )
        self._score(self.customer)
        self.assertEqual(self.customer.customer_health_score, 100, "the tier no longer counts")
        signal.weight = 4
        self._score(self.customer)
        # (4 * 40 + 2 * 100 + 2 * 100) / 8
        self.assertEqual(self.customer.customer_health_score, 70)
        self.assertEqual(self.customer.customer_health_level, "good")

    def test_weights_adding_up_to_nothing_refused(self):
        signals = self.env["crm.customer.health.signal"].search([])
        with self.assertRaises(ValidationError):
            signals.write({"weight": 0})
        self.assertTrue(all(signals.mapped("weight")), "nothing written")
        with self.assertRaises(ValidationError):
            signals[:1].weight = -1

    def test_thresholds_out_of_order_refused(self):
        form = Form(self.env["res.config.settings"])
        form.crm_health_good_threshold = 30
        form.crm_health_problem_threshold = 50
        settings = form.save()
        with self.assertRaises(ValidationError):
            settings.execute()
        params = self.env["ir.config_parameter"]
        self.assertEqual(params.get_param(res_partner_health.GOOD_PARAM, "70"), "70")
        form = Form(self.env["res.config.settings"])
        form.crm_health_good_threshold = 80
        form.crm_health_problem_threshold = 50
        form.save().execute()
        self.assertEqual(self.env["res.partner"]._customer_health_thresholds(), (80, 50))

    def test_scheduler_scores_everyone_once_a_day(self):
        customers = self.customer | self.customer_2 | self._pool_customers(3)
        customers.customer_stage_id = self.stage_potential
        cron = self.env.ref("crm_customer_core.ir_cron_customer_health")

        def score(env):
            env["res.partner"]._cron_customer_health(batch_size=1)

        others = self.env["res.partner"].search(
            [("customer_stage_id", "!=", False), ("id", "not in", customers.ids)]
        )
        others.write({"active": False})
        with freeze_time(TODAY), patch.object(res_partner_health, "CRON_CHUNK", 2):
            self.assertEqual(run_like_the_scheduler(cron, score), 3, "5 customers, 2 a call")
            self.assertTrue(all(customers.mapped("customer_health_level")))
            self.assertEqual(
                self.env["res.partner"]._cron_customer_health(), 0, "nothing twice a day"
            )
        with freeze_time(date(2031, 3, 16)), patch.object(res_partner_health, "CRON_CHUNK", 10):
            self.assertEqual(run_like_the_scheduler(cron, score), 1, "scored again the next day")

    def test_queries_per_batch_not_per_customer(self):
        few = self._pool_customers(3)
        many = self._pool_customers(30)
        (few | many).customer_stage_id = self.stage_potential
        self._score(few)
        self.env.invalidate_all()
        with self.assertQueryCount(few_queries := self._count_queries(few)):
            self._score(few)
        self.env.invalidate_all()
        with self.assertQueryCount(few_queries):
            self._score(many)

    def _count_queries(self, partners):
        self.env.invalidate_all()
        before = sql_db.sql_counter
        self._score(partners)
        self.env.invalidate_all()
        return sql_db.sql_counter - before

    def test_salesperson_sees_only_own_customers_health(self):
        self._score(self.customer | self.customer_2)
        action = self.env.ref("crm_customer_core.res_partner_action_customer_health")
        Partner = self.env["res.partner"].with_user(self.salesman)
        seen = Partner.search(safe_eval(action.domain))
        self.assertIn(self.customer, seen)
        self.assertNotIn(self.customer_2, seen)
        self.assertTrue(self.customer.with_user(self.salesman).customer_health_level)

    def test_filters_valuable_changing_problem(self):
        self._set(self.customer, "a", "decline", date(2031, 1, 1), date(2031, 1, 31))
        self._set(self.customer_2, "b", "maturity", date(2031, 3, 1), date(2031, 3, 31))
        self._score(self.customer | self.customer_2)
        Partner = self.env["res.partner"]
        valuable = [
            "|",
            ("customer_value_tier", "=", "a"),
            "&",
            ("customer_value_tier", "=", "b"),
            ("customer_lifecycle", "=", "growth"),
        ]
        both = [("id", "in", (self.customer | self.customer_2).ids)]
        self.assertEqual(Partner.search(both + valuable), self.customer)
        changing = [("customer_lifecycle", "in", ["growth", "decline", "exit"])]
        self.assertEqual(Partner.search(both + changing), self.customer)
        self.assertEqual(self.customer_2.customer_health_level, "good")
