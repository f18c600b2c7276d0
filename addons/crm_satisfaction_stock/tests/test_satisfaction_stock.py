from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.crm_satisfaction.tests.common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestSatisfactionStock(SatisfactionCase):
    def test_survey_after_delivery(self):
        self.company.satisfaction_sales_trigger = "delivered"
        goods = self.env["product.product"].create(
            {"name": "Dongle", "type": "consu", "is_storable": True}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
                "order_line": [Command.create({"product_id": goods.id, "product_uom_qty": 1})],
            }
        )
        order.action_confirm()
        order.date_order = fields.Datetime.now() - timedelta(days=10)
        services = self._order(days_ago=10)
        Invitation = self.env["crm.satisfaction.invitation"]
        Invitation._cron_send_invitations()
        self.assertFalse(Invitation.search([("sale_order_id", "=", order.id)]), "not delivered yet")
        self.assertTrue(
            Invitation.search([("sale_order_id", "=", services.id)]), "services: confirmed"
        )
        picking = order.picking_ids
        picking.move_ids.quantity = 1
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        Invitation._cron_send_invitations()
        self.assertFalse(Invitation.search([("sale_order_id", "=", order.id)]), "delivered today")
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE sale_order SET effective_date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=8), order.id),
        )
        Invitation._cron_send_invitations()
        self.assertTrue(Invitation.search([("sale_order_id", "=", order.id)]))
