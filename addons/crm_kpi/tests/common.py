from datetime import date, datetime

from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

SALESMAN = "sales_team.group_sale_salesman"


class KpiCase(TransactionCase):
    """Sales (managed by the boss) with a sub-department East (its own manager) of two
    salespeople and one employee without a user; Support elsewhere; a monthly plan on Sales."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        Employee = cls.env["hr.employee"]

        def person(login, name, **values):
            user = new_test_user(
                cls.env, login=login, groups=f"base.group_user,{SALESMAN}", name=name
            )
            return Employee.create(dict(values, name=name, user_id=user.id))

        cls.sales = cls.env["hr.department"].create({"name": "KPI Sales"})
        cls.east = cls.env["hr.department"].create(
            {"name": "KPI Sales East", "parent_id": cls.sales.id}
        )
        cls.support = cls.env["hr.department"].create({"name": "KPI Support"})
        cls.boss = person("kpi_boss", "Boss", department_id=cls.sales.id)
        cls.east_manager = person(
            "kpi_east", "East Manager", department_id=cls.east.id, parent_id=cls.boss.id
        )
        cls.sales.manager_id = cls.boss
        cls.east.manager_id = cls.east_manager
        cls.alice = person(
            "kpi_alice", "Alice", department_id=cls.east.id, parent_id=cls.east_manager.id
        )
        cls.bob = person("kpi_bob", "Bob", department_id=cls.east.id, parent_id=cls.east_manager.id)
        cls.nobody = Employee.create({"name": "No User", "department_id": cls.east.id})
        cls.carol = person("kpi_carol", "Carol", department_id=cls.support.id)
        cls.kpi_manager = new_test_user(
            cls.env, login="kpi_manager", groups="base.group_user,crm_kpi.group_kpi_manager"
        )
        cls.item_amount = cls.env.ref("crm_kpi.item_sales_amount")
        cls.item_orders = cls.env.ref("crm_kpi.item_orders")
        cls.item_teamwork = cls.env.ref("crm_kpi.item_teamwork")
        cls.item_amount.target = 1000
        cls.item_orders.target = 4
        cls.plan = cls.env["crm.kpi.plan"].create(
            {
                "name": "KPI Sales plan",
                "department_id": cls.sales.id,
                "period_type": "month",
                "line_ids": [
                    Command.create({"item_id": cls.item_amount.id, "weight": 50}),
                    Command.create({"item_id": cls.item_orders.id, "weight": 30}),
                    Command.create({"item_id": cls.item_teamwork.id, "weight": 20}),
                ],
            }
        )
        cls.period = cls.env["crm.kpi.period"].create(
            {"period_type": "month", "date_from": date(2024, 10, 1), "date_to": date(2024, 10, 31)}
        )
        cls.customer = cls.env["res.partner"].create({"name": "KPI customer", "is_company": True})
        cls.product = cls.env["product.product"].create({"name": "KPI product", "type": "service"})

    @classmethod
    def _sell(cls, employee, amount, when=datetime(2024, 10, 15, 10, 0), customer=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": (customer or cls.customer).id,
                "user_id": employee.user_id.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": 1, "price_unit": amount}
                    )
                ],
            }
        )
        order.action_confirm()
        order.date_order = when
        return order

    def card(self, employee, period=None):
        return self.env["crm.kpi.scorecard"].search(
            [("employee_id", "=", employee.id), ("period_id", "=", (period or self.period).id)]
        )
