import io

from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import SQL

from ..hooks import uninstall_hook
from ..report.crm_customer_demand_facts import install_demand_facts
from .common import CustomerFileCase, url_open_read_only


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

    def _facts(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id, order_id, order_count, partner_id, date, product_id, order_user_id,"
                " team_id, company_id, quantity, amount FROM crm_customer_demand_fact ORDER BY id"
            )
        )
        return self.env.cr.fetchall()

    def test_facts_follow_the_orders(self):
        """Whatever changes an order, its facts equal a rebuild from the orders."""
        other = self.env["product.product"].create({"name": "Second product", "list_price": 7})
        order = self._order(self.customer_2, 100, user=self.salesman_2)
        order.order_line = [
            Command.create({"product_id": other.id, "price_unit": 40, "tax_id": [Command.clear()]}),
            Command.create({"display_type": "line_note", "name": "a note, not demand"}),
        ]
        order.order_line.filtered("product_id")[0].product_uom_qty = 3
        contact = self.env["res.partner"].create(
            {"name": "Moving buyer", "parent_id": self.customer.id}
        )
        moved = self._order(contact, 70)
        contact.parent_id = self.customer_2  # its orders now count for its new company
        quotation = self._order(self.customer, 60, confirm=False)
        quotation.action_confirm()
        cancelled = self._order(self.customer, 80)
        cancelled._action_cancel()
        # written by SQL, as an import script or a module's migration would
        self.env.flush_all()
        self.env.cr.execute(
            SQL("UPDATE sale_order_line SET price_subtotal = 55 WHERE order_id = %s", quotation.id)
        )
        self.env.cr.execute(SQL("DELETE FROM sale_order_line WHERE order_id = %s", moved.id))
        maintained = self._facts()
        install_demand_facts(self.env.cr)
        self.assertEqual(maintained, self._facts())

        rows = {row[0]: row for row in maintained}
        line = order.order_line.filtered(lambda line: line.product_id == self.product)
        self.assertEqual(rows[line.id][9], 3, "a changed quantity")
        self.assertEqual(len(order.order_line.filtered(lambda ln: ln.id in rows)), 2, "no note")
        self.assertEqual(sum(rows[ln.id][2] for ln in order.order_line if ln.id in rows), 1)
        self.assertFalse(set(cancelled.order_line.ids) & set(rows), "cancelled: no demand")
        self.assertEqual(rows[quotation.order_line.id][10], 55)

    def test_orders_counted_once_in_every_grouping(self):
        """An order with two products counts once per group, also under each product."""
        other = self.env["product.product"].create({"name": "Second product"})
        order = self._order(self.customer, 10)
        order.order_line = [
            Command.create({"product_id": other.id, "price_unit": 5, "tax_id": [Command.clear()]})
        ]
        domain = [("partner_id", "=", self.customer.id)]
        report = self.Report.with_user(self.salesman)
        self.assertTrue(report._groups_hold_whole_orders(domain, ["visit_method_id", "date:month"]))
        self.assertFalse(report._groups_hold_whole_orders(domain, ["product_id"]))
        self.assertFalse(report._groups_hold_whole_orders([("product_id", "=", other.id)], []))
        [(orders, lines)] = report._read_group(domain, [], ["order_id:count_distinct", "__count"])
        self.assertEqual((orders, lines), (3, 4))
        by_product = dict(report._read_group(domain, ["product_id"], ["order_id:count_distinct"]))
        self.assertEqual(by_product, {self.product: 3, other: 1})
        [(orders,)] = report._read_group(
            [*domain, ("product_id", "=", other.id)], [], ["order_id:count_distinct"]
        )
        self.assertEqual(orders, 1)
        # a caller's context cannot force the shortcut where it would be wrong
        forced = report.with_context(crm_demand_count_first_lines=True)
        self.assertEqual(
            dict(forced._read_group(domain, ["product_id"], ["order_id:count_distinct"])),
            by_product,
        )

    def test_uninstall_leaves_orders_writable(self):
        # the test's transaction is rolled back afterwards, DDL included
        uninstall_hook(self.env)
        self.env.cr.execute(
            SQL("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'crm_customer_demand%%'")
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.env.cr.execute(SQL("SELECT to_regclass('crm_customer_demand_fact')"))
        self.assertIsNone(self.env.cr.fetchone()[0])
        order = self._order(self.customer, 30)
        order.order_line.product_uom_qty = 2
        self.env.flush_all()

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
        response = url_open_read_only(self, url)
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
