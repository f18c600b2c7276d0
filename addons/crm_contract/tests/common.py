from odoo import Command, fields
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT

SALESMAN = "sales_team.group_sale_salesman"
MANAGER = "sales_team.group_sale_manager"


class ContractCase(TransactionCase):
    """A company in Asia/Shanghai, two salespeople, a sales manager, an invoicing user, two
    customers, a service product without taxes and the project payment plan (30 % on
    signing, 60 % on acceptance + 15 days, 10 % on acceptance + 365 days)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.company = cls.env.company
        cls.company.write({"contract_approval_amount": 0, "contract_approval_discount": 0})
        cls.env.user.tz = "Asia/Shanghai"
        cls.salesman = new_test_user(
            cls.env, login="ct_sales_1", groups=SALESMAN, tz="Asia/Shanghai"
        )
        cls.salesman_2 = new_test_user(cls.env, login="ct_sales_2", groups=SALESMAN)
        cls.manager = new_test_user(cls.env, login="ct_manager", groups=MANAGER)
        cls.manager_2 = new_test_user(cls.env, login="ct_manager_2", groups=MANAGER)
        cls.accountant = new_test_user(
            cls.env, login="ct_invoicing", groups="account.group_account_invoice"
        )
        cls.team = cls.env["crm.team"].create({"name": "Contract Team", "user_id": cls.manager.id})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Contract Customer", "is_company": True, "user_id": cls.salesman.id}
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {"name": "Other Contract Customer", "is_company": True, "user_id": cls.salesman_2.id}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Implementation", "type": "service", "list_price": 1000.0, "taxes_id": False}
        )
        cls.project_plan = cls.env.ref("crm_contract.plan_template_project")

    @classmethod
    def _contract(cls, amount=1000.0, customer=None, user=None, plan=None, confirm=True, qty=1):
        order = (
            cls.env["sale.order"]
            .with_context(default_is_contract=True)
            .create(
                {
                    "partner_id": (customer or cls.customer).id,
                    "user_id": (user or cls.salesman).id,
                    "team_id": cls.team.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": qty,
                                "price_unit": amount,
                            }
                        )
                    ],
                }
            )
        )
        if plan is not False:
            order.contract_plan_template_id = plan or cls.project_plan
            order.action_contract_apply_plan()
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _invoice(cls, milestone, post=True):
        """Invoice ``milestone`` as its environment's user (the button), post it as the
        accountant would."""
        milestone.action_create_invoice()
        invoice = milestone.invoice_ids.filtered(lambda i: i.move_type == "out_invoice")[-1]
        invoice = cls.env["account.move"].browse(invoice.id)
        if post:
            invoice.action_post()
        return invoice

    @classmethod
    def _pay(cls, invoice, amount=None, date=None):
        wizard = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": amount if amount is not None else invoice.amount_residual,
                    "payment_date": date or fields.Date.context_today(invoice),
                }
            )
        )
        return wizard._create_payments()
