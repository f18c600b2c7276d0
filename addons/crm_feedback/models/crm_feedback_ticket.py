import uuid
from collections import defaultdict

from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from .crm_feedback_sla import PRIORITIES


class CrmFeedbackTicket(models.Model):
    """A problem a customer reported (客户反馈), from phone, e-mail, portal or on site: its
    fields, CRUD and actions. Its SLA, mail gateway and scheduled actions inherit it in
    their own files (crm_feedback_ticket_sla.py, _mail.py, _cron.py)."""

    _name = "crm.feedback.ticket"
    _description = "Feedback Ticket"
    _inherit = ["portal.mixin", "mail.thread.cc", "mail.activity.mixin"]
    _order = "priority desc, id desc"
    _rec_names_search = ["number", "name", "partner_id"]
    _primary_email = "email_from"
    # Who may read a ticket may write in its conversation: the customer posts on their own
    # tickets from the portal with or without the link's token (the portal record rule keeps
    # them to their own company's tickets), as on Odoo's project tasks.
    _mail_post_access = "read"

    number = fields.Char(
        string="Ticket Number", readonly=True, copy=False, index="trigram", default="/"
    )
    name = fields.Char(string="Subject", required=True, tracking=True)
    description = fields.Html()
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one("res.partner", string="Customer", index=True, tracking=True)
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
        string="Commercial Entity",
    )
    contact_id = fields.Many2one(
        "res.partner",
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
    )
    email_from = fields.Char(string="Email")
    # what the mail gateway's loop guard searches on every incoming e-mail: an index lookup
    # instead of a scan of email_from with ILIKE
    email_normalized = fields.Char(
        string="Normalized Email",
        compute="_compute_email_normalized",
        store=True,
        precompute=True,
        index=True,
    )
    channel = fields.Selection(
        [
            ("phone", "Phone / Call Center"),
            ("email", "Email"),
            ("portal", "Portal"),
            ("web", "Web Form"),
            ("onsite", "On Site"),
            ("other", "Other"),
        ],
        default="phone",
        required=True,
        tracking=True,
    )
    category_id = fields.Many2one("crm.feedback.category", tracking=True, index=True)
    priority = fields.Selection(PRIORITIES, default="1", index=True, tracking=True)
    stage_id = fields.Many2one(
        "crm.feedback.stage",
        tracking=True,
        index=True,
        copy=False,
        group_expand="_read_group_expand_stages",
        default=lambda self: self._default_stage(),
        ondelete="restrict",
    )
    stage_type = fields.Selection(related="stage_id.stage_type", store=True)
    is_closed = fields.Boolean(related="stage_id.is_closed", store=True, index=True)
    team_id = fields.Many2one(
        "crm.feedback.team",
        tracking=True,
        index=True,
        default=lambda self: self.env["crm.feedback.team"]._default_for_user(),
    )
    user_id = fields.Many2one(
        "res.users",
        string="Assigned to",
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    salesperson_id = fields.Many2one(
        related="commercial_partner_id.user_id", string="Salesperson", store=True
    )
    resolution = fields.Html()
    root_cause = fields.Text()
    date_received = fields.Datetime(
        string="Received", required=True, default=fields.Datetime.now, index=True
    )
    first_response_date = fields.Datetime(readonly=True, copy=False)
    solved_date = fields.Datetime(readonly=True, copy=False)
    closed_date = fields.Datetime(readonly=True, copy=False)
    waiting_since = fields.Datetime(readonly=True, copy=False)
    auto_close_warning_date = fields.Datetime(
        string="Closing Warning Sent", readonly=True, copy=False
    )
    reopen_count = fields.Integer(readonly=True, copy=False)
    acknowledge_pending = fields.Boolean(
        readonly=True,
        copy=False,
        help="Opened by e-mail; the acknowledgement goes out with the next follow-up job, "
        "triggered as soon as the e-mail is processed.",
    )
    refused = fields.Boolean(
        readonly=True, copy=False, help="An e-mail from an unknown sender the team refuses."
    )
    merged_into_id = fields.Many2one("crm.feedback.ticket", readonly=True, copy=False)
    # report measures
    first_response_hours = fields.Float(
        compute="_compute_report_measures", store=True, aggregator="avg"
    )
    resolution_hours = fields.Float(
        compute="_compute_report_measures", store=True, aggregator="avg"
    )
    sla_success_rate = fields.Float(
        string="SLA Compliance (%)",
        compute="_compute_report_measures",
        store=True,
        aggregator="avg",
        help="100 for a closed ticket solved within its SLA, 0 when late; empty otherwise.",
    )
    reopen_rate = fields.Float(
        string="Reopened (%)", compute="_compute_report_measures", store=True, aggregator="avg"
    )
    color = fields.Integer(compute="_compute_color")

    def init(self):
        tools.create_index(
            self.env.cr,
            "crm_feedback_ticket_acknowledge_pending_idx",
            self._table,
            ["id"],
            where="acknowledge_pending",
        )
        # the SLA run looks for open tickets whose risk date has passed
        tools.create_index(
            self.env.cr,
            "crm_feedback_ticket_sla_open_idx",
            self._table,
            ["sla_risk_date"],
            where="is_closed IS NOT TRUE AND sla_risk_date IS NOT NULL",
        )

    # ------------------------------------------------------------------ defaults
    @api.model
    def _default_stage(self):
        return self.env["crm.feedback.stage"].search([], limit=1)

    @api.model
    def _domain_open(self):
        """Open tickets, wherever they are counted (team cards, staff list, filters, portal):
        neither solved nor closed, so still work for someone."""
        return [("is_closed", "=", False), ("stage_type", "!=", "solved")]

    @api.model
    def _domain_overdue(self):
        """Open tickets past their SLA deadline."""
        return self._domain_open() + [("sla_deadline", "<=", fields.Datetime.now())]

    @api.model
    def _read_group_expand_stages(self, stages, domain):
        return stages.search([])

    @api.model
    def _stage_of_type(self, stage_type):
        return self.env["crm.feedback.stage"].search([("stage_type", "=", stage_type)], limit=1)

    # ------------------------------------------------------------------ computes
    @api.depends("email_from")
    def _compute_email_normalized(self):
        for ticket in self:
            ticket.email_normalized = tools.email_normalize(ticket.email_from)

    @api.depends("stage_id", "sla_status")
    def _compute_color(self):
        colors = {"breached": 1, "at_risk": 2, "on_track": 10, "met": 10}
        for ticket in self:
            ticket.color = colors.get(ticket.sla_status, 0)

    @api.depends(
        "date_received", "first_response_date", "solved_date", "closed_date", "reopen_count"
    )
    def _compute_report_measures(self):
        for ticket in self:
            received = ticket.date_received
            done = ticket.solved_date or ticket.closed_date
            ticket.first_response_hours = (
                (ticket.first_response_date - received).total_seconds() / 3600
                if ticket.first_response_date and received
                else 0.0
            )
            ticket.resolution_hours = (
                (done - received).total_seconds() / 3600 if done and received else 0.0
            )
            ticket.reopen_rate = 100.0 if ticket.reopen_count else 0.0
            if done and ticket.sla_resolution_deadline:
                first_ok = not ticket.sla_first_response_deadline or (
                    ticket.first_response_date
                    and ticket.first_response_date <= ticket.sla_first_response_deadline
                )
                ok = first_ok and done <= ticket.sla_resolution_deadline
                ticket.sla_success_rate = 100.0 if ok else 0.0
            else:
                ticket.sla_success_rate = False

    @api.depends("number", "name")
    def _compute_display_name(self):
        for ticket in self:
            ticket.display_name = (
                f"{ticket.number} {ticket.name}"
                if ticket.number and ticket.number != "/"
                else ticket.name
            )

    def _creation_subtype(self):
        return self.env.ref("crm_feedback.mt_ticket_new")

    def _creation_message(self):
        # said in the creator's words rather than Odoo's generic "<model> created"
        return self.env._("Ticket received")

    def _compute_access_url(self):
        for ticket in self:
            ticket.access_url = f"/my/tickets/{ticket.id}"

    # ------------------------------------------------------------------ CRUD
    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("number", "/") == "/":
                vals["number"] = sequence.next_by_code("crm.feedback.ticket") or "/"
            if vals.get("partner_id") and not vals.get("email_from"):
                vals["email_from"] = self.env["res.partner"].browse(vals["partner_id"]).email
            if vals.get("partner_id"):
                # the portal link's token, in the insert rather than a write after it
                vals.setdefault("access_token", str(uuid.uuid4()))
        self._assign_by_team(vals_list)
        tickets = super().create(vals_list)
        if self.env.context.get("tracking_disable"):
            # no auto-subscription in this context (imports): customers still follow their
            # tickets, to be sent the answers
            by_customer = tickets.filtered("partner_id").grouped(
                lambda ticket: ticket.contact_id or ticket.partner_id
            )
            for customer, customer_tickets in by_customer.items():
                customer_tickets.message_subscribe(partner_ids=customer.ids)
        return tickets

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        """The customer's contact follows their ticket (public subtypes only), subscribed in
        the same insert as the assignee, when the ticket is created or changes customer."""
        followers = super()._message_auto_subscribe_followers(updated_values, default_subtype_ids)
        customer = self.env["res.partner"].browse(
            updated_values.get("contact_id") or updated_values.get("partner_id")
        )
        if customer and customer.active:
            internal_ids = self.env["mail.message.subtype"]._get_auto_subscription_subtypes(
                self._name
            )[2]
            followers.append((customer.id, set(default_subtype_ids) - set(internal_ids), False))
        return followers

    @api.model
    def _assign_by_team(self, vals_list):
        """Fill the assignee of new tickets by their team's mode, before the insert (one
        rotation per team and batch, no write afterwards). A ticket entered without a team
        goes to the team of the user entering it, else to the company's only team."""
        by_team = defaultdict(list)
        default_team = self.env.context.get("default_team_id")
        if not default_team and any("team_id" not in vals for vals in vals_list):
            default_team = self.env["crm.feedback.team"]._default_for_user().id
        for vals in vals_list:
            if "team_id" not in vals and default_team:
                vals["team_id"] = default_team
            team_id = vals.get("team_id")
            if team_id and not vals.get("user_id"):
                by_team[team_id].append(vals)
        for team_id, team_vals in by_team.items():
            team = self.env["crm.feedback.team"].browse(team_id)
            for vals, user in zip(team_vals, team._next_assignees(len(team_vals)), strict=True):
                if user:
                    vals["user_id"] = user.id

    def write(self, vals):
        # A team set later assigns as the team's mode does for new tickets; tickets that
        # already have an assignee keep them.
        to_assign = (
            self.filtered(lambda t: not t.user_id)
            if vals.get("team_id") and "user_id" not in vals
            else self.browse()
        )
        reopened = self.browse()
        if "stage_id" in vals:
            new_stage = self.env["crm.feedback.stage"].browse(vals["stage_id"])
            now = fields.Datetime.now()
            reopened = self.filtered(
                lambda t: (
                    (t.is_closed or t.stage_type == "solved")
                    and not new_stage.is_closed
                    and new_stage.stage_type != "solved"
                )
            )
            if new_stage.stage_type == "solved":
                vals.setdefault("solved_date", now)
            if new_stage.is_closed:
                vals.setdefault("closed_date", now)
                if "solved_date" not in vals:
                    self.filtered(lambda t: not t.solved_date).solved_date = now
            if new_stage.stage_type == "waiting":
                vals.update(waiting_since=now, auto_close_warning_date=False)
        result = super().write(vals)
        for ticket in reopened:
            ticket.write(
                {
                    "reopen_count": ticket.reopen_count + 1,
                    "solved_date": False,
                    "closed_date": False,
                }
            )
        if to_assign:
            team = self.env["crm.feedback.team"].browse(vals["team_id"])
            assignee = dict(zip(to_assign.ids, team._next_assignees(len(to_assign)), strict=True))
            for user, tickets in to_assign.grouped(lambda t: assignee[t.id]).items():
                if user:
                    tickets.user_id = user
        return result

    # ------------------------------------------------------------------ actions
    def action_preview_ticket(self):
        self.ensure_one()
        return {"type": "ir.actions.act_url", "target": "self", "url": self.get_portal_url()}

    def action_take(self):
        self.write({"user_id": self.env.user.id})
        return True

    def _move_to(self, stage_type):
        stage = self._stage_of_type(stage_type)
        if not stage:
            raise UserError(self.env._("No stage means “%s”.", stage_type))
        self.write({"stage_id": stage.id})

    def action_solve(self):
        self._move_to("solved")
        return True

    def action_close(self):
        self._move_to("closed")
        return True

    def action_reopen(self):
        self._move_to("progress")
        return True

    def action_wait_customer(self):
        self._move_to("waiting")
        return True
