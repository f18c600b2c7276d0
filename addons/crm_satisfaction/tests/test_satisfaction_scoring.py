from unittest.mock import patch

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import SatisfactionCase


@tagged("post_install", "-at_install")
class TestSatisfactionScoring(SatisfactionCase):
    def test_scores_per_item_category_and_weighted(self):
        invitation = self._invite(self._order())
        response = self._answer(invitation, product=8, delivery=8, attitude=4, response=4, nps=9)
        by_item = {line.question_id: line for line in response.line_ids}
        self.assertEqual(by_item[self.q["product"]].score, 80.0)
        self.assertEqual(by_item[self.q["attitude"]].score, 75.0)  # 4 stars of 1-5
        self.assertEqual(by_item[self.q["response"]].score, 75.0)  # "Fast": 3 of 0-4
        self.assertEqual(by_item[self.q["attitude"]].answer_label, "★★★★")
        self.assertEqual(
            by_item[self.q["product"]].category_id,
            self.env.ref("crm_satisfaction.category_product"),
        )
        self.assertNotIn(self.q["comment"], by_item, "a text answer does not score")
        # weights 3, 2, 2, 1, 2
        self.assertEqual(response.score, 80.5)
        self.assertEqual((response.nps_value, response.nps_class), (9, "promoter"))
        self.assertFalse(response.is_low)
        self.assertEqual(response.commercial_partner_id, self.customer)
        self.assertEqual(response.user_id, self.salesman)
        self.assertEqual(response.team_id, self.team)
        self.assertEqual(response.sale_order_id, invitation.sale_order_id)
        self.assertEqual(response.satisfaction_type, "sales")
        self.assertEqual(invitation.state, "done")
        self.assertEqual(self.customer.satisfaction_last_score, 80.5)
        self.assertIn(("Last satisfaction", 80.5), self.customer._get_customer_360_summary())
        self.assertEqual(invitation.sale_order_id.satisfaction_score, 80.5)

    def test_nps_classes(self):
        orders = self._order() | self._order() | self._order()
        invitations = self._invite(orders)
        classes = [
            self._answer(invitation, nps=nps).nps_class
            for invitation, nps in zip(invitations.sorted("id"), (10, 7, 6), strict=True)
        ]
        self.assertEqual(classes, ["promoter", "passive", "detractor"])

    def test_answer_marked_done_twice_is_one_response(self):
        invitation = self._invite(self._order())
        self._answer(invitation)
        invitation.user_input_id._mark_done()
        self.assertEqual(
            self.env["crm.satisfaction.response"].search_count(
                [("invitation_id", "=", invitation.id)]
            ),
            1,
        )

    def test_scoring_queries_do_not_grow_with_items(self):
        """Scoring an answer costs the same queries for 5 items as for 25."""

        def queries_to_score(extra_items):
            survey = self.survey.copy({"title": f"Copy {extra_items}"})
            scale_questions = survey.question_ids.filtered(
                lambda q: q.question_type == "scale" and not q.satisfaction_nps
            )
            for index in range(extra_items):
                scale_questions[0].copy({"survey_id": survey.id, "title": f"Extra {index}"})
            partner = self.Partner.create(
                {
                    "name": f"Scored {extra_items}",
                    "email": "s@example.com",
                    "user_id": self.salesman.id,
                }
            )
            invitation = self.env["crm.satisfaction.invitation"]._invite(
                survey,
                [
                    {
                        "partner_id": partner.id,
                        "source_ref": f"res.partner,{partner.id}",
                        "company_id": self.company.id,
                    }
                ],
            )
            answer = invitation.user_input_id
            for question in survey.question_ids:
                if question.question_type == "scale":
                    answer._save_lines(question, "7")
                elif question.question_type == "simple_choice":
                    # the best answer: a low score would add the follow-up activity's queries
                    best = question.suggested_answer_ids.sorted("answer_score")[-1]
                    answer._save_lines(question, str(best.id))
            self.env.flush_all()
            self.env.invalidate_all()
            answer = answer.browse(answer.id)
            queries = []
            execute = self.env.cr.execute

            def logged_execute(query, params=None, log_exceptions=True):
                queries.append(str(query)[:90])
                return execute(query, params, log_exceptions)

            with patch.object(self.env.cr, "execute", logged_execute):
                self.env["crm.satisfaction.response"]._create_from_user_inputs(answer)
                self.env.flush_all()
            response = invitation.response_id
            self.assertEqual(len(response.line_ids), 5 + extra_items)
            return queries

        queries_to_score(0)  # warm the caches
        few, many = queries_to_score(0), queries_to_score(20)
        self.assertEqual(len(few), len(many), "\n".join(few + ["---"] + many))

    def test_low_score_activity_for_salesperson_or_leader(self):
        activity_type = self.env.ref("crm_satisfaction.mail_activity_type_low_score")
        invitation = self._invite(self._order())
        response = self._answer(invitation, product=3, delivery=3, attitude=2, response=2, nps=8)
        self.assertTrue(response.is_low)
        self.assertEqual(response.activity_ids.activity_type_id, activity_type)
        self.assertEqual(response.activity_ids.user_id, self.salesman)
        self.company.satisfaction_followup_assignee = "team_leader"
        response = self._answer(
            self._invite(self._order()), product=3, delivery=3, attitude=2, response=2
        )
        self.assertEqual(response.activity_ids.user_id, self.team_leader)

    def test_low_score_activity_in_the_callers_language(self):
        """The customer answered in English; the salesperson who calls reads Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["crm_satisfaction"], ["zh_CN"])
        self.salesman.lang = "zh_CN"
        invitation = self._invite(self._order()).with_context(lang="en_US")  # the request's
        response = self._answer(invitation, product=3, delivery=3, attitude=2, response=2, nps=8)
        self.assertRegex(response.activity_ids.summary, r"^致电 .*：满意度 \d+/100$")

    def test_detractor_is_low_even_with_a_good_score(self):
        response = self._answer(
            self._invite(self._order()), product=10, delivery=10, attitude=5, response=5, nps=5
        )
        self.assertGreater(response.score, 60)
        self.assertTrue(response.is_low)
        self.assertTrue(response.activity_ids)

    def test_customer_at_risk_after_a_drop(self):
        for product in (9, 9, 9):
            self._answer(self._invite(self._order()), product=product, delivery=9)
        self.assertFalse(self.customer.satisfaction_at_risk)
        self._answer(
            self._invite(self._order()), product=3, delivery=3, attitude=2, response=2, nps=7
        )
        self.assertTrue(self.customer.satisfaction_at_risk)
        self.assertLess(self.customer.satisfaction_trend, -15)
        at_risk = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .search([("satisfaction_at_risk", "=", True)])
        )
        self.assertEqual(at_risk, self.customer)

    def test_template_without_scored_item_or_weight(self):
        survey = self.env["survey.survey"].create(
            {
                "title": "Unscored",
                "satisfaction_type": "sales",
                "question_and_page_ids": [
                    Command.create({"title": "Comments?", "question_type": "text_box"})
                ],
            }
        )
        vals = [{"partner_id": self.customer.id, "source_ref": f"res.partner,{self.customer.id}"}]
        Invitation = self.env["crm.satisfaction.invitation"]
        with self.assertRaisesRegex(UserError, "no scored question"):
            Invitation._invite(survey, vals)
        survey.question_and_page_ids = [
            Command.create({"title": "Rate us", "question_type": "scale", "satisfaction_weight": 0})
        ]
        with self.assertRaisesRegex(UserError, "weigh zero"):
            Invitation._invite(survey, vals)
        self.assertIn("weigh zero", survey.satisfaction_problem)
        self.assertFalse(Invitation.search([("survey_id", "=", survey.id)]))

    def test_nps_question_must_be_a_0_10_scale(self):
        with self.assertRaises(ValidationError):
            self.q["attitude"].satisfaction_nps = True
        with self.assertRaises(ValidationError):
            self.q["product"].satisfaction_weight = -1

    def test_settings_threshold_range(self):
        settings = Form(self.env["res.config.settings"])
        settings.satisfaction_threshold = 120
        with self.assertRaisesRegex(ValidationError, "0 to 100"), self.env.cr.savepoint():
            settings.save().execute()
        self.env.invalidate_all()
        self.assertEqual(self.company.satisfaction_threshold, 60)
