from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


class FeedbackCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Beijing office",
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    (0, 0, {"name": f"{day} {part}", "dayofweek": str(day), "hour_from": a,
                            "hour_to": b, "day_period": part})
                    for day in range(5)
                    for part, a, b in (("morning", 9, 12), ("afternoon", 13, 18))
                ],
            }
        )  # fmt: skip
        cls.agent_1 = new_test_user(
            cls.env, login="fb_agent_1", groups="crm_feedback.group_feedback_user"
        )
        cls.agent_2 = new_test_user(
            cls.env, login="fb_agent_2", groups="crm_feedback.group_feedback_user"
        )
        cls.outsider = new_test_user(
            cls.env, login="fb_outsider", groups="crm_feedback.group_feedback_user"
        )
        cls.leader = new_test_user(
            cls.env, login="fb_leader", groups="crm_feedback.group_feedback_manager"
        )
        cls.team = cls.env["crm.feedback.team"].create(
            {
                "name": "Support",
                "sequence": 1,  # before the demo teams: portal tickets go to the first team
                "leader_id": cls.leader.id,
                "member_ids": [(6, 0, (cls.agent_1 | cls.agent_2).ids)],
                "resource_calendar_id": cls.calendar.id,
                "assignment_mode": "round_robin",
                "alias_name": "fb-support-test",
            }
        )
        cls.sla = cls.env["crm.feedback.sla"].create(
            {
                "name": "Standard",
                "team_id": cls.team.id,
                "sequence": 10,
                "hours_first_response": 4,
                "hours_resolution": 16,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Feedback Customer", "is_company": True, "email": "it@fbcustomer.example.com"}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Li Na", "parent_id": cls.customer.id, "email": "lina@fbcustomer.example.com"}
        )
        cls.customer_2 = cls.env["res.partner"].create(
            {"name": "Other Feedback Customer", "is_company": True}
        )
        cls.Ticket = cls.env["crm.feedback.ticket"]

    @classmethod
    def _ticket(cls, **values):
        return cls.Ticket.create(
            dict(
                {"name": "It does not work", "partner_id": cls.customer.id, "team_id": cls.team.id},
                **values,
            )
        )
