import json

from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_customer_core.tests.common import url_open_read_only

from ..models.license_number import machine_code
from .common import LicenseCase
from .test_license_offline import verify_file

MACHINE_7 = machine_code("GOV-MACHINE-7")


@tagged("post_install", "-at_install")
class TestLicensePortal(HttpCase, LicenseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.license = cls._sold_license(cls.customer, cls.subscription, 1)
        cls.license._activate_seat("office-pc-1", hostname="office-pc-1")
        cls.other_license = cls._sold_license(cls.customer_2, cls.perpetual, 1, user=cls.salesman_2)
        cls.portal_a = new_test_user(cls.env, login="lic_portal_a", groups="base.group_portal")
        cls.portal_a.partner_id.parent_id = cls.customer
        cls.portal_b = new_test_user(cls.env, login="lic_portal_b", groups="base.group_portal")
        cls.portal_b.partner_id.parent_id = cls.customer_2

    def test_list_shows_own_company_licenses_only(self):
        self.authenticate("lic_portal_a", "lic_portal_a")
        page = url_open_read_only(self, "/my/licenses").text
        self.assertIn(self.license.name, page)
        self.assertNotIn(self.other_license.name, page)
        self.assertIn(self.subscription.name, page)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["license_count"]})
        self.assertEqual(counters["license_count"], 1)
        searched = self.url_open(
            f"/my/licenses?search={self.license.name[:5]}&search_in=name&filterby=active"
        ).text
        self.assertIn(self.license.name, searched)
        self.assertIn("There are no licenses", self.url_open("/my/licenses?search=ZZZZ").text)

    def test_detail_page_and_tampered_urls(self):
        self.authenticate("lic_portal_a", "lic_portal_a")
        response = url_open_read_only(self, f"/my/licenses/{self.license.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("office-pc-1", response.text)
        self.assertIn("Offline Activation", response.text)
        for url in (
            f"/my/licenses/{self.other_license.id}",
            f"/my/licenses/{self.other_license.id}?access_token=forged",
            f"/my/licenses/{self.other_license.id}?report_type=pdf",
            "/my/licenses/999999",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 303, url)
            self.assertTrue(response.headers["Location"].endswith("/my"), url)

    def test_access_token_link_works_as_in_sale_portal(self):
        url = self.other_license.get_portal_url()
        self.assertIn("access_token=", url)
        response = url_open_read_only(self, url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.other_license.name, response.text)
        self.assertNotIn("Offline Activation", response.text, "a shared link takes no seat")

    def test_certificate(self):
        self.authenticate("lic_portal_a", "lic_portal_a")
        response = url_open_read_only(self, f"/my/licenses/{self.license.id}?report_type=html")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Software License Certificate", response.text)
        self.assertIn(self.license.name, response.text)
        pdf = url_open_read_only(self, f"/my/licenses/{self.license.id}?report_type=pdf")
        self.assertEqual(pdf.status_code, 200)
        html = self.env["ir.actions.report"]._render_qweb_html(
            "crm_software_license.action_report_license_certificate", self.license.ids
        )[0]
        self.assertIn(self.license.name, html.decode())

    def test_offline_activation_through_the_portal(self):
        self.authenticate("lic_portal_a", "lic_portal_a")
        response = self.url_open(
            f"/my/licenses/{self.license.id}/offline",
            data={"machine_code": MACHINE_7, "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        payload = verify_file(response.content, self.env.company.license_public_key)
        self.assertEqual(payload["fingerprint"], MACHINE_7)
        self.assertEqual(self.license.seats_used, 2)
        # another customer's license: refused, nothing written
        response = self.url_open(
            f"/my/licenses/{self.other_license.id}/offline",
            data={
                "machine_code": machine_code("GOV-MACHINE-8"),
                "csrf_token": Request.csrf_token(self),
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertFalse(self.other_license.activation_ids)
        # a full license: the error is shown on the page, no traceback
        self.license.seats = 2
        response = self.url_open(
            f"/my/licenses/{self.license.id}/offline",
            data={
                "machine_code": machine_code("GOV-MACHINE-9"),
                "csrf_token": Request.csrf_token(self),
            },
        )
        self.assertIn("seats of license", response.text)
        self.assertNotIn("Traceback", response.text)
        self.assertEqual(self.license.seats_used, 2)

    def test_portal_refuses_a_malformed_machine_code(self):
        self.authenticate("lic_portal_a", "lic_portal_a")
        response = self.url_open(
            f"/my/licenses/{self.license.id}/offline",
            data={"machine_code": "NOTAVALIDCODE", "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("A machine code has 16 letters", response.text)
        self.assertEqual(self.license.seats_used, 1, "no seat taken")

    def test_customer_releases_a_seat_on_the_portal(self):
        activation = self.license.activation_ids
        self.assertEqual(len(activation), 1)
        other_activation = self.other_license._activate_seat("OTHER-CUSTOMER-PC")
        self.authenticate("lic_portal_a", "lic_portal_a")
        page = self.url_open(f"/my/licenses/{self.license.id}")
        self.assertIn("Release Seat", page.text)
        # another customer's activation through my license's URL: nothing released
        self.url_open(
            f"/my/licenses/{self.license.id}/release",
            data={"activation_id": other_activation.id, "csrf_token": Request.csrf_token(self)},
        )
        self.assertTrue(other_activation.active)
        # my own activation through another customer's license URL: redirected, nothing done
        response = self.url_open(
            f"/my/licenses/{self.other_license.id}/release",
            data={"activation_id": other_activation.id, "csrf_token": Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(other_activation.active)
        response = self.url_open(
            f"/my/licenses/{self.license.id}/release",
            data={"activation_id": activation.id, "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(activation.active)
        self.assertEqual(self.license.seats_used, 0)
        self.assertIn("released", self.license.message_ids[0].body)

    def test_offline_activation_needs_csrf(self):
        self.authenticate("lic_portal_a", "lic_portal_a")
        response = self.url_open(
            f"/my/licenses/{self.license.id}/offline", data={"machine_code": MACHINE_7}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.license.seats_used, 1)

    def test_pager_and_sorting(self):
        extra = self.env["crm.software.license"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "product_id": self.perpetual.id,
                    "state": "active",
                    "seats": 1,
                }
                for _i in range(80)
            ]
        )
        self.authenticate("lic_portal_a", "lic_portal_a")
        first = self.url_open("/my/licenses?sortby=name").text
        second = self.url_open("/my/licenses/page/2?sortby=name").text
        names = sorted((extra | self.license).mapped("name"))
        self.assertIn(names[0], first)
        self.assertNotIn(names[-1], first)
        self.assertIn(names[-1], second)

    def test_portal_user_reads_no_other_activation(self):
        Activation = self.env["crm.software.license.activation"].with_user(self.portal_b)
        self.assertFalse(Activation.search([("license_id", "=", self.license.id)]))
        self.assertEqual(
            self.env["crm.software.license"].with_user(self.portal_b).search([]),
            self.other_license,
        )
        self.assertTrue(json.dumps(self.license.with_user(self.portal_a).read(["name"])))
