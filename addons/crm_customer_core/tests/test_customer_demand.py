import io

from openpyxl import load_workbook

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from .common import CustomerFileCase


class DemandCase(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.walk_in = cls.env.ref("crm_customer_core.visit_method_walk_in")
        cls.online = cls.env.ref("crm_customer_core.visit_method_online")
        cls.customer.write(
            {"customer_visit_method_id": cls.walk_in.id, "customer_gender": "female"}
        )
        cls.customer_2.customer_visit_method_id = cls.online
        contact = cls.env["res.partner"].create({"name": "Buyer", "parent_id": cls.customer.id})
        cls._order(cls.customer, 300)
        cls._order(contact, 200)  # a contact's order counts for its company
        cls._order(cls.customer_2, 500, user=cls.salesman_2)
        cls._order(cls.customer, 999, confirm=False)  # a quotation: no demand yet
        cls.Report = cls.env["crm.customer.demand.report"]

    def _by_method(self, user=None):
        Report = self.Report.with_user(user) if user else self.Report
        return {
            method: (amount, orders, customers)
            for method, amount, orders, customers in Report._read_group(
                [("partner_id", "in", (self.customer | self.customer_2).ids)],
                ["visit_method_id"],
                ["amount:sum", "order_id:count_distinct", "partner_id:count_distinct"],
            )
        }


@tagged("post_install", "-at_install")
class TestCustomerDemand(DemandCase):
    def test_confirmed_lines_by_customer_profile(self):
        by_method = self._by_method()
        self.assertEqual(by_method[self.walk_in], (500.0, 2, 1))
        self.assertEqual(by_method[self.online], (500.0, 1, 1))

    def test_salesperson_sees_own_customers_only(self):
        by_method = self._by_method(self.salesman)
        self.assertEqual(set(by_method), {self.walk_in})
        other_line = self.Report.search([("partner_id", "=", self.customer_2.id)], limit=1)
        with self.assertRaises(AccessError):
            other_line.with_user(self.salesman).read(["amount"])
        with self.assertRaises(AccessError):
            self.Report.with_user(self.portal_user).search([])
        self.assertEqual(len(self._by_method(self.manager)), 2)

    def test_export_wizard(self):
        wizard = Form(self.env["crm.customer.demand.export"].with_user(self.salesman))
        wizard.dimension = "gender"
        action = wizard.save().action_export()
        self.assertIn("dimension=gender", action["url"])
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.env["crm.customer.demand.export"].create(
                {"date_from": "2026-12-31", "date_to": "2026-01-01"}
            )


@tagged("post_install", "-at_install")
class TestCustomerDemandExport(HttpCase, DemandCase):
    def _sheet(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))

    def test_salesperson_exports_own_customers_only(self):
        self.authenticate("crm_sales_1", "crm_sales_1")
        rows = self._sheet("/crm_customer_core/demand_report.xlsx?dimension=visit_method_id")
        self.assertEqual(rows[0][0], "Visit Method")
        labels = [row[0] for row in rows[1:]]
        self.assertIn(self.walk_in.name, labels)
        self.assertNotIn(self.online.name, labels)
        self.assertEqual(
            self.url_open("/crm_customer_core/demand_report.xlsx?dimension=name").status_code,
            404,
            "only the offered dimensions",
        )

    def test_manager_exports_everything_over_a_period(self):
        self.authenticate("crm_manager", "crm_manager")
        rows = self._sheet(
            "/crm_customer_core/demand_report.xlsx?dimension=visit_method_id"
            "&date_from=2000-01-01&date_to=2999-12-31"
        )
        labels = [row[0] for row in rows[1:]]
        self.assertIn(self.walk_in.name, labels)
        self.assertIn(self.online.name, labels)
        empty = self._sheet(
            "/crm_customer_core/demand_report.xlsx?dimension=visit_method_id"
            "&date_from=2000-01-01&date_to=2000-12-31"
        )
        self.assertEqual(len(empty), 1, "nothing ordered then")
