from odoo.http import Request
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.crm_customer_core.tests.common import url_open_read_only

from .common import FeedbackCase


@tagged("post_install", "-at_install")
class TestFeedbackPortal(HttpCase, FeedbackCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = new_test_user(cls.env, login="fb_portal_a", groups="base.group_portal")
        cls.portal_a.partner_id.write({"parent_id": cls.customer.id, "email": "a@fbc.example.com"})
        cls.portal_b = new_test_user(cls.env, login="fb_portal_b", groups="base.group_portal")
        cls.portal_b.partner_id.parent_id = cls.customer_2
        cls.ticket_a = cls._ticket(name="Printer driver crashes")
        cls.ticket_b = cls._ticket(name="Secret problem of B", partner_id=cls.customer_2.id)

    def _submit(self, files=None, **values):
        data = dict(
            {
                "subject": "Cannot export",
                "description": "Steps...",
                "csrf_token": Request.csrf_token(self),
            },
            **values,
        )
        return self.url_open("/my/tickets/new", data=data, files=files or {})

    def test_lists_and_counter_are_per_company(self):
        self.authenticate("fb_portal_a", "fb_portal_a")
        page = url_open_read_only(self, "/my/tickets").text
        self.assertIn("Printer driver crashes", page)
        self.assertNotIn("Secret problem of B", page)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["feedback_ticket_count"]}
        )
        self.assertEqual(counters["feedback_ticket_count"], 1)
        self.assertNotIn(
            "Printer driver crashes", self.url_open("/my/tickets?filterby=closed").text
        )

    def test_forged_ids_and_tokens_are_refused(self):
        self.authenticate("fb_portal_a", "fb_portal_a")
        for url in (
            f"/my/tickets/{self.ticket_b.id}",
            f"/my/tickets/{self.ticket_b.id}?access_token={self.ticket_a.access_token}",
            "/my/tickets/999999",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 303, url)
        response = self.url_open(
            f"/my/tickets/{self.ticket_b.id}/close",
            data={
                "csrf_token": Request.csrf_token(self),
                "access_token": self.ticket_a.access_token,
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertFalse(self.ticket_b.is_closed)

    def test_submit_with_attachment_then_close_and_reopen(self):
        self.authenticate("fb_portal_a", "fb_portal_a")
        self.assertIn('name="subject"', url_open_read_only(self, "/my/tickets/new").text)
        response = self._submit(
            files={"attachments": ("screen.png", b"\x89PNG fake image", "image/png")},
            description='It fails <script>alert("x")</script>',
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.Ticket.search([("name", "=", "Cannot export")])
        self.assertEqual(len(ticket), 1)
        self.assertEqual((ticket.channel, ticket.partner_id), ("portal", self.customer))
        self.assertEqual(ticket.contact_id, self.portal_a.partner_id)
        self.assertNotIn("<script", ticket.description)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", ticket._name), ("res_id", "=", ticket.id)]
        )
        self.assertEqual(attachment.name, "screen.png")
        self.assertIn(ticket.number, response.text)
        # the agent answers, the customer sees it and closes the ticket
        ticket.with_user(self.agent_1).message_post(
            body="Fixed in version 2.1", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        visible = (
            self.env["mail.message"]
            .with_user(self.portal_a)
            .search([("model", "=", ticket._name), ("res_id", "=", ticket.id)])
        )
        self.assertIn("Fixed in version 2.1", " ".join(visible.mapped("body")))
        self.url_open(
            f"/my/tickets/{ticket.id}/close", data={"csrf_token": Request.csrf_token(self)}
        )
        self.assertTrue(ticket.is_closed)
        self.url_open(
            f"/my/tickets/{ticket.id}/reopen", data={"csrf_token": Request.csrf_token(self)}
        )
        self.assertFalse(ticket.is_closed)
        self.assertEqual(ticket.reopen_count, 1)

    def _post_without_token(self, ticket, body):
        return self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": ticket._name,
                "thread_id": ticket.id,
                "post_data": {"body": body, "message_type": "comment"},
            },
        )

    def test_logged_in_customer_posts_on_own_ticket_without_token(self):
        self.authenticate("fb_portal_a", "fb_portal_a")
        page = url_open_read_only(self, f"/my/tickets/{self.ticket_a.id}")  # the plain URL
        self.assertEqual(page.status_code, 200)
        self._post_without_token(self.ticket_a, "Here is the log you asked for")
        self.assertIn("Here is the log you asked for", self.ticket_a.message_ids[0].body)
        self.assertEqual(self.ticket_a.message_ids[0].author_id, self.portal_a.partner_id)
        # another customer's ticket: refused, nothing posted
        with self.assertRaises(Exception):  # noqa: B017 - the route answers 404 as an error
            self._post_without_token(self.ticket_b, "Let me in")
        self.assertNotIn("Let me in", " ".join(self.ticket_b.message_ids.mapped("body")))

    def test_bad_submissions_write_nothing(self):
        self.authenticate("fb_portal_a", "fb_portal_a")
        before = self.Ticket.search_count([])
        response = self._submit(
            files={"attachments": ("tool.exe", b"MZ...", "application/octet-stream")}
        )
        self.assertIn("cannot be attached", response.text)
        big = b"0" * (10 * 1024 * 1024 + 1)
        response = self._submit(files={"attachments": ("huge.pdf", big, "application/pdf")})
        self.assertIn("larger than", response.text)
        response = self._submit(subject="   ")
        self.assertIn("subject", response.text)
        self.assertEqual(self.Ticket.search_count([]), before)
        self.assertNotIn("Traceback", response.text)
        # without the CSRF token the form is refused
        response = self.url_open("/my/tickets/new", data={"subject": "No token"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.Ticket.search_count([]), before)

    def test_reply_on_closed_ticket_reopens_it(self):
        self.ticket_a.action_close()
        # what the portal chatter does for the customer
        self.ticket_a.sudo().message_post(
            body="Still broken",
            author_id=self.portal_a.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertFalse(self.ticket_a.is_closed)
        self.assertIn("Still broken", " ".join(self.ticket_a.message_ids.mapped("body")))

    def test_pager_keeps_query_count(self):
        self.Ticket.create(
            [{"name": f"Bulk {i}", "partner_id": self.customer.id} for i in range(170)]
        )
        self.authenticate("fb_portal_a", "fb_portal_a")
        self.url_open("/my/tickets")  # warm up
        self.env.flush_all()
        counts = []
        for page in (1, 3):
            before = self.cr.sql_log_count
            self.assertEqual(self.url_open(f"/my/tickets/page/{page}").status_code, 200)
            counts.append(self.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])
