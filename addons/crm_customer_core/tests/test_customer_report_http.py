import io

from openpyxl import load_workbook

from odoo.tests import HttpCase, new_test_user, tagged

from .common import url_open_read_only


@tagged("post_install", "-at_install")
class TestTierReportExport(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        new_test_user(cls.env, login="crm_xlsx_manager", groups="sales_team.group_sale_manager")
        new_test_user(cls.env, login="crm_xlsx_sales", groups="sales_team.group_sale_salesman")
        cls.env["res.partner"]._cron_recompute_customer_classification()

    def test_manager_downloads_the_tier_table(self):
        self.authenticate("crm_xlsx_manager", "crm_xlsx_manager")
        response = url_open_read_only(self, "/crm_customer_core/tier_report.xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][1], "Value Tier")
        report = self.env["crm.customer.tier.report"].search([])
        self.assertEqual(len(rows) - 1, len(report))
        self.assertEqual(sum(r[2] for r in rows[1:]), sum(report.mapped("customer_count")))

    def test_salesman_and_anonymous_refused(self):
        self.authenticate("crm_xlsx_sales", "crm_xlsx_sales")
        self.assertEqual(self.url_open("/crm_customer_core/tier_report.xlsx").status_code, 404)
        self.authenticate(None, None)
        response = self.url_open("/crm_customer_core/tier_report.xlsx", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
