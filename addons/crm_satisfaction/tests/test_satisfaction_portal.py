from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_customer_core.tests.common import url_open_read_only

from .common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestSatisfactionPortal(HttpCase, SatisfactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create(
            {"name": "Buyer", "parent_id": cls.customer.id, "email": "buyer@example.com"}
        )
        cls.own_portal = new_test_user(
            cls.env, login="sat_buyer", groups="base.group_portal", partner_id=contact.id
        )
        cls.invitation = cls._invite(cls._order())
        cls.start_path = cls.invitation.user_input_id.get_start_url()
        cls.question = cls.q["product"].title

    def test_portal_home_lists_the_company_surveys(self):
        self.authenticate("sat_buyer", "sat_buyer")
        page = url_open_read_only(self, "/my/surveys").text
        self.assertIn(self.start_path.split("?")[0], page)
        self.assertIn(self.invitation.sale_order_id.name, page, "which order it is about")
        self.authenticate("crm_portal", "crm_portal")
        page = self.url_open("/my/surveys").text
        self.assertNotIn(self.invitation.user_input_id.access_token, page)

    def test_same_company_contact_answers_while_logged_in(self):
        self.authenticate("sat_buyer", "sat_buyer")
        response = self.url_open(self.start_path)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_survey_start", response.text)

    def test_other_customer_and_public_without_token_are_refused(self):
        self.authenticate("crm_portal", "crm_portal")
        response = self.url_open(self.start_path, allow_redirects=False)
        self.assertNotIn("o_survey_start", response.text)
        self.authenticate(None, None)
        survey_path = self.start_path.split("?")[0]
        for path in (survey_path, f"{survey_path}?answer_token=not-a-token"):
            response = self.url_open(path, allow_redirects=True)
            self.assertNotIn("o_survey_start", response.text)
        response = self.url_open(self.start_path)
        self.assertIn("o_survey_start", response.text, "the invitation's link works without login")

    def test_thank_you_page_leads_back_to_the_account(self):
        self._answer(self.invitation)
        self.authenticate("sat_buyer", "sat_buyer")
        page = self.url_open(self.start_path).text
        self.assertIn("o_survey_finished", page)
        self.assertIn('href="/my"', page)
        self.assertNotIn("/survey/retry/", page)
