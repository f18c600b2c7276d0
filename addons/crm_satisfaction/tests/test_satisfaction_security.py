from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_customer_core.tests.common import SALESMAN

from .common import SatisfactionCase


@tagged("post_install", "-at_install", "security")
class TestSatisfactionSecurity(SatisfactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invitation = cls._invite(cls._order())
        cls.response = cls._answer(cls.invitation)

    def test_salesperson_sees_own_customers_only(self):
        Response = self.env["crm.satisfaction.response"]
        self.assertEqual(Response.with_user(self.salesman).search([]), self.response)
        self.assertFalse(Response.with_user(self.salesman_2).search([]))
        self.assertFalse(
            self.env["crm.satisfaction.response.line"].with_user(self.salesman_2).search([])
        )
        self.assertFalse(
            self.env["crm.satisfaction.invitation"].with_user(self.salesman_2).search([])
        )
        with self.assertRaises(AccessError):
            self.response.with_user(self.salesman_2).read(["score"])
        with self.assertRaises(AccessError):
            self.invitation.with_user(self.salesman_2).read(["survey_url"])

    def test_managers_see_all(self):
        self.assertIn(
            self.response,
            self.env["crm.satisfaction.response"].with_user(self.all_leads).search([]),
        )
        self.assertIn(
            self.response, self.env["crm.satisfaction.response"].with_user(self.manager).search([])
        )

    def test_salesperson_cannot_change_a_score(self):
        with self.assertRaises(AccessError):
            self.response.with_user(self.salesman).write({"score": 100})
        with self.assertRaises(AccessError):
            self.response.line_ids[0].with_user(self.salesman).write({"score": 100})

    def test_other_company_responses_are_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.response.company_id = other_company
        self.assertNotIn(
            self.response, self.env["crm.satisfaction.response"].with_user(self.manager).search([])
        )

    def test_portal_users_see_their_company_invitations_only(self):
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.customer.id, "email": "b@example.com"}
        )
        own = new_test_user(
            self.env, login="sat_portal_own", groups="base.group_portal", partner_id=contact.id
        )
        Invitation = self.env["crm.satisfaction.invitation"]
        self.assertEqual(Invitation.with_user(own).search([]), self.invitation)
        self.assertEqual(Invitation.with_user(self.portal_user).search([]), Invitation)
        with self.assertRaises(AccessError):
            self.invitation.with_user(self.portal_user).read(["survey_url"])
        for model in ("crm.satisfaction.response", "crm.satisfaction.response.line"):
            with self.assertRaises(AccessError):
                self.env[model].with_user(own).search([])

    def test_comparison_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.env["crm.satisfaction.comparison"].with_user(self.salesman).create({})
        plain = new_test_user(self.env, login="sat_plain", groups=SALESMAN)
        with self.assertRaises(AccessError):
            self.env["crm.satisfaction.category"].with_user(plain).create({"name": "Price"})

    def test_surveys_app_shows_satisfaction_answers_as_their_responses(self):
        """A salesperson with the Surveys officer right: in Surveys > Participations, the
        satisfaction answers of their own customers only; other surveys as Odoo has them."""
        survey_officer = self.env.ref("survey.group_survey_user")
        self.salesman_2.groups_id |= survey_officer
        self.salesman.groups_id |= survey_officer
        self.all_leads.groups_id |= survey_officer
        Answer, Line = self.env["survey.user_input"], self.env["survey.user_input.line"]
        answer = self.invitation.user_input_id
        self.assertNotIn(answer, Answer.with_user(self.salesman_2).search([]))
        lines = Line.with_user(self.salesman_2).search([("user_input_id", "=", answer.id)])
        self.assertFalse(lines)
        with self.assertRaises(AccessError):
            answer.with_user(self.salesman_2).read(["partner_id"])
        with self.assertRaises(AccessError):
            answer.user_input_line_ids[:1].with_user(self.salesman_2).read(["value_text_box"])
        self.assertIn(answer, Answer.with_user(self.salesman).search([]))
        self.assertIn(answer, Answer.with_user(self.all_leads).search([]))
        # an ordinary survey keeps Odoo's rules
        other = self.env["survey.survey"].create({"title": "Event feedback"})
        other_answer = other._create_answer(partner=self.customer)
        self.assertIn(other_answer, Answer.with_user(self.salesman_2).search([]))
        # another company's satisfaction answers are hidden from its managers too
        self.invitation.company_id = self.env["res.company"].create({"name": "Other Sat Co"})
        self.assertNotIn(answer, Answer.with_user(self.all_leads).search([]))
