from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_customer_core.tests.dashboard import (
    assert_listed_for,
    assert_translated,
    open_dashboard,
    queries_to_open,
    total,
)
from odoo.addons.crm_feedback.tests.common import FeedbackCase

# pivots and list of the board, in the order tools/dashboard_boards.py declares them
OPEN, OVERDUE, RECEIVED, SOLVED = "1", "2", "3", "4"
# 2026-04-01 00:30 in Asia/Shanghai (a Wednesday), still March 31 in UTC
APRIL_FIRST = datetime(2026, 3, 31, 16, 30)
# Friday 2026-04-03 10:00 in Shanghai: the resolution deadline of April 1's tickets has passed
FRIDAY = datetime(2026, 4, 3, 2, 0)


@tagged("post_install", "-at_install")
class TestServiceDashboard(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref("crm_feedback_dashboard.dashboard_service")
        (cls.agent_1 | cls.outsider | cls.leader).write({"tz": "Asia/Shanghai"})
        cls.other_team = cls.env["crm.feedback.team"].create(
            {"name": "Hardware", "member_ids": [(6, 0, cls.outsider.ids)],
             "resource_calendar_id": cls.calendar.id}
        )  # fmt: skip
        cls.env["crm.feedback.sla"].create({
            "name": "Hardware standard", "team_id": cls.other_team.id,
            "hours_first_response": 4, "hours_resolution": 16,
        })  # fmt: skip

    def _tickets(self, count=1):
        """Per ``count``: an April ticket of each team left open, one received at 23:30 on
        March 31 in Shanghai, and one answered and solved within its SLA on April 1."""
        tickets = self.Ticket
        for _index in range(count):
            tickets |= self._ticket(date_received=APRIL_FIRST)
            tickets |= self._ticket(
                team_id=self.other_team.id, partner_id=self.customer_2.id,
                date_received=APRIL_FIRST,
            )  # fmt: skip
            tickets |= self._ticket(date_received=datetime(2026, 3, 31, 15, 30))
            in_time = self._ticket(date_received=APRIL_FIRST)
            with freeze_time(APRIL_FIRST + timedelta(hours=2)):
                in_time.with_user(self.agent_1).message_post(
                    body="我们正在处理", message_type="comment", subtype_xmlid="mail.mt_comment"
                )
                in_time.action_solve()
            tickets |= in_time
        self.env.flush_all()
        return tickets

    def test_each_team_sees_its_open_overdue_and_solved_tickets(self):
        self._tickets()
        with freeze_time(FRIDAY):
            support = open_dashboard(self.dashboard.with_user(self.agent_1), date(2026, 4, 3))
            hardware = open_dashboard(self.dashboard.with_user(self.outsider), date(2026, 4, 3))
        self.assertEqual(total(support, OPEN), 2)
        self.assertEqual(total(support, OVERDUE), 2, "past their resolution deadline")
        self.assertEqual(total(support, RECEIVED), 2, "23:30 on March 31 is March's")
        self.assertEqual(total(support, SOLVED), 1)
        self.assertEqual(total(support, SOLVED, "sla_success_rate"), 100.0)
        self.assertEqual(
            sorted(r["partner_id"]["display_name"] for r in support["lists"]["1"]),
            ["Feedback Customer", "Feedback Customer"],
        )
        by_team = support["pivots"][OPEN][("team_id",)]
        self.assertEqual([g["team_id"][0] for g in by_team], [self.team.id])
        self.assertEqual((total(hardware, OPEN), total(hardware, OVERDUE)), (1, 1))
        self.assertEqual(total(hardware, SOLVED), 0)
        self.assertEqual(
            [r["partner_id"]["display_name"] for r in hardware["lists"]["1"]],
            ["Other Feedback Customer"],
        )

    def test_opening_costs_the_same_queries_with_five_times_the_data(self):
        # more overdue tickets than the list shows (then the client also counts them), of
        # both agents, in every table
        self._tickets(6)
        board = self.dashboard.with_user(self.agent_1)
        with freeze_time(FRIDAY):
            before = queries_to_open(board, date(2026, 4, 3))
        self._tickets(24)
        with freeze_time(FRIDAY):
            self.assertEqual(queries_to_open(board, date(2026, 4, 3)), before)

    def test_the_board_is_in_the_services_dashboards_for_the_service_staff_in_chinese(self):
        group = "spreadsheet_dashboard.spreadsheet_dashboard_group_project"
        assert_listed_for(self, self.dashboard, self.agent_1, group)
        assert_translated(self, self.dashboard, "crm_feedback_dashboard", "客户服务")
