from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, tagged

from .common import CustomerFileCase


@tagged("post_install", "-at_install")
class TestCustomerProfile(CustomerFileCase):
    def test_code_from_sequence_with_configured_prefix(self):
        self.env["res.config.settings"].create(
            {"crm_customer_code_prefix": "KH-", "crm_customer_code_next": 500}
        ).execute()
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(
            (settings.crm_customer_code_prefix, settings.crm_customer_code_next), ("KH-", 500)
        )
        partner = self.Partner.create({"name": "Prefixed Customer", "is_company": True})
        self.assertEqual(partner.customer_code, "KH-000500")
        self.assertEqual(partner.customer_stage_id, self.stage_potential)

    def test_code_unique_per_company(self):
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.customer_2.customer_code = self.customer.customer_code
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.customer_2.company_id = other_company
        self.customer_2.customer_code = self.customer.customer_code  # another company: allowed

    def test_bad_next_number_refused(self):
        settings = self.env["res.config.settings"].create({"crm_customer_code_next": 0})
        with self.assertRaises(ValidationError):
            settings.execute()

    def test_child_contacts_stay_out_of_the_file(self):
        contact = self.Partner.create({"name": "王伟", "parent_id": self.customer.id})
        self.assertFalse(contact.customer_stage_id)
        self.assertFalse(contact.customer_code)
        plain = self.env["res.partner"].create({"name": "A vendor"})
        self.assertFalse(plain.customer_stage_id, "partners outside the customer menu stay outside")

    def test_profile_options_are_editable_lists(self):
        source = self.env["crm.customer.source"].create({"name": "WeChat group"})
        with Form(self.customer.with_user(self.salesman)) as form:
            form.customer_source_id = source
            form.customer_nature = "government"
            form.customer_visit_method_id = self.env.ref("crm_customer_core.visit_method_online")
            form.customer_purchase_expectation_id = self.env.ref(
                "crm_customer_core.purchase_expectation_this_quarter"
            )
            form.customer_relationship = "3"
        self.assertEqual(self.customer.customer_source_id, source)
        with self.assertRaises(AccessError):
            self.env["crm.customer.source"].with_user(self.salesman).create({"name": "Nope"})

    def test_portal_user_cannot_read_the_file_of_their_own_partner(self):
        own = self.portal_user.partner_id
        own.sudo().customer_code = "SECRET1"
        with self.assertRaises(AccessError):
            own.with_user(self.portal_user).read(["customer_code"])
        with self.assertRaises(AccessError):
            own.with_user(self.portal_user).read(["customer_value_tier"])

    def test_do_not_market_uses_the_mail_blacklist(self):
        self.flush_tracking()  # as if the customer had been created in an earlier transaction
        customer = self.customer.with_context(tracking_disable=False, mail_notrack=False)
        customer.with_user(self.salesman).customer_do_not_market = True
        blacklisted = self.env["mail.blacklist"].search(
            [("email", "=", self.customer.email_normalized)]
        )
        self.assertTrue(blacklisted.active)
        self.assertTrue(self.customer.is_blacklisted)
        self.flush_tracking()
        tracked = self.customer.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "customer_do_not_market"
        )
        self.assertTrue(tracked, "the flag change is in the chatter")
        customer.with_user(self.salesman).customer_do_not_market = False
        self.assertFalse(self.customer.is_blacklisted)

    def test_360_summary_extension_point(self):
        self._order(self.customer, 50)
        summary = dict(self.customer._get_customer_360_summary())
        self.assertEqual(summary["Sale orders"], 1)
        self.assertEqual(summary["Follow-ups"], 0)
