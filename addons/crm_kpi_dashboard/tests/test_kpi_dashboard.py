from datetime import date

from odoo.tests import tagged

from odoo.addons.crm_customer_core.tests.dashboard import (
    assert_listed_for,
    assert_translated,
    open_dashboard,
    queries_to_open,
    total,
)
from odoo.addons.crm_kpi.tests.common import KpiCase

# pivots and list of the board, in the order tools/dashboard_boards.py declares them
OVERALL, BY_DEPARTMENT, RANKING = "1", "2", "1"
TODAY = date(2024, 11, 5)  # the year of the test period (October 2024); the demo's is today's


@tagged("post_install", "-at_install")
class TestKpiDashboard(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref("crm_kpi_dashboard.dashboard_kpi")

    def test_employees_see_their_own_rank_managers_their_people(self):
        self._sell(self.alice, 1000)
        self._sell(self.bob, 500)
        self.period.action_compute()
        cards = self.period.scorecard_ids
        east = cards.filtered(lambda c: c.department_id == self.east)
        east_average = sum(east.mapped("total_score")) / len(east)

        alice = open_dashboard(self.dashboard.with_user(self.alice.user_id), TODAY)
        self.assertEqual(total(alice, OVERALL), 1)
        self.assertEqual(
            [r["employee_id"]["display_name"] for r in alice["lists"][RANKING]], ["Alice"]
        )
        departments = alice["pivots"][BY_DEPARTMENT][("department_id",)]
        self.assertEqual([g["department_id"][0] for g in departments], [self.east.id])
        self.assertAlmostEqual(departments[0]["department_average"], east_average)
        self.assertAlmostEqual(
            total(alice, OVERALL, "company_average"),
            sum(cards.mapped("total_score")) / len(cards),
        )

        manager = open_dashboard(self.dashboard.with_user(self.east_manager.user_id), TODAY)
        ranking = [r["employee_id"]["display_name"] for r in manager["lists"][RANKING]]
        self.assertEqual(ranking[:2], ["Alice", "Bob"], "the best score first")
        self.assertNotIn("Carol", ranking)

        everyone = open_dashboard(self.dashboard.with_user(self.kpi_manager), TODAY)
        self.assertEqual(total(everyone, OVERALL), len(cards))
        self.assertAlmostEqual(
            total(everyone, OVERALL, "total_score"), sum(cards.mapped("total_score")) / len(cards)
        )

    def test_opening_costs_the_same_queries_with_four_times_the_data(self):
        def employees(count):
            self.env["hr.employee"].create(
                [{"name": f"员工 {len(self.period.scorecard_ids)}-{i}",
                  "department_id": self.east.id} for i in range(count)]
            )  # fmt: skip
            self.period.action_compute()
            self.env.flush_all()

        employees(16)  # more than the ranking shows
        board = self.dashboard.with_user(self.kpi_manager)
        before = queries_to_open(board, TODAY)
        employees(48)
        self.assertEqual(queries_to_open(board, TODAY), before)

    def test_the_board_is_in_the_hr_dashboards_for_employees_in_chinese(self):
        group = "spreadsheet_dashboard.spreadsheet_dashboard_group_hr"
        assert_listed_for(self, self.dashboard, self.alice.user_id, group)
        assert_translated(self, self.dashboard, "crm_kpi_dashboard", "员工绩效")
