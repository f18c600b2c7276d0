import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_customer_core.tests.common import url_open_read_only

from .common import FeedbackCase


@tagged("post_install", "-at_install", "security")
class TestFeedbackSecurity(FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket = cls._ticket()
        cls.other_team = cls.env["crm.feedback.team"].create(
            {"name": "Billing", "member_ids": [(6, 0, cls.outsider.ids)]}
        )
        cls.other_ticket = cls._ticket(team_id=cls.other_team.id, partner_id=cls.customer_2.id)
        cls.salesman = new_test_user(
            cls.env, login="fb_sales", groups="sales_team.group_sale_salesman"
        )

    def test_team_member_sees_own_team_only(self):
        visible = self.Ticket.with_user(self.agent_1).search([])
        self.assertIn(self.ticket, visible)
        self.assertNotIn(self.other_ticket, visible)
        with self.assertRaises(AccessError):
            self.other_ticket.with_user(self.agent_1).read(["name"])
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.outsider).write({"name": "hijack"})

    def test_manager_sees_all_and_configures(self):
        visible = self.Ticket.with_user(self.leader).search([])
        self.assertIn(self.other_ticket, visible)
        self.team.with_user(self.leader).auto_close_days = 3
        with self.assertRaises(AccessError):
            self.team.with_user(self.agent_1).auto_close_days = 3
        with self.assertRaises(AccessError):
            self.env["crm.feedback.stage"].with_user(self.agent_1).create({"name": "X"})

    def test_salesperson_sees_tickets_of_own_customers(self):
        self.assertTrue(self.salesman.has_group("crm_feedback.group_feedback_user"))
        self.assertFalse(self.Ticket.with_user(self.salesman).search([("id", "=", self.ticket.id)]))
        self.customer.user_id = self.salesman
        self.assertTrue(self.Ticket.with_user(self.salesman).search([("id", "=", self.ticket.id)]))

    def test_portal_users_see_their_company_only(self):
        portal = new_test_user(self.env, login="fb_portal_sec", groups="base.group_portal")
        portal.partner_id.parent_id = self.customer
        self.assertEqual(self.Ticket.with_user(portal).search([]), self.ticket)
        with self.assertRaises(AccessError):
            self.other_ticket.with_user(portal).read(["name"])
        with self.assertRaises(AccessError):
            self.ticket.with_user(portal).write({"name": "changed"})

    def test_other_company_refused(self):
        other_company = self.env["res.company"].create({"name": "Elsewhere"})
        self.ticket.company_id = other_company
        with self.assertRaises(AccessError):
            self.ticket.with_user(self.agent_1).read(["name"])


@tagged("post_install", "-at_install", "security")
class TestFeedbackExport(HttpCase, FeedbackCase):
    def test_xlsx_export_respects_record_rules(self):
        own = self._ticket(name="Own team ticket")
        other_team = self.env["crm.feedback.team"].create({"name": "Elsewhere"})
        self._ticket(name="Other team ticket", team_id=other_team.id)
        self.authenticate("fb_agent_1", "fb_agent_1")
        response = url_open_read_only(self, "/crm_feedback/tickets.xlsx")
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        subjects = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
        self.assertIn(own.name, subjects)
        self.assertNotIn("Other team ticket", subjects)
