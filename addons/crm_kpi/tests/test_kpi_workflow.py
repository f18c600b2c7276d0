from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import KpiCase


@tagged("post_install", "-at_install", "security")
class TestKpiWorkflow(KpiCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.period.action_compute()
        cls.alice_card = cls.env["crm.kpi.scorecard"].search(
            [("employee_id", "=", cls.alice.id), ("period_id", "=", cls.period.id)]
        )

    def teamwork(self, card, user):
        return card.with_user(user).line_ids.filtered(
            lambda line: line.item_id == self.item_teamwork
        )

    def test_approval_flow(self):
        manager = self.east_manager.user_id
        form = Form(self.alice_card.with_user(manager))
        with form.line_ids.edit(2) as line:
            self.assertEqual(line.item_id, self.item_teamwork)
            line.manual_score = 9
            line.comment = "Helps the newcomers"
        form.save()
        self.assertEqual(self.teamwork(self.alice_card, manager).score, 90)
        self.alice_card.with_user(manager).action_submit()
        # the employee never approves their own scorecard, by the button or a plain write
        with self.assertRaises(AccessError):
            self.alice_card.with_user(self.alice.user_id).action_approve()
        with self.assertRaises(AccessError):
            self.alice_card.with_user(self.alice.user_id).write({"state": "approved"})
        # East's manager submits; approving is the department manager's: East's or above
        self.alice_card.with_user(self.boss.user_id).action_approve()
        self.assertEqual(self.alice_card.state, "approved")
        with self.assertRaisesRegex(UserError, "not approved"):
            self.period.with_user(self.kpi_manager).action_lock()
        (self.period.scorecard_ids - self.alice_card).write({"state": "approved"})
        self.period.with_user(self.kpi_manager).action_lock()
        self.assertEqual(self.alice_card.state, "locked")
        with self.assertRaisesRegex(UserError, "never changes"):
            self.alice_card.write({"state": "draft"})
        with self.assertRaisesRegex(UserError, "never changes"):
            self.alice_card.line_ids[0].write({"actual": 1})

    def test_employee_cannot_edit_own_scorecard(self):
        alice = self.alice.user_id
        self.assertEqual(self.alice_card.with_user(alice).total_score, self.alice_card.total_score)
        with self.assertRaises(AccessError):
            self.teamwork(self.alice_card, alice).write({"manual_score": 10})
        with self.assertRaises(AccessError):
            self.alice_card.with_user(alice).action_submit()

    def test_manager_recomputes_a_draft_scorecard_the_employee_cannot(self):
        self._sell(self.alice, 1000)
        self.alice_card.with_user(self.east_manager.user_id).action_recompute()
        amount = self.alice_card.line_ids.filtered(lambda line: line.item_id == self.item_amount)
        self.assertEqual(amount.actual, 1000)
        with self.assertRaises(AccessError):
            self.alice_card.with_user(self.alice.user_id).action_recompute()

    def test_manual_score_out_of_range(self):
        line = self.teamwork(self.alice_card, self.east_manager.user_id)
        with self.assertRaisesRegex(ValidationError, "between 0.0 and 10.0"):
            line.write({"manual_score": 11})
        self.assertEqual(line.manual_score, 0)

    def test_who_sees_which_scorecards(self):
        Scorecard = self.env["crm.kpi.scorecard"]
        mine = Scorecard.with_user(self.alice.user_id).search([])
        self.assertEqual(mine, self.alice_card)
        with self.assertRaises(AccessError):
            self.card(self.bob).with_user(self.alice.user_id).read(["total_score"])
        east = Scorecard.with_user(self.east_manager.user_id).search([])
        self.assertEqual(east.employee_id, self.east_manager | self.alice | self.bob | self.nobody)
        above = Scorecard.with_user(self.boss.user_id).search([])
        self.assertIn(self.alice_card, above, "the sub-department's scorecards too")
        self.assertIn(self.card(self.east_manager), above)
        self.assertFalse(Scorecard.with_user(self.carol.user_id).search([]))
        ours = [("period_id", "=", self.period.id), ("department_id", "child_of", self.sales.id)]
        self.assertEqual(len(Scorecard.with_user(self.kpi_manager).search(ours)), 5)
        hr_officer = new_test_user(self.env, login="kpi_hr", groups="hr.group_hr_user")
        self.assertTrue(
            hr_officer.has_group("crm_kpi.group_kpi_manager"), "HR officers are KPI managers"
        )
        other = self.env["res.company"].create({"name": "KPI other company"})
        self.alice_card.company_id = other
        self.assertNotIn(self.alice_card, Scorecard.with_user(self.kpi_manager).search([]))

    def test_configuration_is_for_kpi_managers(self):
        with self.assertRaises(AccessError):
            self.env["crm.kpi.plan"].with_user(self.boss.user_id).create(
                {"name": "Mine", "department_id": self.sales.id}
            )
        with self.assertRaises(AccessError):
            self.item_amount.with_user(self.alice.user_id).write({"target": 1})

    def test_moving_an_employee_redoes_the_open_periods(self):
        support_plan = self.plan.copy({"name": "Support plan", "department_id": self.support.id})
        self.alice_card.with_user(self.east_manager.user_id).action_submit()
        self.alice.department_id = self.support
        self.assertEqual(self.alice_card.state, "draft")
        self.assertEqual(
            (self.alice_card.department_id, self.alice_card.plan_id), (self.support, support_plan)
        )
        self.assertIn("moved", self.alice_card.message_ids[0].body)
        bob_card = self.card(self.bob)
        bob_card.write({"state": "approved"})
        self.period.scorecard_ids.filtered(lambda c: c.state != "approved").write(
            {"state": "approved"}
        )
        self.period.action_lock()
        self.bob.department_id = self.support
        self.assertEqual((bob_card.state, bob_card.department_id), ("locked", self.east))

    def test_kpi_manager_never_approves_or_scores_their_own_scorecard(self):
        """An HR officer is a KPI manager: the managers' rule lets them write every scorecard,
        their own included. Refused all the same, by button, form and plain write; their
        own manager or another KPI manager approves it."""
        officer = self.alice.user_id
        officer.groups_id |= self.env.ref("hr.group_hr_user")
        self.assertTrue(officer.has_group("crm_kpi.group_kpi_manager"))
        card = self.alice_card.with_user(officer)
        self.assertFalse(card.can_manage, "no Submit, Approve or Back to Draft for them")
        with self.assertRaises(AccessError):
            self.teamwork(self.alice_card, officer).write({"manual_score": 10})
        with self.assertRaises(AccessError):
            card.write({"state": "approved"})
        with self.assertRaises(AccessError):
            card.action_submit()
        with self.assertRaises(AccessError):
            card.line_ids[:1].unlink()
        self.alice_card.with_user(self.east_manager.user_id).action_submit()
        with self.assertRaises(AccessError):
            card.action_approve()
        with self.assertRaises(AccessError):
            card.write({"state": "approved"})
        self.assertTrue(self.alice_card.with_user(self.kpi_manager).can_manage)
        self.alice_card.with_user(self.kpi_manager).action_approve()
        self.assertEqual(self.alice_card.state, "approved")

    def test_a_salesperson_sees_no_approval_buttons_on_their_scorecard(self):
        card = self.alice_card.with_user(self.alice.user_id)
        self.assertFalse(card.can_manage)
        self.assertTrue(self.alice_card.with_user(self.east_manager.user_id).can_manage)
        arch = self.env["crm.kpi.scorecard"].get_view(view_type="form")["arch"]
        self.assertIn('name="action_approve" type="object" string="Approve"', arch)
        self.assertRegex(arch, r'name="action_approve"[^>]*invisible="[^"]*not can_manage')

    def test_a_new_head_of_department_takes_over_at_once(self):
        """Carol becomes head of East: she sees and approves East's submitted scorecards at
        once; the former head (East Manager, also Alice's direct boss until now) no longer
        does once Alice reports to Carol."""
        carol, former = self.carol.user_id, self.east_manager.user_id
        self.alice_card.with_user(former).action_submit()
        Scorecard = self.env["crm.kpi.scorecard"]
        self.assertNotIn(self.alice_card, Scorecard.with_user(carol).search([]))
        self.east.manager_id = self.carol
        self.alice.parent_id = self.carol
        self.assertIn(self.alice_card, Scorecard.with_user(carol).search([]))
        self.assertNotIn(self.alice_card, Scorecard.with_user(former).search([]))
        with self.assertRaises(AccessError):
            self.alice_card.with_user(former).action_approve()
        self.alice_card.with_user(carol).action_approve()
        self.assertEqual(self.alice_card.state, "approved")
