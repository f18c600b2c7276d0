from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import CustomerFileCase


@tagged("post_install", "-at_install")
class TestCustomerHandover(CustomerFileCase):
    def _wizard(self, **values):
        return (
            self.env["crm.customer.handover"]
            .with_user(self.manager)
            .create({"from_user_id": self.salesman.id, "to_user_id": self.salesman_2.id, **values})
        )

    def test_handover_moves_customers_activities_and_quotations(self):
        second = self.Partner.create(
            {"name": "Second", "is_company": True, "user_id": self.salesman.id}
        )
        activity = self.customer.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.salesman.id, summary="Call back"
        )
        quotation = self._order(self.customer, 80, confirm=False)
        confirmed = self._order(self.customer, 90)
        self._wizard(note="Sales One resigned").action_handover()
        self.assertEqual((self.customer | second).user_id, self.salesman_2)
        self.assertEqual(activity.user_id, self.salesman_2)
        self.assertEqual(quotation.user_id, self.salesman_2)
        self.assertEqual(confirmed.user_id, self.salesman, "confirmed orders keep their seller")
        self.assertIn("Handed over from Sales One to Sales Two", self.customer.message_ids[0].body)
        self.assertIn("Sales One resigned", self.customer.message_ids[0].body)

    def test_handover_of_a_selection(self):
        second = self.Partner.create(
            {"name": "Second", "is_company": True, "user_id": self.salesman.id}
        )
        self._wizard(partner_ids=[(6, 0, second.ids)], move_quotations=False).action_handover()
        self.assertEqual(second.user_id, self.salesman_2)
        self.assertEqual(self.customer.user_id, self.salesman)

    def test_handover_to_archived_user_refused(self):
        self.salesman_2.active = False
        with self.assertRaises(UserError):
            self._wizard().action_handover()
        self.assertEqual(self.customer.user_id, self.salesman, "nothing written")

    def test_handover_of_someone_elses_customer_refused(self):
        with self.assertRaises(UserError):
            self._wizard(partner_ids=[(6, 0, self.customer_2.ids)]).action_handover()

    def test_salesman_cannot_hand_over(self):
        with self.assertRaises(AccessError):
            self.env["crm.customer.handover"].with_user(self.salesman).create(
                {"from_user_id": self.salesman.id, "to_user_id": self.salesman_2.id}
            )
