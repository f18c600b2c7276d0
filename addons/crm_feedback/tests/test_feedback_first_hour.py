"""What a new user met in the first hour: tickets entered in the back office, figures that
agree, and a Chinese interface that reads right."""

from freezegun import freeze_time

from odoo.tests import Form, new_test_user, tagged

from .common import FeedbackCase
from .test_feedback_sla import utc


@tagged("post_install", "-at_install")
class TestFeedbackFirstHour(FeedbackCase):
    def test_back_office_ticket_gets_the_users_team_assignee_and_sla(self):
        form = Form(self.Ticket.with_user(self.leader))
        form.name = "Phone call: cannot print"
        form.partner_id = self.customer
        self.assertEqual(form.team_id, self.team, "the leader's own team")
        ticket = form.save()
        self.assertIn(ticket.user_id, self.agent_1 | self.agent_2)
        self.assertEqual(ticket.sla_id, self.sla)
        self.assertTrue(ticket.sla_deadline)

    def test_only_team_is_the_default_for_a_user_of_no_team(self):
        stranger = new_test_user(
            self.env, login="fb_stranger", groups="crm_feedback.group_feedback_manager"
        )
        other_teams = self.env["crm.feedback.team"].search([("id", "!=", self.team.id)])
        other_teams.active = False
        ticket = self.Ticket.with_user(stranger).create(
            {"name": "Entered over RPC", "partner_id": self.customer.id}
        )
        self.assertEqual(ticket.team_id, self.team)
        self.assertTrue(ticket.user_id)

    def test_team_set_later_assigns_by_the_team_mode(self):
        ticket = self.Ticket.with_context(default_team_id=False).create(
            {"name": "No team yet", "partner_id": self.customer.id, "team_id": False}
        )
        self.assertFalse(ticket.user_id)
        with Form(ticket.with_user(self.leader)) as form:
            form.team_id = self.team
        self.assertIn(ticket.user_id, self.agent_1 | self.agent_2)
        self.assertEqual(ticket.sla_id, self.sla)
        # an assignee chosen by hand is kept when the team changes
        other = self.env["crm.feedback.team"].create(
            {"name": "Other", "member_ids": [(6, 0, self.agent_2.ids)]}
        )
        ticket.user_id = self.agent_1
        ticket.team_id = other
        self.assertEqual(ticket.user_id, self.agent_1)

    def test_team_card_and_staff_list_count_alike(self):
        solved = self.env.ref("crm_feedback.stage_solved")
        with freeze_time(utc("2026-11-24 08:00")):
            late = utc("2026-11-23 09:00")
            self._ticket(user_id=self.agent_1.id, date_received=late)  # overdue
            self._ticket(user_id=self.agent_2.id, date_received=utc("2026-11-24 08:00"))
            self._ticket(user_id=self.agent_1.id, date_received=late, stage_id=solved.id)
            self._ticket(date_received=late).user_id = False  # overdue, nobody's yet
        with freeze_time(utc("2026-11-24 10:00")):
            self.team.invalidate_recordset()
            staff = self.env["crm.feedback.staff"].search([("team_id", "=", self.team.id)])
            self.assertEqual(self.team.open_ticket_count, 3, "the solved ticket is not open")
            self.assertEqual(self.team.unassigned_ticket_count, 1)
            self.assertEqual(
                self.team.open_ticket_count,
                sum(staff.mapped("open_count")) + self.team.unassigned_ticket_count,
            )
            self.assertEqual(self.team.overdue_ticket_count, 2)
            self.assertEqual(sum(staff.mapped("overdue_count")), 1, "the unassigned one aside")
            self.assertEqual(
                self.Ticket.search_count(
                    [("team_id", "=", self.team.id)] + self.Ticket._domain_overdue()
                ),
                self.team.overdue_ticket_count,
            )

    def test_staff_list_reads_odoos_clock(self):
        """The staff figures move with Odoo's clock (a frozen test, the screens), not with
        PostgreSQL's: the same tickets read years apart."""
        with freeze_time(utc("2031-03-02 08:00")):
            self._ticket(user_id=self.agent_1.id, date_received=utc("2031-03-02 07:00"))
            self._ticket(user_id=self.agent_1.id, date_received=utc("2031-03-02 07:00"))
            self._ticket(user_id=self.agent_1.id).action_solve()
        Staff = self.env["crm.feedback.staff"]
        domain = [("team_id", "=", self.team.id), ("user_id", "=", self.agent_1.id)]
        for now, overdue, solved in (
            ("2031-03-02 08:30", 0, 1),  # within the SLA, solved today
            ("2031-03-20 08:00", 2, 1),  # both open ones past their deadline
            ("2031-04-05 08:00", 2, 0),  # the solved one older than 30 days
        ):
            with self.subTest(now=now), freeze_time(utc(now)):
                self.env.invalidate_all()  # a new request of the web client
                staff = Staff.search(domain)
                self.assertEqual((staff.overdue_count, staff.solved_count), (overdue, solved))
                self.assertEqual(
                    Staff.search_count(domain + [("overdue_count", ">", 0)]), bool(overdue)
                )


@tagged("post_install", "-at_install")
class TestFeedbackChinese(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["crm_customer_core", "crm_feedback"], ["zh_CN"], overwrite=True
        )
        cls.leader.lang = "zh_CN"
        cls.zh = cls.env(context=dict(cls.env.context, lang="zh_CN"))

    def test_buttons_and_states_read_right(self):
        arch = self.zh["crm.feedback.ticket"].get_view(view_type="form")["arch"]
        self.assertIn('name="action_close" type="object" string="关闭"', arch)
        self.assertNotIn("亲密", arch)
        labels = dict(
            self.zh["crm.feedback.ticket"].fields_get(["sla_status"])["sla_status"]["selection"]
        )
        self.assertEqual(labels["breached"], "已超时")

    def test_category_path_follows_the_reader_language(self):
        software = self.env["crm.feedback.category"].create({"name": "Software"})
        software.with_context(lang="zh_CN").name = "软件问题"
        bug = self.env["crm.feedback.category"].create({"name": "Bug", "parent_id": software.id})
        bug.with_context(lang="zh_CN").name = "缺陷"
        self.assertEqual(bug.with_context(lang="en_US").display_name, "Software / Bug")
        self.assertEqual(bug.with_context(lang="zh_CN").display_name, "软件问题 / 缺陷")

    def test_escalation_activity_in_the_leader_language(self):
        ticket = self._ticket(date_received=utc("2026-11-23 09:00"))
        with freeze_time(utc("2026-11-23 12:30")):
            self.Ticket.with_context(lang="en_US")._cron_sla_escalation()
        self.assertEqual(ticket.activity_ids.user_id, self.leader)
        self.assertTrue(ticket.activity_ids.summary.startswith("SLA 有风险"))
