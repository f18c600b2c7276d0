"""Figures a company can trust: one response per invitation whatever the route, no
satisfaction answer counted as a certification, a closed template closes its invitations."""

from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.crm_customer_core.models import ir_actions_report

from .common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestSatisfactionTrust(SatisfactionCase):
    def test_one_response_per_invitation_whatever_the_route(self):
        Response = self.env["crm.satisfaction.response"]
        invitation = self._invite(self._order())
        first = self._answer(invitation, product=3, delivery=3, attitude=2, response=2, nps=3)
        answer, survey = invitation.user_input_id, invitation.survey_id
        self.assertTrue(survey.is_attempts_limited and survey.attempts_limit == 1)
        self.assertFalse(
            survey._has_attempts_left(answer.partner_id, answer.email, answer.invite_token),
            "the thank-you page offers no Take again",
        )
        # Odoo's retry route creates its answer this way: refused
        with self.assertRaisesRegex(UserError, "No attempts left"):
            survey._create_answer(
                partner=answer.partner_id, email=answer.email, invite_token=answer.invite_token
            )
        # a second answer made anyway, a good one this time: it records nothing
        again = survey.sudo()._create_answer(
            partner=answer.partner_id,
            email=answer.email,
            invite_token=answer.invite_token,
            check_attempts=False,
        )
        for question in survey.question_ids.filtered(lambda q: q.question_type == "scale"):
            again._save_lines(question, str(question.scale_max))
        again._mark_done()
        responses = Response.search([("commercial_partner_id", "=", self.customer.id)])
        self.assertEqual(responses, first)
        self.assertEqual(len(first.activity_ids), 1, "one call to make, not one per answer")
        # the same customer asked again about another order answers again
        second = self._answer(self._invite(self._order()))
        self.assertEqual(
            Response.search([("commercial_partner_id", "=", self.customer.id)]), first | second
        )

    def test_satisfaction_answers_are_no_certifications(self):
        invitation = self._invite(self._order())
        self._answer(invitation, product=10, delivery=10, attitude=5, response=4, nps=10)
        self.assertFalse(invitation.user_input_id.scoring_success)
        self.assertEqual(self.customer.certifications_count, 0)
        survey = invitation.survey_id
        survey.write({"certification": True, "scoring_type": "scoring_with_answers"})
        self.assertFalse(survey.certification, "a satisfaction template stays a plain survey")
        self.assertEqual(survey.scoring_type, "no_scoring")

    def test_closing_a_template_cancels_its_open_invitations(self):
        answered = self._invite(self._order())
        self._answer(answered)
        pending = self._invite(self._order(customer=self.customer_2))
        survey = pending.survey_id
        survey.action_archive()
        self.assertEqual((pending.state, pending.skip_reason), ("cancelled", "survey_closed"))
        self.assertEqual(answered.state, "done", "what was answered stays")

    def test_a_new_margin_applies_to_every_customer_at_once(self):
        for _round in range(3):
            self._answer(self._invite(self._order()), product=9, delivery=9)
        self._answer(
            self._invite(self._order()), product=3, delivery=3, attitude=2, response=2, nps=7
        )
        self.assertTrue(self.customer.satisfaction_at_risk)
        drop = self.customer.satisfaction_drop
        self.assertEqual(drop, round(-self.customer.satisfaction_trend))
        self.assertGreater(drop, 15, "points fallen, a positive whole number")
        settings = self.env["res.config.settings"].create({})
        settings.satisfaction_risk_margin = drop + 5
        settings.execute()
        self.assertFalse(self.customer.satisfaction_at_risk, "no answer needed to clear it")
        self.company.satisfaction_risk_margin = 10
        self.assertTrue(self.customer.satisfaction_at_risk)
        arch = self.env["res.partner"].get_view(view_type="form")["arch"]
        self.assertIn('name="satisfaction_drop"', arch)

    def test_a_customer_surveyed_by_hand_again_next_year(self):
        """By hand, about the customer: again once the previous invitation is answered or
        closed, never two open at once for the same template."""
        Invitation = self.env["crm.satisfaction.invitation"]

        def send():
            wizard = self._send_wizard(self.salesman, "res.partner", self.customer)
            return wizard.action_send()

        send()
        first = Invitation.search([("partner_id", "=", self.customer.id)])
        with self.assertRaisesRegex(UserError, "already"):
            send()
        self._answer(first)
        send()
        invitations = Invitation.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(invitations), 2)
        self.assertEqual(sorted(invitations.mapped("state")), ["done", "sent"])
        with self.assertRaisesRegex(UserError, "already"):
            send()

    def test_where_users_look(self):
        """The low-score response shows what the customer wrote; the order form has the
        button to survey its customer."""
        response = self._answer(
            self._invite(self._order()), product=2, delivery=2, comment="Nobody called back."
        )
        self.assertTrue(response.is_low)
        self.assertEqual(response.with_user(self.salesman).comment, "Nobody called back.")
        form = self.env["crm.satisfaction.response"].get_view(view_type="form")["arch"]
        self.assertIn('name="comment"', form)
        order_form = self.env["sale.order"].get_view(view_type="form")["arch"]
        self.assertIn("Send Satisfaction Survey", order_form)
        customer_form = (
            self.env["res.partner"].with_user(self.salesman).get_view(view_type="form")["arch"]
        )
        self.assertIn("Send Satisfaction Survey", customer_form)

    def test_comparison_screen_has_a_title_and_says_when_a_period_is_empty(self):
        self._answer(self._invite(self._order()))
        Comparison = self.env["crm.satisfaction.comparison"].with_user(self.all_leads)
        action = Comparison.action_open()
        comparison = Comparison.browse(action["res_id"])
        self.assertTrue(comparison.exists(), "a saved comparison: its title, not 'New'")
        self.assertIn("Salesperson vs Team", comparison.display_name)
        self.assertIn("vs Company", comparison.comparison_html)
        self.assertNotIn("No satisfaction response", comparison.comparison_html)
        comparison.write({"date_from": "2001-01-01", "date_to": "2001-03-31"})
        self.assertIn("No satisfaction response in this period", comparison.comparison_html)
        self.assertNotIn("Company average", comparison.comparison_html)

    def test_printed_comparison_has_the_company_letterhead(self):
        """Where the PDF engine drops the layout's header (wkhtmltopdf without patched Qt, as
        Debian ships it), the company's letterhead is printed in the page itself."""
        comparison = self.env["crm.satisfaction.comparison"].with_user(self.all_leads).create({})
        report = "crm_satisfaction.action_report_satisfaction_comparison"
        for prints_headers in (False, True):
            with patch.object(
                ir_actions_report, "wkhtmltopdf_prints_headers", return_value=prints_headers
            ):
                html = str(
                    self.env["ir.actions.report"]._render_qweb_html(report, comparison.ids)[0]
                )
            page = html[html.index('class="page"') :]
            self.assertEqual("o_crm_letterhead" in page, not prints_headers)
            if not prints_headers:
                self.assertIn(self.env.company.name, page)
