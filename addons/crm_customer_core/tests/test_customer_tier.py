from datetime import timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from ..models import res_partner_tier
from .common import CustomerFileCase
from .scheduler import run_like_the_scheduler


@tagged("post_install", "-at_install")
class TestCustomerTier(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.big = cls.Partner.create({"name": "Big Bookshop", "is_company": True})
        cls.mid = cls.Partner.create({"name": "Mid Bookshop", "is_company": True})
        cls.small = cls.Partner.create({"name": "Small Bookshop", "is_company": True})
        cls.lost = cls.Partner.create({"name": "Lost Bookshop", "is_company": True})
        cls.none = cls.Partner.create({"name": "Prospect", "is_company": True})
        cls._order(cls.big, 1500, date=now - relativedelta(days=10))
        cls._order(cls.big, 500, date=now - relativedelta(months=15))
        cls._order(cls.mid, 400, date=now - relativedelta(days=20))
        cls._order(cls.mid, 390, date=now - relativedelta(months=14))
        cls._order(cls.small, 100, date=now - relativedelta(days=30))
        cls._order(cls.small, 900, date=now - relativedelta(months=18))
        cls._order(cls.lost, 5000, date=now - relativedelta(months=20))

    def _recompute(self):
        self.env["res.partner"]._cron_recompute_customer_classification()

    def test_amount_thresholds(self):
        self._recompute()
        self.assertEqual(self.big.customer_value_tier, "a")
        self.assertEqual(self.mid.customer_value_tier, "b")
        self.assertEqual(self.small.customer_value_tier, "c")
        self.assertEqual(self.none.customer_value_tier, "c")
        self.assertEqual(self.big.customer_window_revenue, 1500)
        self.assertEqual(self.big.customer_previous_revenue, 500)

    def test_lifecycle(self):
        self._recompute()
        self.assertEqual(self.big.customer_lifecycle, "growth")  # 1500 against 500
        self.assertEqual(self.mid.customer_lifecycle, "maturity")  # 400 against 390
        self.assertEqual(self.small.customer_lifecycle, "decline")  # 100 against 900
        self.assertEqual(self.lost.customer_lifecycle, "exit")  # nothing for 20 months
        self.assertEqual(self.none.customer_lifecycle, "acquisition")
        newcomer = self.Partner.create({"name": "Newcomer", "is_company": True})
        self._order(newcomer, 10)
        self._recompute()
        self.assertEqual(newcomer.customer_lifecycle, "acquisition")

    def test_revenue_share_method(self):
        self.company.crm_tier_method = "share"
        # Leave only this test's customers in the ranking (demo data may have sales too).
        ours = self.big | self.mid | self.small | self.lost | self.none
        others = self.env["sale.order"].search([]).partner_id.commercial_partner_id - ours
        others.filtered(lambda p: not p.user_ids).action_archive()
        self._recompute()
        # Window revenue: big 1500, mid 400, small 100 (+ others at 0): big alone makes 75%.
        self.assertEqual(self.big.customer_value_tier, "a")
        self.assertEqual(self.mid.customer_value_tier, "b")
        self.assertEqual(self.small.customer_value_tier, "c")

    def test_second_run_writes_nothing(self):
        self._recompute()
        changes = self.env["res.partner"]._customer_classification_changes(
            self.company, fields.Date.today()
        )
        self.assertFalse([c for c in changes if c[0] in (self.big | self.mid | self.small).ids])

    def test_tier_changes_the_contact_interval(self):
        self._recompute()
        created = self.big.create_date.date()
        self.company.crm_tier_a_interval = 5
        self.env["res.partner"]._crm_recompute_contact_dates()
        self.assertEqual(self.big.customer_next_contact_date, created + timedelta(days=5))
        self.big.customer_contact_interval = 2
        self.assertEqual(self.big.customer_next_contact_date, created + timedelta(days=2))
        self.company.crm_tier_c_interval = 0  # tier C: the stage's interval applies
        self.stage_deal.contact_interval_days = 11
        self.env["res.partner"]._crm_recompute_contact_dates()
        self.assertEqual(self.small.customer_next_contact_date, created + timedelta(days=11))

    def test_classification_sets_next_contact_dates(self):
        self.company.crm_tier_a_interval = 3
        self._recompute()
        self.assertEqual(self.big.customer_value_tier, "a")
        self.assertEqual(
            self.big.customer_next_contact_date, self.big.create_date.date() + timedelta(days=3)
        )

    def test_bad_thresholds_refused(self):
        for values in (
            {"crm_tier_a_threshold": 100, "crm_tier_b_threshold": 300},
            {"crm_tier_b_threshold": -1},
            {"crm_tier_a_share": 90, "crm_tier_b_share": 20},
            {"crm_tier_window_months": 0},
            {"crm_tier_a_interval": -3},
        ):
            with (
                self.subTest(values=values),
                self.assertRaises(ValidationError),
                self.env.cr.savepoint(),
            ):
                self.company.write(values)
        self.assertEqual(self.company.crm_tier_a_threshold, 1000, "nothing half-written")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.customer.customer_contact_interval = -1
            self.env.flush_all()
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.stage_potential.contact_interval_days = -1
            self.env.flush_all()

    def test_tier_report(self):
        self._recompute()
        report = self.env["crm.customer.tier.report"].search([("company_id", "=", self.company.id)])
        by_tier = {line.value_tier: line for line in report}
        self.assertEqual(set(by_tier), {"a", "b", "c"})
        self.assertAlmostEqual(sum(report.mapped("customer_share")), 1, delta=0.001)
        self.assertAlmostEqual(sum(report.mapped("revenue_share")), 1, delta=0.001)
        total = sum(report.mapped("revenue"))
        self.assertAlmostEqual(by_tier["a"].revenue_share, by_tier["a"].revenue / total, 3)

    def test_tier_report_counts_what_the_customer_list_shows(self):
        self._recompute()
        outsider = self.env["res.partner"].create({"name": "Vendor with a tier"})
        outsider.customer_value_tier = "a"  # a tier, but not in the customer file
        action = self.env.ref("crm_customer_core.res_partner_action_customer_file")
        listed = self.env["res.partner"].search_count(
            safe_eval(action.domain) + [("customer_value_tier", "!=", False)]
        )
        report = self.env["crm.customer.tier.report"].search([])
        self.assertEqual(sum(report.mapped("customer_count")), listed)

    def test_a_failing_batch_is_skipped_not_fatal(self):
        partner_model = type(self.env["res.partner"])
        original = partner_model._write_customer_classification
        calls = []

        def flaky(records, rows):
            calls.append(len(rows))
            if len(calls) == 1:
                raise ValueError("simulated bad batch")
            return original(records, rows)

        partner_model._write_customer_classification = flaky
        try:
            with self.assertLogs("odoo.addons.crm_customer_core.models.res_partner_tier", "ERROR"):
                self.env["res.partner"]._cron_recompute_customer_classification(batch_size=2)
        finally:
            partner_model._write_customer_classification = original
        self.assertGreater(len(calls), 1, "the run went on after the failing batch")

    def test_the_scheduler_reaches_every_company_through_repeated_calls(self):
        """Two customers a call: the scheduler calls again while work remains, every
        company's customers are classified, each once; a second run has nothing to do."""
        other = self.env["res.company"].create({"name": "Tier Sister Co."})
        seller = new_test_user(
            self.env,
            login="tier_sister_seller",
            groups="sales_team.group_sale_salesman",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        sister = self.Partner.create(
            {"name": "Sister Customer", "is_company": True, "user_id": seller.id}
        )
        order = (
            self.env["sale.order"]
            .with_company(other)
            .create(
                {
                    "partner_id": sister.id,
                    "user_id": seller.id,
                    "company_id": other.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": 3000, "tax_id": False}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        cron = self.env.ref("crm_customer_core.ir_cron_customer_classification")
        Partner = type(self.env["res.partner"])
        written = []
        original = Partner._write_customer_classification

        def counting_write(partners, rows):
            written.extend(row[0] for row in rows)
            return original(partners, rows)

        def classify(env):
            env["res.partner"]._cron_recompute_customer_classification(batch_size=1)

        with (
            patch.object(res_partner_tier, "CRON_CHUNK", 2),
            patch.object(Partner, "_write_customer_classification", counting_write),
        ):
            calls = run_like_the_scheduler(cron, classify)
            self.assertGreaterEqual(calls, 3)
            self.assertEqual(len(written), len(set(written)), "each customer once")
            self.assertIn(sister.id, written)
            self.assertEqual(self.big.customer_value_tier, "a")
            self.assertEqual(sister.customer_value_tier, "a", "by its salesperson's company")
            written.clear()
            self.assertEqual(run_like_the_scheduler(cron, classify), 1)
            self.assertFalse(written)
