from datetime import date

from odoo.tests import tagged

from odoo.addons.crm_customer_core.tests.dashboard import (
    assert_listed_for,
    assert_translated,
    open_dashboard,
    queries_to_open,
    total,
)
from odoo.addons.crm_satisfaction.tests.common import SatisfactionCase

# pivots and list of the board, in the order tools/dashboard_boards.py declares them
ANSWERS, NPS, BY_TEAM, NPS_BY_TEAM, AT_RISK = "1", "2", "3", "4", "5"
# a year of its own: the demo answers are dated today
TODAY = date(2001, 6, 1)


@tagged("post_install", "-at_install")
class TestSatisfactionDashboard(SatisfactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref("crm_satisfaction_dashboard.dashboard_satisfaction")
        (cls.salesman | cls.salesman_2 | cls.all_leads).write({"tz": "Asia/Shanghai"})

    def _respond(self, customer, when, score, nps):
        response = self._answer(
            self._invite(self._order(customer=customer)), product=score, delivery=score, nps=nps
        )
        response.date = when
        return response

    def _year_2001(self):
        """Three answers of the salesperson's customer, the last one a fall, one of them at
        01:30 on 1 January 2001 in Shanghai (still 2000 in UTC), and a detractor of the
        colleague's customer, whose next answer is at 00:30 on 1 January 2002."""
        mine = self._respond(self.customer, "2000-12-31 17:30:00", 9, 10)
        mine |= self._respond(self.customer, "2001-03-10 02:00:00", 9, 10)
        mine |= self._respond(self.customer, "2001-05-10 02:00:00", 3, 7)
        self._respond(self.customer_2, "2001-12-31 16:30:00", 9, 10)
        colleague = self._respond(self.customer_2, "2001-03-10 02:00:00", 2, 3)
        self.env.flush_all()
        return mine, colleague

    def test_a_salesperson_sees_the_answers_of_their_customers_this_year(self):
        mine, colleague = self._year_2001()
        self.assertTrue(self.customer.satisfaction_at_risk)
        board = open_dashboard(self.dashboard.with_user(self.salesman), TODAY)
        self.assertEqual(total(board, ANSWERS), 3, "1 January 01:30 is 2001's, not 2002's")
        self.assertAlmostEqual(
            total(board, ANSWERS, "score"), sum(mine.mapped("score")) / 3, places=4
        )
        self.assertAlmostEqual(total(board, NPS, "nps_points"), (100 + 100 + 0) / 3)
        score_by_month, nps_by_month = board["charts"]
        self.assertEqual([g["__count"] for g in score_by_month], [1, 1, 1])
        self.assertEqual([g["nps_points"] for g in nps_by_month], [100.0, 100.0, 0.0])
        self.assertEqual(total(board, AT_RISK), 1)
        self.assertEqual([r["name"] for r in board["lists"]["1"]], [self.customer.name])
        by_team = board["pivots"][BY_TEAM][("team_id",)]
        self.assertEqual([(g["team_id"][0], g["__count"]) for g in by_team], [(self.team.id, 3)])

        leads = open_dashboard(self.dashboard.with_user(self.all_leads), TODAY)
        self.assertEqual(total(leads, ANSWERS), 4)
        self.assertAlmostEqual(total(leads, NPS, "nps_points"), (100 + 100 + 0 - 100) / 4)
        self.assertAlmostEqual(
            total(leads, ANSWERS, "score"),
            (sum(mine.mapped("score")) + colleague.score) / 4, places=4,
        )  # fmt: skip

    def test_opening_costs_the_same_queries_with_four_times_the_data(self):
        def answers(count):
            for index in range(count):
                customer = self.Partner.create(
                    {"name": f"客户 {index}", "email": "c@example.com",
                     "user_id": self.salesman.id}
                )  # fmt: skip
                self._respond(customer, f"2001-0{index % 5 + 1}-10 02:00:00", 9, 10)
                self._respond(customer, f"2001-0{index % 5 + 1}-11 02:00:00", 2, 2)
            self.env.flush_all()

        answers(12)  # more customers at risk than the list shows
        board = self.dashboard.with_user(self.salesman)
        before = queries_to_open(board, TODAY)
        answers(36)
        self.assertEqual(queries_to_open(board, TODAY), before)

    def test_the_board_is_in_the_sales_dashboards_for_salespeople_in_chinese(self):
        group = "spreadsheet_dashboard.spreadsheet_dashboard_group_sales"
        assert_listed_for(self, self.dashboard, self.salesman, group)
        assert_translated(self, self.dashboard, "crm_satisfaction_dashboard", "客户满意度")
