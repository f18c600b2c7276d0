from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import CustomerFileCase


@tagged("post_install", "-at_install", "security")
class TestCustomerSecurity(CustomerFileCase):
    def test_salesman_sees_own_and_pool_customers_only(self):
        pool = self.Partner.create({"name": "Pool", "is_company": True})
        visible = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .search([("customer_stage_id", "!=", False)])
        )
        self.assertIn(self.customer, visible)
        self.assertIn(pool, visible)
        self.assertNotIn(self.customer_2, visible)
        with self.assertRaises(AccessError):
            self.customer_2.with_user(self.salesman).read(["name"])
        with self.assertRaises(AccessError):
            self.customer_2.with_user(self.salesman).write({"name": "hijacked"})
        contact = self.Partner.create({"name": "Contact of 2", "parent_id": self.customer_2.id})
        with self.assertRaises(AccessError):
            contact.with_user(self.salesman).read(["name"])

    def test_partners_outside_the_file_stay_visible(self):
        vendor = self.env["res.partner"].create(
            {"name": "Paper supplier", "user_id": self.salesman_2.id}
        )
        vendor.with_user(self.salesman).read(["name"])

    def test_manager_sees_all(self):
        visible = (
            self.env["res.partner"]
            .with_user(self.manager)
            .search([("id", "in", (self.customer | self.customer_2).ids)])
        )
        self.assertEqual(visible, self.customer | self.customer_2)

    def test_followups_of_others_hidden(self):
        Followup = self.env["crm.customer.followup"]
        theirs = Followup.create(
            {
                "partner_id": self.customer_2.id,
                "user_id": self.salesman_2.id,
                "summary": "secret price",
            }
        )
        mine = Followup.create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesman_2.id,
                "summary": "colleague visited my customer",
            }
        )
        visible = Followup.with_user(self.salesman).search([])
        self.assertIn(mine, visible, "the owner sees what colleagues promised his customer")
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman).read(["summary"])
        self.assertEqual(
            Followup.with_user(self.manager).search([("id", "in", (theirs | mine).ids)]),
            theirs | mine,
        )

    def test_portal_user_sees_none_of_it(self):
        for model in (
            "crm.customer.followup",
            "crm.customer.stage",
            "crm.customer.pool.log",
            "crm.customer.tier.report",
            "crm.customer.source",
        ):
            with self.subTest(model=model), self.assertRaises(AccessError):
                self.env[model].with_user(self.portal_user).search([])
        with self.assertRaises(AccessError):
            self.customer.with_user(self.portal_user).read(["name"])

    def test_other_company_followups_hidden(self):
        other = self.env["res.company"].create({"name": "Other company"})
        followup = self.env["crm.customer.followup"].create(
            {
                "partner_id": self.customer.id,
                "summary": "elsewhere",
                "company_id": other.id,
                "user_id": self.salesman.id,
            }
        )
        with self.assertRaises(AccessError):
            followup.with_user(self.salesman).read(["summary"])

    def test_salesman_cannot_configure(self):
        with self.assertRaises(AccessError):
            self.stage_potential.with_user(self.salesman).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.env["crm.customer.pool.rule"].with_user(self.salesman).create({"name": "x"})
        with self.assertRaises(AccessError):
            self.env["crm.customer.tier.report"].with_user(self.salesman).search([])
