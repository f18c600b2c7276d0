from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.crm_satisfaction.tests.common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestSatisfactionFeedback(SatisfactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service_survey = cls.env.ref("crm_satisfaction.survey_service_satisfaction")
        cls.company.write(
            {
                "satisfaction_service_survey_id": cls.service_survey.id,
                "satisfaction_service_delay": 1,
                "satisfaction_low_score_ticket": True,
            }
        )
        cls.agent = new_test_user(
            cls.env, login="sat_agent", groups="crm_feedback.group_feedback_user"
        )
        cls.other_agent = new_test_user(
            cls.env, login="sat_agent_2", groups="crm_feedback.group_feedback_user"
        )
        cls.feedback_team = cls.env["crm.feedback.team"].create(
            {"name": "Satisfaction support", "member_ids": [fields.Command.set(cls.agent.ids)]}
        )

    def _ticket(self, solved_days_ago=2):
        ticket = self.env["crm.feedback.ticket"].create(
            {
                "name": "Cannot print invoices",
                "partner_id": self.customer.id,
                "team_id": self.feedback_team.id,
                "user_id": self.agent.id,
            }
        )
        ticket.stage_id = self.env.ref("crm_feedback.stage_solved")
        ticket.solved_date = fields.Datetime.now() - timedelta(days=solved_days_ago)
        return ticket

    def _answer_service(self, invitation, solution=8, nps=9):
        answer = invitation.user_input_id
        questions = {q.title: q for q in self.service_survey.question_ids}
        for question in self.service_survey.question_ids:
            if question.question_type == "scale":
                answer._save_lines(question, str(nps if question.satisfaction_nps else solution))
            elif question.question_type == "simple_choice":
                best = question.suggested_answer_ids.sorted("answer_score")[-1]
                answer._save_lines(question, str(best.id))
        self.assertTrue(questions)
        answer._save_lines(
            self.env.ref("crm_satisfaction.survey_service_satisfaction_q_comment"), "Too slow!"
        )
        answer._mark_done()
        return invitation.response_id

    def test_service_survey_after_solved_ticket_once(self):
        solved = self._ticket(solved_days_ago=2)
        just_solved = self._ticket(solved_days_ago=0)
        Invitation = self.env["crm.satisfaction.invitation"]
        Invitation._cron_send_invitations()
        Invitation._cron_send_invitations()
        invitations = Invitation.search([("ticket_id", "in", (solved | just_solved).ids)])
        self.assertEqual(invitations.ticket_id, solved)
        self.assertEqual(len(invitations), 1)
        self.assertEqual(invitations.survey_id, self.service_survey)
        response = self._answer_service(invitations)
        self.assertEqual(response.satisfaction_type, "service")
        self.assertEqual(response.ticket_id, solved)
        self.assertEqual(response.ticket_user_id, self.agent)
        self.assertEqual(response.user_id, self.salesman, "the customer's salesperson")
        self.assertEqual(solved.satisfaction_score, response.score)

    def test_agent_sends_by_hand_from_a_ticket(self):
        ticket = self._ticket(solved_days_ago=0)
        form = self.env["crm.feedback.ticket"].with_user(self.agent).get_view(view_type="form")
        self.assertIn("Send Satisfaction Survey", form["arch"], "a button where agents look")
        wizard = Form(
            self.env["crm.satisfaction.send"]
            .with_user(self.agent)
            .with_context(active_model="crm.feedback.ticket", active_ids=ticket.ids)
        ).save()
        self.assertEqual(wizard.satisfaction_type, "service")
        wizard.action_send()
        invitation = self.env["crm.satisfaction.invitation"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(invitation.survey_id, self.service_survey)
        self.assertEqual(
            self.env["crm.satisfaction.invitation"]
            .with_user(self.agent)
            .search([("ticket_id", "=", ticket.id)]),
            invitation,
        )
        with self.assertRaises(AccessError):
            invitation.with_user(self.other_agent).read(["state"])

    def test_low_score_opens_a_ticket_quoting_the_answers(self):
        ticket = self._ticket()
        self.env["crm.satisfaction.invitation"]._cron_send_invitations()
        invitation = self.env["crm.satisfaction.invitation"].search([("ticket_id", "=", ticket.id)])
        response = self._answer_service(invitation, solution=2, nps=3)
        self.assertTrue(response.is_low)
        followup = response.followup_ticket_id
        self.assertTrue(followup)
        self.assertEqual(followup.partner_id, self.customer)
        self.assertEqual(followup.satisfaction_origin_id, response)
        self.assertIn("Too slow!", followup.description)
        self.assertIn(
            self.env.ref("crm_satisfaction.survey_service_satisfaction_q_solution").title,
            followup.description,
        )
        self.assertTrue(response.activity_ids, "the salesperson is called too")

    def test_low_sales_score_opens_a_ticket_unless_disabled(self):
        response = self._answer(
            self._invite(self._order()), product=2, delivery=2, attitude=1, response=1, nps=2
        )
        self.assertTrue(response.followup_ticket_id)
        self.company.satisfaction_low_score_ticket = False
        response = self._answer(
            self._invite(self._order()), product=2, delivery=2, attitude=1, response=1, nps=2
        )
        self.assertFalse(response.followup_ticket_id)

    def test_low_score_ticket_in_the_language_of_who_works_on_it(self):
        """The customer answers in English; the ticket's assignee reads Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_satisfaction_feedback"], ["zh_CN"])
        self.feedback_team.member_ids.write({"lang": "zh_CN"})
        self.company.partner_id.lang = "zh_CN"
        invitation = self._invite(self._order()).with_context(lang="en_US")
        response = self._answer(invitation, product=2, delivery=2, attitude=1, response=1, nps=2)
        followup = response.followup_ticket_id
        self.assertTrue(followup.name.startswith("低满意度"), followup.name)
        self.assertNotIn("answered on", followup.description)
