from odoo import Command
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

SALESMAN = "sales_team.group_sale_salesman"
ALL_LEADS = "sales_team.group_sale_salesman_all_leads"
MANAGER = "sales_team.group_sale_manager"


class CustomerFileCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.company.write(
            {
                "crm_tier_method": "amount",
                "crm_tier_a_threshold": 1000,
                "crm_tier_b_threshold": 300,
                "crm_tier_window_months": 12,
                "crm_pool_claim_daily_limit": 10,
                "crm_pool_reclaim_days": 30,
            }
        )
        cls.salesman = new_test_user(
            cls.env, login="crm_sales_1", groups=SALESMAN, name="Sales One"
        )
        cls.salesman_2 = new_test_user(
            cls.env, login="crm_sales_2", groups=SALESMAN, name="Sales Two"
        )
        cls.manager = new_test_user(
            cls.env, login="crm_manager", groups=MANAGER, name="Sales Manager"
        )
        cls.portal_user = new_test_user(
            cls.env, login="crm_portal", groups="base.group_portal", name="Portal Customer"
        )
        cls.stage_potential = cls.env.ref("crm_customer_core.stage_potential")
        cls.stage_intent = cls.env.ref("crm_customer_core.stage_intent")
        cls.stage_deal = cls.env.ref("crm_customer_core.stage_deal")
        cls.product = cls.env["product.product"].create(
            {
                "name": "CRM Test Software",
                "type": "service",
                "list_price": 100.0,
            }
        )
        cls.Partner = cls.env["res.partner"].with_context(crm_customer_file=True)
        cls.customer = cls.Partner.create(
            {
                "name": "星辰软件有限公司",
                "is_company": True,
                "user_id": cls.salesman.id,
                "email": "info@xingchen.example.com",
                "mobile": "138 0013 8000",
            }
        )
        cls.customer_2 = cls.Partner.create(
            {
                "name": "Other Salesman Customer",
                "is_company": True,
                "user_id": cls.salesman_2.id,
            }
        )

    @classmethod
    def _pool_customers(cls, count=4, daily_limit=3):
        """``count`` customers in the pool, with a daily claim limit of ``daily_limit``."""
        cls.company.crm_pool_claim_daily_limit = daily_limit
        return cls.Partner.with_context(crm_customer_pool=True).create(
            [{"name": f"Pool customer {i}", "is_company": True} for i in range(count)]
        )

    def flush_tracking(self):
        """Tracking values are written when the transaction would commit."""
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()

    @classmethod
    def _order(cls, partner, amount, confirm=True, date=None, user=None):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": (user or cls.salesman).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )
        if confirm:
            order.action_confirm()
            if date:
                order.date_order = date
        return order


def url_open_read_only(case, url, **kwargs):
    """``case.url_open(url)`` on a route declared ``readonly=True``, proving it writes
    nothing: Odoo's tests run such a route in a read-only transaction, and a write there is
    redone on a read/write cursor with a warning, as it would be after a replica refused it
    (so with ``db_replica_host`` set the route would run on the primary, not the replica)."""
    with case.assertNoLogs("odoo.http", "WARNING"):
        return case.url_open(url, **kwargs)
