from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


class LicenseCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.salesman = new_test_user(
            cls.env, login="lic_sales_1", groups="sales_team.group_sale_salesman"
        )
        cls.salesman_2 = new_test_user(
            cls.env, login="lic_sales_2", groups="sales_team.group_sale_salesman"
        )
        cls.manager = new_test_user(
            cls.env, login="lic_manager", groups="sales_team.group_sale_manager"
        )
        cls.portal_user = new_test_user(cls.env, login="lic_portal", groups="base.group_portal")
        cls.customer = cls.env["res.partner"].create(
            {"name": "License Customer", "is_company": True, "user_id": cls.salesman.id}
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {"name": "Other Customer", "is_company": True, "user_id": cls.salesman_2.id}
        )
        cls.maintenance = cls.env["product.product"].create(
            {
                "name": "ERP maintenance",
                "type": "service",
                "list_price": 30,
                "is_license_maintenance": True,
                "license_duration_months": 12,
            }
        )
        cls.subscription = cls.env["product.product"].create(
            {
                "name": "ERP annual",
                "type": "service",
                "list_price": 100,
                "is_software_license": True,
                "license_type": "subscription",
                "license_duration_months": 12,
                "license_seats_per_unit": 5,
                "license_maintenance_months": 12,
                "license_maintenance_product_id": cls.maintenance.id,
            }
        )
        cls.perpetual = cls.env["product.product"].create(
            {
                "name": "Tool perpetual",
                "type": "service",
                "list_price": 50,
                "is_software_license": True,
                "license_type": "perpetual",
                "license_seats_per_unit": 1,
            }
        )
        cls.service = cls.env["product.product"].create(
            {"name": "Training", "type": "service", "list_price": 10}
        )

    @classmethod
    def _order(cls, partner, lines, user=None):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": (user or cls.salesman).id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in lines
                ],
            }
        )

    @classmethod
    def _sold_license(cls, partner, product, qty, user=None):
        """The license issued by confirming a one-line order."""
        order = cls._order(partner, [(product, qty)], user=user)
        order.action_confirm()
        return order.license_ids
