from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_feedback.tests.common import FeedbackCase


@tagged("post_install", "-at_install")
class TestFeedbackLicensePortal(HttpCase, FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        product = cls.env["product.product"].create(
            {"name": "Portal ERP", "type": "service", "is_software_license": True}
        )
        License = cls.env["crm.software.license"]
        cls.own_license = License.create(
            {"partner_id": cls.customer.id, "product_id": product.id, "state": "active"}
        )
        cls.foreign_license = License.create(
            {"partner_id": cls.customer_2.id, "product_id": product.id, "state": "active"}
        )
        cls.portal_a = new_test_user(cls.env, login="fbl_portal_a", groups="base.group_portal")
        cls.portal_a.partner_id.parent_id = cls.customer

    def _submit(self, license_id):
        return self.url_open(
            "/my/tickets/new",
            data={
                "subject": "Activation refused",
                "license_id": license_id,
                "csrf_token": Request.csrf_token(self),
            },
        )

    def test_customer_names_one_of_their_licenses(self):
        self.authenticate("fbl_portal_a", "fbl_portal_a")
        form = self.url_open("/my/tickets/new").text
        self.assertIn(self.own_license.name, form)
        self.assertNotIn(self.foreign_license.name, form)
        self._submit(self.own_license.id)
        ticket = self.Ticket.search([("name", "=", "Activation refused")])
        self.assertEqual(ticket.license_id, self.own_license)
        self.assertIn(self.own_license.name, self.url_open(ticket.get_portal_url()).text)

    def test_another_customers_license_is_ignored(self):
        self.authenticate("fbl_portal_a", "fbl_portal_a")
        self._submit(self.foreign_license.id)
        ticket = self.Ticket.search([("name", "=", "Activation refused")])
        self.assertTrue(ticket, "the ticket is still recorded")
        self.assertFalse(ticket.license_id)
