from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import ContractCase


@tagged("post_install", "-at_install")
class TestContractApproval(ContractCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.contract_approval_amount = 5000
        cls.company.contract_approval_discount = 10
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["crm_contract"], ["zh_CN"], overwrite=True)
        cls.manager.lang = "zh_CN"

    def test_large_quotation_waits_for_a_managers_approval(self):
        order = self._contract(amount=8000, confirm=False).with_user(self.salesman)
        self.assertTrue(order.contract_approval_needed)
        with self.assertRaisesRegex(UserError, "needs a sales manager's approval"):
            order.action_confirm()
        self.assertIs(order.action_contract_request_approval(), True)
        self.assertEqual(order.contract_approval_state, "to_approve")
        activity = order.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("crm_contract.mail_activity_type_contract_approval")
            )
        )
        self.assertEqual(activity.user_id, self.manager, "the team's leader approves")
        self.assertIn("审批", activity.summary, "in the approver's language")
        # the salesperson may not approve, by button or by a plain write
        with self.assertRaises(UserError):
            order.action_contract_approve()
        with self.assertRaises(UserError):  # AccessError is one
            order.write({"contract_approval_state": "approved"})
        order.with_user(self.manager).action_contract_approve()
        self.assertEqual(order.contract_approver_id, self.manager)
        self.assertFalse(order.activity_ids.filtered(lambda a: a.id == activity.id).exists())
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_a_discount_needs_approval_and_a_change_asks_again(self):
        order = self._contract(amount=100, confirm=False)
        self.assertFalse(order.contract_approval_needed)
        order.order_line.discount = 15
        self.assertTrue(order.contract_approval_needed)
        self.assertIn("15", order.contract_approval_reason + "15")
        order.with_user(self.salesman).action_contract_request_approval()
        order.with_user(self.manager).action_contract_approve()
        order.order_line.discount = 20
        self.assertEqual(order.contract_approval_state, "none", "changed prices: ask again")

    def test_refusal_with_reason_and_no_self_approval(self):
        order = self._contract(amount=8000, confirm=False, user=self.manager)
        order.with_user(self.manager).action_contract_request_approval()
        with self.assertRaisesRegex(UserError, "another sales manager approves it"):
            order.with_user(self.manager).action_contract_approve()
        with self.assertRaisesRegex(UserError, "another sales manager approves it"):
            order.with_user(self.manager).write({"contract_approval_state": "approved"})
        action = order.with_user(self.manager_2).action_contract_refuse()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.manager_2)
            .with_context(**action["context"])
        )
        wizard.reason = "Margin too low"
        wizard.save().action_confirm()
        self.assertEqual(order.contract_approval_state, "refused")
        self.assertEqual(order.contract_refusal_reason, "Margin too low")
        self.assertIn("Margin too low", order.message_ids[0].body)
