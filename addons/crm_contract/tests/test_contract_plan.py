from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ContractCase


@tagged("post_install", "-at_install")
class TestContractPlan(ContractCase):
    def test_contract_from_the_menu_with_a_template_plan(self):
        """The Contracts menu's form: a contract of a type takes the type's plan; confirming
        gives it a number and its signing date; the milestones follow the events."""
        action = self.env.ref("crm_contract.sale_order_action_contracts")
        Order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .with_context(**safe_eval(action.context))
        )
        with freeze_time("2026-03-02 02:00"):  # 10:00 in Shanghai
            form = Form(Order)
            form.partner_id = self.customer
            form.contract_type_id = self.env.ref("crm_contract.contract_type_project")
            with form.order_line.new() as line:
                line.product_id = self.product
                line.price_unit = 999.99
            order = form.save()
            self.assertTrue(order.is_contract)
            order.action_contract_apply_plan()
            self.assertEqual(len(order.contract_milestone_ids), 3)
            self.assertEqual(sum(order.contract_milestone_ids.mapped("amount")), 999.99)
            self.assertEqual(
                order.contract_milestone_ids.mapped("amount"), [300.0, 599.99, 100.0],
                "the rounding goes to the last percentage milestone",
            )  # fmt: skip
            order.action_confirm()
            self.assertRegex(order.contract_number, r"^HT2026-\d{4}$")
            self.assertEqual(order.contract_sign_date, date(2026, 3, 2))
            signing, acceptance, retention = order.contract_milestone_ids
            self.assertEqual(signing.date_due, date(2026, 3, 2))
            self.assertFalse(acceptance.date_due, "waits for the acceptance")
            self.assertEqual(order.contract_status, "signed")
            order.order_line.qty_delivered = 1
            self.assertEqual(order.contract_status, "acceptance")
            self._pay(self._invoice(signing))
        with freeze_time("2026-04-01 03:00"):
            order.action_contract_accept()
            self.assertEqual(acceptance.date_due, date(2026, 4, 16))
            self.assertEqual(retention.date_due, date(2027, 4, 1))
            self.assertEqual(order.contract_status, "collecting")

    def test_plan_must_cover_the_total_before_confirmation(self):
        order = self._contract(confirm=False)
        order.contract_milestone_ids[-1].unlink()
        with self.assertRaisesRegex(UserError, "must cover the total exactly"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.contract_number)

    def test_fixed_and_percentage_milestones_follow_the_total(self):
        order = self._contract(confirm=False, plan=False)
        order.contract_milestone_ids = [
            Command.create({"name": "Deposit", "amount_type": "fixed", "amount": 250.0}),
            Command.create({"name": "Balance", "percentage": 75.0, "trigger": "delivery"}),
        ]
        deposit, balance = order.contract_milestone_ids
        self.assertEqual((deposit.amount, balance.amount), (250.0, 750.0))
        order.order_line.price_unit = 2000.0
        self.assertEqual((deposit.amount, balance.amount), (250.0, 1500.0), "fixed stays")
        self.assertEqual(order.contract_plan_difference, 250.0)
        with self.assertRaisesRegex(UserError, "must cover the total exactly"):
            order.action_confirm()

    def test_contract_without_a_plan_is_due_on_signing(self):
        order = self._contract(plan=False)
        self.assertEqual(order.contract_milestone_ids.mapped("percentage"), [100.0])
        self.assertEqual(order.contract_milestone_ids.amount, 1000.0)

    def test_bad_milestones_are_refused(self):
        order = self._contract()
        with self.assertRaisesRegex(ValidationError, "before the contract is signed"):
            self.env["crm.contract.milestone"].create(
                {
                    "order_id": order.id,
                    "name": "Too early",
                    "amount_type": "fixed",
                    "amount": 10,
                    "trigger": "date",
                    "date_planned": date(2000, 1, 1),
                }
            )
        with self.assertRaises(ValidationError):
            order.contract_milestone_ids[0].percentage = 120

    def test_a_plan_in_another_currency_is_refused(self):
        usd = self.env.ref("base.USD")
        eur = self.env.ref("base.EUR")
        other = eur if self.company.currency_id == usd else usd
        other.active = True
        template = self.env["crm.contract.plan.template"].create(
            {
                "name": "Fixed in another currency",
                "currency_id": other.id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Fixed",
                            "amount_type": "fixed",
                            "fixed_amount": 100,
                            "trigger": "signing",
                        }
                    )
                ],
            }
        )
        order = self._contract(confirm=False, plan=False)
        order.contract_plan_template_id = template
        with self.assertRaisesRegex(UserError, "has amounts in"):
            order.action_contract_apply_plan()
