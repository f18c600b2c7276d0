from odoo.tests import tagged

from .common import CustomerFileCase


@tagged("post_install", "-at_install")
class TestCustomerStage(CustomerFileCase):
    def test_quotation_then_confirmation_move_the_stage(self):
        self.assertEqual(self.customer.customer_stage_id, self.stage_potential)
        order = self._order(self.customer, 200, confirm=False)
        self.assertEqual(self.customer.customer_stage_id, self.stage_intent)
        order.with_user(self.salesman).action_confirm()
        self.assertEqual(self.customer.customer_stage_id, self.stage_deal)

    def test_order_for_a_contact_moves_the_company(self):
        contact = self.Partner.create({"name": "李娜", "parent_id": self.customer.id})
        self._order(contact, 10)
        self.assertEqual(self.customer.customer_stage_id, self.stage_deal)
        self.assertFalse(contact.customer_stage_id)

    def test_stage_never_moves_backwards(self):
        self._order(self.customer, 10)
        self._order(self.customer, 10, confirm=False)
        self.assertEqual(self.customer.customer_stage_id, self.stage_deal)

    def test_unknown_buyer_enters_the_file(self):
        walk_in = self.env["res.partner"].create({"name": "Walk-in buyer"})
        self._order(walk_in, 10)
        self.assertEqual(walk_in.customer_stage_id, self.stage_deal)
        self.assertTrue(walk_in.customer_code)

    def test_stage_history_in_chatter(self):
        self.flush_tracking()  # as if the customer had been created in an earlier transaction
        customer = self.customer.with_context(tracking_disable=False, mail_notrack=False)
        customer.customer_stage_id = self.stage_intent
        self.flush_tracking()
        values = customer.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "customer_stage_id"
        )
        self.assertTrue(values)
        self.assertEqual(values[0].new_value_char, self.stage_intent.name)

    def test_kanban_groups_show_every_stage(self):
        groups = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .read_group(
                [("customer_stage_id", "!=", False)], ["customer_stage_id"], ["customer_stage_id"]
            )
        )
        self.assertGreaterEqual(len(groups), 3)
