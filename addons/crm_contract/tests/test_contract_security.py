from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import ContractCase


@tagged("post_install", "-at_install", "security")
class TestContractSecurity(ContractCase):
    def test_salespeople_see_their_own_receivables_only(self):
        mine = self._contract()
        theirs = self._contract(customer=self.customer_2, user=self.salesman_2)
        Milestone = self.env["crm.contract.milestone"].with_user(self.salesman)
        self.assertEqual(Milestone.search([]).order_id & (mine | theirs), mine)
        other = theirs.contract_milestone_ids[0].with_user(self.salesman)
        with self.assertRaises(AccessError):
            other.read(["amount"])
        with self.assertRaises(AccessError):
            other.write({"name": "mine now"})
        with self.assertRaises(AccessError):
            other.unlink()
        Report = self.env["crm.contract.receivable.report"].with_user(self.salesman)
        self.assertFalse(Report.search([("order_id", "=", theirs.id)]))
        self.assertTrue(
            self.env["crm.contract.milestone"]
            .with_user(self.manager)
            .search([("order_id", "=", theirs.id)])
        )

    def test_invoicing_users_read_all_receivables_and_change_none(self):
        order = self._contract(customer=self.customer_2, user=self.salesman_2)
        milestone = order.contract_milestone_ids[0].with_user(self.accountant)
        self.assertEqual(milestone.read(["amount"])[0]["amount"], 300.0)
        with self.assertRaises(AccessError):
            milestone.write({"name": "changed"})
        self.assertTrue(
            self.env["crm.contract.receivable.report"]
            .with_user(self.accountant)
            .search([("order_id", "=", order.id)])
        )

    def test_another_company_is_not_seen(self):
        other = self.env["res.company"].create({"name": "Contract Sister Co."})
        order = self._contract()
        order.contract_milestone_ids.flush_recordset()
        self.env.cr.execute(
            "UPDATE crm_contract_milestone SET company_id = %s WHERE order_id = %s",
            [other.id, order.id],
        )
        self.env.invalidate_all()
        Milestone = self.env["crm.contract.milestone"].with_user(self.manager)
        self.assertFalse(Milestone.search([("order_id", "=", order.id)]))


@tagged("post_install", "-at_install", "security")
class TestContractPortal(HttpCase, ContractCase):
    def test_the_customer_sees_their_plan_and_nothing_of_another(self):
        mine = self._contract()
        theirs = self._contract(customer=self.customer_2, user=self.salesman_2)
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.customer.id, "email": "buyer@example.com"}
        )
        new_test_user(
            self.env, login="ct_portal", groups="base.group_portal", partner_id=contact.id
        )
        self.authenticate("ct_portal", "ct_portal")
        page = self.url_open(f"/my/orders/{mine.id}").text
        self.assertIn(mine.contract_number, page)
        self.assertIn("o_crm_contract_plan", page)
        self.assertIn("Advance on signing", page)
        response = self.url_open(f"/my/orders/{theirs.id}", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(theirs.contract_number, response.text)
