from odoo import http
from odoo.http import request

from odoo.addons.crm_customer_core.controllers.xlsx import xlsx_response


class FeedbackReportController(http.Controller):
    @http.route("/crm_feedback/tickets.xlsx", type="http", auth="user", readonly=True)
    def tickets_xlsx(self, **kw):
        """The tickets the user may read, with their figures, as an Excel file."""
        Ticket = request.env["crm.feedback.ticket"]
        if not Ticket.has_access("read"):
            return request.not_found()
        env = request.env
        channels = dict(Ticket._fields["channel"]._description_selection(env))
        statuses = dict(Ticket._fields["sla_status"]._description_selection(env))
        headers = [
            env._("Number"),
            env._("Subject"),
            env._("Customer"),
            env._("Channel"),
            env._("Category"),
            env._("Team"),
            env._("Assigned to"),
            env._("Stage"),
            env._("Received"),
            env._("First Response (hours)"),
            env._("Resolution (hours)"),
            env._("SLA Status"),
            env._("Reopened"),
        ]
        rows = [
            [
                t.number,
                t.name,
                t.partner_id.display_name,
                channels.get(t.channel, ""),
                t.category_id.display_name,
                t.team_id.name,
                t.user_id.name,
                t.stage_id.name,
                t.date_received,
                round(t.first_response_hours, 2),
                round(t.resolution_hours, 2),
                statuses.get(t.sla_status, ""),
                t.reopen_count,
            ]
            for t in Ticket.search([], order="id desc")
        ]
        return xlsx_response("feedback_tickets.xlsx", env._("Tickets"), headers, rows, {8: "date"})
