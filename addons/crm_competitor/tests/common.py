from odoo import Command

from odoo.addons.crm_customer_core.tests.common import CustomerFileCase


class CompetitorCase(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.boyuan = cls.env["crm.competitor"].create({"name": "博远软件", "price_level": "lower"})
        cls.tianqi = cls.env["crm.competitor"].create({"name": "天启云", "price_level": "higher"})
        cls.reason_price = cls.env.ref("crm_competitor.lost_reason_price")
        cls.reason_competitor = cls.env.ref("crm_competitor.lost_reason_competitor")
        cls.product_2 = cls.env["product.product"].create(
            {"name": "CRM Test Training", "type": "service", "list_price": 50.0}
        )

    @classmethod
    def _quotation(cls, user=None, partner=None, quotes=(), lines=((None, 1000.0),)):
        """A quotation of ``user`` with ``lines`` ((product, price), ...) and competitors'
        ``quotes`` ((competitor, price, product), ...)."""
        user = user or cls.salesman
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "user_id": user.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": (product or cls.product).id,
                            "price_unit": price,
                            "tax_id": False,
                        }
                    )
                    for product, price in lines
                ],
                "competitor_quote_ids": [
                    Command.create(
                        {
                            "competitor_id": competitor.id,
                            "price": price,
                            "product_id": product.id if product else False,
                        }
                    )
                    for competitor, price, product in quotes
                ],
            }
        )

    def _mark_lost(self, orders, reason=None, winner=None, price=0.0, user=None):
        action = orders.with_user(user or self.env.user).action_mark_lost()
        wizard = (
            self.env["crm.quotation.lost"]
            .with_user(user or self.env.user)
            .with_context(**action["context"])
            .create(
                {
                    "lost_reason_id": reason.id if reason else False,
                    "won_competitor_id": winner.id if winner else False,
                    "won_price": price,
                }
            )
        )
        return wizard.action_confirm()
