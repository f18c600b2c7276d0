from datetime import timedelta

from odoo import fields
from odoo.tests import Form, new_test_user

from odoo.addons.crm_customer_core.tests.common import ALL_LEADS, CustomerFileCase


class SatisfactionCase(CustomerFileCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("crm_satisfaction.survey_sales_satisfaction")
        cls.company.write(
            {
                "satisfaction_sales_survey_id": cls.survey.id,
                "satisfaction_sales_delay": 7,
                "satisfaction_reminder_delay": 5,
                "satisfaction_threshold": 60,
                "satisfaction_risk_margin": 15,
                "satisfaction_followup_assignee": "salesperson",
            }
        )
        cls.team_leader = new_test_user(
            cls.env, login="sat_leader", groups=ALL_LEADS, name="Team Leader"
        )
        cls.team = cls.env["crm.team"].create({"name": "Team East", "user_id": cls.team_leader.id})
        cls.salesman.sale_team_id = cls.team
        cls.all_leads = new_test_user(cls.env, login="sat_all", groups=ALL_LEADS, name="All Leads")
        cls.customer_2.email = "other@example.com"
        cls.questions = {question.id: question for question in cls.survey.question_ids}
        cls.q = {
            name: cls.env.ref(f"crm_satisfaction.survey_sales_satisfaction_q_{name}")
            for name in ("product", "delivery", "attitude", "response", "nps", "comment")
        }

    @classmethod
    def _order(cls, customer=None, days_ago=8, user=None):
        customer = customer or cls.customer
        order = cls.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "user_id": (user or customer.user_id).id,
                "team_id": cls.team.id,
                "order_line": [
                    fields.Command.create({"product_id": cls.product.id, "product_uom_qty": 1})
                ],
            }
        )
        order.action_confirm()
        order.date_order = fields.Datetime.now() - timedelta(days=days_ago)
        return order

    @classmethod
    def _invite(cls, orders):
        Invitation = cls.env["crm.satisfaction.invitation"]
        invitations = Invitation.browse()
        for survey, vals_list in orders._satisfaction_invitation_values().items():
            invitations |= Invitation._invite(survey, vals_list)
        return invitations

    @classmethod
    def _answer(cls, invitation, product=8, delivery=8, attitude=4, response=4, nps=9, comment=""):
        """Answer like the survey page does; ``attitude`` and ``response`` pick the n-th choice."""
        answer = invitation.user_input_id
        q = cls.q
        answer._save_lines(q["product"], str(product))
        answer._save_lines(q["delivery"], str(delivery))
        answer._save_lines(
            q["attitude"],
            str(q["attitude"].suggested_answer_ids.sorted("sequence")[attitude - 1].id),
        )
        answer._save_lines(
            q["response"],
            str(q["response"].suggested_answer_ids.sorted("sequence")[response - 1].id),
        )
        answer._save_lines(q["nps"], str(nps))
        if comment:
            answer._save_lines(q["comment"], comment)
        answer._mark_done()
        return invitation.response_id

    def _send_wizard(self, user, model, records, **values):
        """The *Send Satisfaction Survey* wizard as ``user`` opens it on ``records``."""
        wizard = Form(
            self.env["crm.satisfaction.send"]
            .with_user(user)
            .with_context(active_model=model, active_ids=records.ids)
        )
        for name, value in values.items():
            setattr(wizard, name, value)
        return wizard.save()
