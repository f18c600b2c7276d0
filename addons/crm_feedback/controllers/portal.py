import base64
import os

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.crm_customer_core.controllers.portal_list import portal_list
from odoo.addons.portal.controllers.portal import CustomerPortal

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
# what a browser or the operating system could run or render as a page
DANGEROUS_EXTENSIONS = {
    ".exe", ".bat", ".cmd", ".com", ".scr", ".msi", ".ps1", ".vbs", ".js", ".jar",
    ".sh", ".html", ".htm", ".svg", ".xhtml", ".php", ".dll",
}  # fmt: skip


class FeedbackPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "feedback_ticket_count" in counters:
            Ticket = request.env["crm.feedback.ticket"]
            values["feedback_ticket_count"] = (
                Ticket.search_count(self._ticket_domain()) if Ticket.has_access("read") else 0
            )
        return values

    def _ticket_domain(self):
        partner = request.env.user.partner_id
        return [("commercial_partner_id", "=", partner.commercial_partner_id.id)]

    def _ticket_searchbar(self):
        env = request.env
        Ticket = env["crm.feedback.ticket"]
        return (
            {
                "date": {"label": env._("Newest"), "order": "id desc"},
                "priority": {"label": env._("Priority"), "order": "priority desc, id desc"},
                "stage": {"label": env._("Status"), "order": "stage_id, id desc"},
            },
            {
                "all": {"label": env._("All"), "domain": []},
                "open": {"label": env._("Open"), "domain": Ticket._domain_open()},
                "solved": {
                    "label": env._("Solved"),
                    "domain": [("is_closed", "=", False), ("stage_type", "=", "solved")],
                },
                "closed": {"label": env._("Closed"), "domain": [("is_closed", "=", True)]},
            },
            {
                "name": {"input": "name", "label": env._("Search in Subject"), "sequence": 10},
                "number": {"input": "number", "label": env._("Search in Number"), "sequence": 20},
            },
        )

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,  # a list to read: served by a replica when there is one
    )
    def portal_my_tickets(self, **kw):
        tickets, values = portal_list(
            self,
            "crm.feedback.ticket",
            "/my/tickets",
            self._ticket_domain(),
            self._ticket_searchbar(),
            {"name": "name", "number": "number"},
            "my_tickets_history",
            **kw,
        )
        values.update(tickets=tickets, page_name="feedback_ticket")
        return request.render("crm_feedback.portal_my_tickets", values)

    @http.route(
        "/my/tickets/new",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,  # the empty form; the POST below writes
    )
    def portal_ticket_new(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(self._portal_ticket_form_values())
        return request.render("crm_feedback.portal_ticket_new", values)

    def _portal_ticket_form_values(self):
        """What the "Report a Problem" form offers; bridges add their own choices."""
        return {
            "page_name": "feedback_ticket_new",
            # sudo: categories are configuration, shown by name only
            "categories": request.env["crm.feedback.category"].sudo().search([]),
            "error": request.session.pop("feedback_ticket_error", None),
        }

    def _portal_ticket_values(self, partner, post):
        """Values of a ticket submitted on the portal by ``partner`` from the form's ``post``
        (already validated by ``_check_submission``); bridges add their own fields, checked
        against the customer."""
        env = request.env
        # sudo: portal users may read no category; only the chosen id is checked to exist
        category = (
            env["crm.feedback.category"].sudo().browse(int(post.get("category_id") or 0)).exists()
        )
        return {
            "name": post["subject"].strip()[:200],
            "description": plaintext2html(post.get("description") or ""),
            "category_id": category.id,
            "partner_id": partner.commercial_partner_id.id,
            "contact_id": partner.id,
            "email_from": partner.email,
            "channel": "portal",
            "team_id": self._portal_team().id,
        }

    @http.route("/my/tickets/new", type="http", auth="user", methods=["POST"], website=True)
    def portal_ticket_submit(self, subject="", **post):
        env = request.env
        files = [f for f in request.httprequest.files.getlist("attachments") if f.filename]
        error = self._check_submission(subject, files)
        if error:
            request.session["feedback_ticket_error"] = error
            return request.redirect("/my/tickets/new")
        partner = env.user.partner_id
        post.pop("attachments", None)
        # sudo: portal users cannot create tickets directly; the values come from this form
        # only, checked by _portal_ticket_values, and the ticket belongs to the user's company
        ticket = (
            env["crm.feedback.ticket"]
            .sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(self._portal_ticket_values(partner, dict(post, subject=subject)))
        )
        if files:
            # sudo: the files were checked above and go to the user's own new ticket
            attachments = (
                env["ir.attachment"]
                .sudo()
                .create(
                    [
                        {
                            "name": os.path.basename(f.filename),
                            "datas": base64.b64encode(f.read()),
                            # pending on the composer: message_post links them to the ticket
                            "res_model": "mail.compose.message",
                            "res_id": 0,
                        }
                        for f in files
                    ]
                )
            )
            attachments.generate_access_token()  # the portal chatter links them with it
            ticket.message_post(
                body=env._("Attachments sent with the request."),
                attachment_ids=attachments.ids,
                author_id=partner.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        if ticket.team_id.acknowledge:
            ticket._acknowledge(blacklisted=ticket._is_blacklisted(partner.email_normalized))
        return request.redirect(ticket.get_portal_url())

    def _portal_team(self):
        """The team that takes portal tickets: the first one of the user's company."""
        # sudo: portal users cannot read teams; the team is only assigned, never shown
        return (
            request.env["crm.feedback.team"]
            .sudo()
            .search([("company_id", "in", [request.env.company.id, False])], limit=1)
        )

    @staticmethod
    def _check_submission(subject, files):
        env = request.env
        if not (subject or "").strip():
            return env._("Give your request a subject.")
        if len(files) > MAX_ATTACHMENTS:
            return env._("Attach at most %s files.", MAX_ATTACHMENTS)
        for f in files:
            if os.path.splitext(f.filename.lower())[1] in DANGEROUS_EXTENSIONS:
                return env._("Files of this type cannot be attached: %s", f.filename)
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(0)
            if size > MAX_ATTACHMENT_BYTES:
                return env._(
                    "%(name)s is larger than %(limit)s MB.",
                    name=f.filename,
                    limit=MAX_ATTACHMENT_BYTES // (1024 * 1024),
                )
        return None

    @http.route(
        ["/my/tickets/<int:ticket_id>"],
        type="http",
        auth="public",
        website=True,
        readonly=True,  # a page to read: a replica serves it (replies post through mail)
    )
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access(
                "crm.feedback.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = {"ticket": ticket_sudo, "page_name": "feedback_ticket"}
        values = self._get_page_view_values(
            ticket_sudo, access_token, values, "my_tickets_history", False, **kw
        )
        return request.render("crm_feedback.portal_my_ticket", values)

    @http.route(
        ["/my/tickets/<int:ticket_id>/<any(close,reopen):action>"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_ticket_close_reopen(self, ticket_id, action, access_token=None, **kw):
        try:
            ticket_sudo = self._document_check_access(
                "crm.feedback.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        author = request.env.user.partner_id
        if action == "close" and not ticket_sudo.is_closed:
            ticket_sudo.action_close()
            ticket_sudo._message_log(
                body=request.env._("Closed by the customer (%s).", author.name)
            )
        elif action == "reopen" and (ticket_sudo.is_closed or ticket_sudo.stage_type == "solved"):
            ticket_sudo.action_reopen()
            ticket_sudo._message_log(
                body=request.env._("Reopened by the customer (%s).", author.name)
            )
        return request.redirect(ticket_sudo.get_portal_url())
