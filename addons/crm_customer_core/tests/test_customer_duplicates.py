from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from ..models.res_partner_duplicate import normalize_company_name, normalize_mobile
from .common import CustomerFileCase


@tagged("post_install", "-at_install")
class TestCustomerDuplicates(CustomerFileCase):
    def test_normalisation(self):
        self.assertEqual(
            normalize_company_name("星辰软件 有限公司"), normalize_company_name("星辰软件")
        )
        self.assertEqual(normalize_company_name("ACME Co., Ltd."), normalize_company_name("acme"))
        self.assertEqual(normalize_mobile("+86 138-0013-8000"), "13800138000")

    def test_same_mobile_email_or_name_flagged(self):
        by_mobile, by_email, by_name, fresh = self.Partner.create(
            [
                {"name": "Card 1", "mobile": "+86 13800138000"},
                {"name": "Card 2", "email": "INFO@xingchen.example.com"},
                {"name": "星辰软件", "is_company": True},
                {"name": "Unrelated Ltd", "is_company": True, "mobile": "13999999999"},
            ]
        )
        self.assertEqual(by_mobile.customer_duplicate_of_id, self.customer)
        self.assertEqual(by_email.customer_duplicate_of_id, self.customer)
        self.assertEqual(by_name.customer_duplicate_of_id, self.customer)
        self.assertFalse(fresh.customer_duplicate_of_id)

    def test_same_name_other_tax_number_is_not_a_duplicate(self):
        self.customer.vat = "91110000100000000A"
        other = self.Partner.create(
            {"name": "星辰软件有限公司", "is_company": True, "vat": "91310000200000000B"}
        )
        self.assertFalse(other.customer_duplicate_of_id)

    def test_merge_through_odoo_partner_merge(self):
        duplicate = self.Partner.create({"name": "Card", "mobile": "13800138000"})
        action = duplicate.action_merge_duplicate()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        self.assertEqual(wizard.partner_ids, self.customer | duplicate)
        duplicate.action_dismiss_duplicate()
        self.assertFalse(duplicate.customer_duplicate_of_id)

    def test_bulk_import_flags_in_few_queries(self):
        vals = [{"name": f"Fair card {i}", "mobile": f"1390000{i:04d}"} for i in range(200)]
        vals.append({"name": "Fair duplicate", "mobile": "13800138000"})
        partners = self.Partner.create(vals)
        self.assertEqual(
            partners.filtered("customer_duplicate_of_id").mapped("name"), ["Fair duplicate"]
        )

    def test_colleagues_customer_is_found_but_not_shown(self):
        """The main case: a salesperson enters a customer a colleague already owns."""
        form = Form(
            self.env["res.partner"]
            .with_user(self.salesman_2)
            .with_context(crm_customer_file=True, default_is_company=True)
        )
        form.name = "星辰软件"  # self.customer belongs to Sales One
        form.mobile = "+86 138 0013 8000"
        card = form.save()
        self.assertEqual(card.sudo().customer_duplicate_of_id, self.customer)
        seen = card.with_user(self.salesman_2)
        self.assertTrue(seen.customer_has_duplicate)
        self.assertFalse(seen.customer_duplicate_readable)
        self.assertEqual(seen.customer_duplicate_label, "a customer owned by Sales One")
        self.assertNotIn(self.customer.name, str(seen.read(["customer_duplicate_label"])))
        with self.assertRaises(AccessError):
            seen.action_open_duplicate()
        with self.assertRaises(AccessError):
            seen.action_merge_duplicate()
        managed = card.with_user(self.manager)
        self.assertTrue(managed.customer_duplicate_readable)
        self.assertEqual(managed.customer_duplicate_label, self.customer.display_name)
        wizard = managed.action_merge_duplicate()["res_model"]
        self.assertEqual(wizard, "base.partner.merge.automatic.wizard")

    def test_another_companys_customer_is_not_a_duplicate(self):
        other_company = self.env["res.company"].create({"name": "Other Vendor"})
        self.customer.company_id = other_company
        card_in_company = self.Partner.create(
            {"name": "Card 2", "mobile": "13800138000", "company_id": self.env.company.id}
        )
        self.assertFalse(card_in_company.customer_duplicate_of_id)
        shared = self.Partner.create({"name": "Card 3", "mobile": "13800138000"})
        self.assertEqual(shared.customer_duplicate_of_id, self.customer, "shared: any company")
