from odoo.tests import tagged

from .common import CompetitorCase


@tagged("post_install", "-at_install")
class TestWinLoss(CompetitorCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.won = cls._quotation(quotes=((cls.boyuan, 800.0, None), (cls.tianqi, 1200.0, None)))
        cls.won.action_confirm()
        cls.lost_to_boyuan = cls._quotation(quotes=((cls.boyuan, 900.0, None),))
        cls.lost_on_budget = cls._quotation(
            user=cls.salesman_2, partner=cls.customer_2, quotes=((cls.boyuan, 1100.0, None),)
        )
        cls.open = cls._quotation(
            lines=((None, 1000.0), (cls.product_2, 400.0)),
            quotes=((cls.tianqi, 300.0, cls.product_2),),
        )

    def setUp(self):
        super().setUp()
        self._mark_lost(self.lost_to_boyuan, reason=self.reason_competitor, winner=self.boyuan)
        self._mark_lost(
            self.lost_on_budget, reason=self.env.ref("crm_competitor.lost_reason_budget")
        )

    def _by_competitor(self, user=None):
        Report = self.env["crm.competitor.winloss.report"].with_user(user or self.env.user)
        return {
            competitor: values
            for competitor, *values in Report._read_group(
                [],
                ["competitor_id"],
                [
                    "deal_count:sum",
                    "won_count:sum",
                    "lost_count:sum",
                    "lost_to_count:sum",
                    "win_rate:avg",
                    "price_gap:sum",
                    "price_gap_percent:avg",
                ],
            )
        }

    def test_win_rate_and_price_gap_by_competitor(self):
        figures = self._by_competitor(self.manager)
        deals, won, lost, lost_to, rate, gap, gap_percent = figures[self.boyuan]
        self.assertEqual((deals, won, lost, lost_to), (3, 1, 2, 1))
        self.assertAlmostEqual(rate, 100 / 3, places=2)
        # 800 - 1000, 900 - 1000, 1100 - 1000
        self.assertEqual(gap, -200.0 - 100.0 + 100.0)
        self.assertAlmostEqual(gap_percent, (-20 - 10 + 10) / 3, places=2)
        deals, won, lost, lost_to, rate, gap, _percent = figures[self.tianqi]
        self.assertEqual((deals, won, lost, lost_to), (2, 1, 0, 0))
        self.assertEqual(rate, 100.0, "the open quotation is not decided: not in the rate")
        self.assertEqual(gap, 200.0 - 100.0, "against the product they quoted for, 400")

    def test_by_product_and_outcome(self):
        Report = self.env["crm.competitor.winloss.report"]
        rows = Report.search([("competitor_id", "=", self.tianqi.id)])
        self.assertEqual(
            sorted(rows.mapped(lambda r: (r.product_id.name, r.outcome))),
            [("CRM Test Software", "won"), ("CRM Test Training", "open")],
        )
        lost = Report.search([("order_id", "=", self.lost_to_boyuan.id)])
        self.assertEqual(
            (lost.outcome, lost.lost_reason_id, lost.won_competitor_id),
            ("lost", self.reason_competitor, self.boyuan),
        )

    def test_cancelled_not_lost_is_no_deal(self):
        self.open.with_context(disable_cancel_warning=True).action_cancel()
        rows = self.env["crm.competitor.winloss.report"].search([("order_id", "=", self.open.id)])
        self.assertFalse(rows)

    def test_competitor_page_counts_deals(self):
        self.assertEqual((self.boyuan.won_count, self.boyuan.lost_count), (1, 2))
        action = self.boyuan.action_view_lost()
        rows = self.env["crm.competitor.winloss.report"].search(action["domain"])
        self.assertEqual(rows.order_id, self.lost_to_boyuan | self.lost_on_budget)
        competitors = self.boyuan | self.tianqi
        competitors.invalidate_recordset()
        with self.assertQueryCount(1):
            competitors.mapped("won_count")

    def test_salesperson_sees_own_figures(self):
        deals, won, lost, *_rest = self._by_competitor(self.salesman_2)[self.boyuan]
        self.assertEqual((deals, won, lost), (1, 0, 1))
        self.assertNotIn(self.tianqi, self._by_competitor(self.salesman_2))
        boyuan = self.boyuan.with_user(self.salesman_2)
        self.assertEqual((boyuan.won_count, boyuan.lost_count), (0, 1))
