from odoo.tests import HttpCase, tagged

from odoo.addons.crm_customer_core.tests.common import url_open_read_only

from .common import KpiCase


@tagged("post_install", "-at_install")
class TestKpiAnalysis(KpiCase):
    def test_department_average_rank_and_company(self):
        self._sell(self.alice, 1000)
        self._sell(self.bob, 500)
        self.period.action_compute()
        Report = self.env["crm.kpi.comparison.report"]
        rows = {row.employee_id: row for row in Report.search([("period_id", "=", self.period.id)])}
        alice, bob = rows[self.alice], rows[self.bob]
        east_cards = self.period.scorecard_ids.filtered(lambda c: c.department_id == self.east)
        average = sum(east_cards.mapped("total_score")) / len(east_cards)
        self.assertAlmostEqual(alice.department_average, average)
        self.assertEqual((alice.rank_in_department, bob.rank_in_department), (1, 2))
        self.assertEqual(alice.department_size, len(east_cards))
        self.assertAlmostEqual(alice.vs_department, alice.total_score - average)
        self.assertAlmostEqual(
            alice.company_average,
            sum(self.period.scorecard_ids.mapped("total_score")) / len(self.period.scorecard_ids),
        )
        # an employee sees their own row, with the department's average
        own = Report.with_user(self.alice.user_id).search([])
        self.assertEqual(own.employee_id, self.alice)
        self.assertAlmostEqual(own.department_average, average)
        # the printed scorecard (HTML in tests; tests/test_pdf.py renders the PDF)
        card = self.card(self.alice)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("crm_kpi.report_kpi_scorecard", card.ids)[0]
            .decode()
        )
        self.assertIn("Alice", html)
        self.assertIn("rank", html)

    def test_chart_shows_score_department_company_and_baseline_side_by_side(self):
        self._sell(self.alice, 1000)
        self.period.action_compute()
        Chart = self.env["crm.kpi.comparison.chart"]
        rows = Chart.search(
            [("period_id", "=", self.period.id), ("employee_id", "=", self.alice.id)]
        )
        values = {row.series: row.value for row in rows}
        report = self.env["crm.kpi.comparison.report"].search(
            [("period_id", "=", self.period.id), ("employee_id", "=", self.alice.id)]
        )
        self.assertEqual(
            values,
            {
                "score": report.total_score,
                "department": report.department_average,
                "company": report.company_average,
                "baseline": report.baseline_score,
            },
        )
        self.assertEqual(Chart.with_user(self.bob.user_id).search([]).employee_id, self.bob)

    def test_comparison_queries_do_not_grow_with_employees(self):
        self.period.action_compute()
        Report = self.env["crm.kpi.comparison.report"]

        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Report._read_group(
                [], ["department_id", "employee_id"], ["total_score:avg", "department_average:avg"]
            )
            return self.env.cr.sql_log_count - before

        few = queries()
        self.env["hr.employee"].create(
            [{"name": f"More {i}", "department_id": self.east.id} for i in range(8)]
        )
        self.period.action_compute()
        self.assertEqual(queries(), few)


@tagged("post_install", "-at_install")
class TestKpiExport(HttpCase, KpiCase):
    def test_department_xlsx(self):
        self._sell(self.alice, 1000)
        self.period.action_compute()
        self.authenticate("kpi_manager", "kpi_manager")
        url = f"/crm_kpi/department.xlsx?period_id={self.period.id}&department_id={self.sales.id}"
        response = url_open_read_only(self, url)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.content.startswith(b"PK"))
        self.assertEqual(self.url_open("/crm_kpi/department.xlsx?period_id=abc").status_code, 404)
