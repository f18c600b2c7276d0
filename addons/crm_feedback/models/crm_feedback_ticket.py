import logging
import uuid
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_customer_core.models.cron_batches import cron_batches, run_isolated
from odoo.addons.crm_customer_core.models.recipient_language import in_recipient_language

from .crm_feedback_sla import PRIORITIES
from .sla_calendar import HORIZON_DAYS, SHORT_HORIZON_DAYS, add_working_hours, work_intervals

_logger = logging.getLogger(__name__)

AT_RISK_SHARE = 0.75  # a ticket is at risk once 75% of its working hours are spent
ESCALATION_BATCH = 1000
ACKNOWLEDGE_BATCH = 100
CRON_CHUNK = 20000


class CrmFeedbackTicket(models.Model):
    """A problem a customer reported (客户反馈), from phone, e-mail, portal or on site."""

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
    # SLA
    sla_id = fields.Many2one(
        "crm.feedback.sla", string="SLA Policy", compute="_compute_sla_id", store=True
    )
    sla_first_response_deadline = fields.Datetime(
        string="First Response Due", compute="_compute_sla_dates", store=True
    )
    sla_first_response_risk = fields.Datetime(
        string="First Response At Risk From", compute="_compute_sla_dates", store=True
    )
    sla_resolution_deadline = fields.Datetime(
        string="Resolution Due", compute="_compute_sla_dates", store=True
    )
    sla_resolution_risk = fields.Datetime(
        string="Resolution At Risk From", compute="_compute_sla_dates", store=True
    )
    sla_deadline = fields.Datetime(
        string="Next SLA Deadline", compute="_compute_sla_next", store=True, index=True
    )
    sla_risk_date = fields.Datetime(
        string="At Risk From", compute="_compute_sla_next", store=True, index=True
    )
    sla_status = fields.Selection(
        [
            ("none", "No SLA"),
            ("on_track", "On Track"),
            ("at_risk", "At Risk"),
            ("breached", "Breached"),
            ("met", "Met"),
        ],
        string="SLA Status",
        compute="_compute_sla_status",
        search="_search_sla_status",
    )
    sla_escalation = fields.Selection(
        [("at_risk", "At Risk"), ("breached", "Breached")],
        string="SLA Escalation",
        readonly=True,
        copy=False,
    )
    sla_escalation_deadline = fields.Datetime(
        string="Escalated Deadline", readonly=True, copy=False
    )
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

    @api.depends("team_id", "priority", "category_id")
    def _compute_sla_id(self):
        policies = self.env["crm.feedback.sla"].search([("team_id", "in", self.team_id.ids)])
        # the categories a policy covers, sub-categories included: one search per policy
        covers = {
            sla: set(
                self.env["crm.feedback.category"]
                .search([("id", "child_of", sla.category_ids.ids)])
                .ids
            )
            for sla in policies
            if sla.category_ids
        }
        for ticket in self:
            ticket.sla_id = next(
                (
                    sla
                    for sla in policies
                    if sla.team_id == ticket.team_id and ticket._sla_matches(sla, covers)
                ),
                False,
            )

    def _sla_matches(self, sla, covers):
        """Whether ``sla`` applies to this ticket; the bridge with licenses extends it."""
        if sla.priority and int(self.priority or 0) < int(sla.priority):
            return False
        return not sla.category_ids or self.category_id.id in covers[sla]

    @api.depends("sla_id", "date_received", "team_id.resource_calendar_id")
    def _compute_sla_dates(self):
        """Deadlines in the team's working hours; one calendar walk per team and batch."""
        makeup = None
        for team, tickets in self.grouped("team_id").items():
            timed = tickets.filtered(lambda t: t.sla_id and t.date_received)
            (tickets - timed).update(
                {
                    "sla_first_response_deadline": False,
                    "sla_first_response_risk": False,
                    "sla_resolution_deadline": False,
                    "sla_resolution_risk": False,
                }
            )
            if not timed:
                continue
            if makeup is None:
                makeup = self.env["crm.feedback.workday"].search([]).mapped("date")
            start = min(timed.mapped("date_received"))
            # a short window first (the usual case), the long one when a deadline lies beyond
            for days in (SHORT_HORIZON_DAYS, HORIZON_DAYS):
                end = max(timed.mapped("date_received")) + timedelta(days=days)
                intervals = work_intervals(
                    team.resource_calendar_id,
                    start,
                    end,
                    [day for day in makeup if start.date() <= day <= end.date()],
                )
                for ticket in timed:
                    received, sla = ticket.date_received, ticket.sla_id
                    ticket.sla_first_response_deadline = add_working_hours(
                        intervals, received, sla.hours_first_response
                    )
                    ticket.sla_first_response_risk = add_working_hours(
                        intervals, received, sla.hours_first_response * AT_RISK_SHARE
                    )
                    ticket.sla_resolution_deadline = add_working_hours(
                        intervals, received, sla.hours_resolution
                    )
                    ticket.sla_resolution_risk = add_working_hours(
                        intervals, received, sla.hours_resolution * AT_RISK_SHARE
                    )
                if all(timed.mapped("sla_resolution_deadline")):
                    break

    @api.depends(
        "is_closed",
        "stage_type",
        "first_response_date",
        "sla_first_response_deadline",
        "sla_resolution_deadline",
    )
    def _compute_sla_next(self):
        for ticket in self:
            if ticket.is_closed or ticket.stage_type == "solved" or not ticket.sla_id:
                ticket.sla_deadline = ticket.sla_risk_date = False
            elif not ticket.first_response_date:
                ticket.sla_deadline = ticket.sla_first_response_deadline
                ticket.sla_risk_date = ticket.sla_first_response_risk
            else:
                ticket.sla_deadline = ticket.sla_resolution_deadline
                ticket.sla_risk_date = ticket.sla_resolution_risk

    @api.depends("sla_deadline", "sla_risk_date", "sla_success_rate", "sla_id")
    def _compute_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            if not ticket.sla_id:
                ticket.sla_status = "none"
            elif not ticket.sla_deadline:
                ticket.sla_status = "met" if ticket.sla_success_rate == 100 else "breached"
            elif ticket.sla_deadline <= now:
                ticket.sla_status = "breached"
            elif ticket.sla_risk_date and ticket.sla_risk_date <= now:
                ticket.sla_status = "at_risk"
            else:
                ticket.sla_status = "on_track"

    def _search_sla_status(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(self.env._("Search the SLA status with '=' or 'in'."))
        values = [value] if operator == "=" else value
        now = fields.Datetime.now()
        domains = {
            "none": [("sla_id", "=", False)],
            "on_track": [("sla_deadline", ">", now), ("sla_risk_date", ">", now)],
            "at_risk": [("sla_deadline", ">", now), ("sla_risk_date", "<=", now)],
            "breached": [
                "|",
                ("sla_deadline", "<=", now),
                "&",
                ("sla_deadline", "=", False),
                ("sla_success_rate", "=", 0),
            ],
            "met": [("sla_deadline", "=", False), ("sla_success_rate", "=", 100)],
        }
        result = []
        for status in values:
            domain = domains.get(status, [("id", "=", False)])
            if status not in ("none",):
                domain = [("sla_id", "!=", False)] + domain
            result = ["|"] + result + domain if result else domain
        return result

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

    # ------------------------------------------------------------------ messaging
    def _message_post_after_hook(self, message, msg_vals):
        """A public answer by an employee is the first response; a customer's comment on a
        ticket waiting for them (portal) moves it back to work."""
        result = super()._message_post_after_hook(message, msg_vals)
        author = message.author_id
        # partner_share: no internal user behind the author (read with the author, where
        # user_ids would be one more query per message); OdooBot's posts are nobody's answer
        internal = (
            bool(author)
            and not author.partner_share
            and author != self.env.ref("base.partner_root")
        )
        public = message.subtype_id == self.env.ref("mail.mt_comment")
        if internal and public and message.message_type in ("comment", "email"):
            self.filtered(
                lambda t: not t.first_response_date
            ).first_response_date = fields.Datetime.now()
        elif not internal and message.message_type == "comment" and public:
            # only the customer's own people count (not, say, the company's own address)
            self.filtered(
                lambda t: (
                    t.commercial_partner_id
                    and author.commercial_partner_id == t.commercial_partner_id
                )
            )._on_customer_reply()
        return result

    def _on_customer_reply(self):
        """A customer answered: back to work, or reopened when already closed."""
        back = self.filtered(lambda t: t.stage_type == "waiting" or t.is_closed)
        if back:
            back._move_to("progress")

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A ticket from an e-mail to a team's alias. The sender's contact is found (or created,
        unless the team refuses unknown senders: then the ticket is kept archived, refused)."""
        values = dict(custom_values or {})
        team = self.env["crm.feedback.team"].browse(values.get("team_id")).exists()
        email_from = msg_dict.get("email_from") or ""
        normalized = tools.email_normalize(email_from)
        partner = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        values.update(
            name=msg_dict.get("subject") or self.env._("(no subject)"),
            description=msg_dict.get("body"),
            channel="email",
            email_from=email_from,
        )
        if team:
            values.setdefault("company_id", team.company_id.id)
        if not normalized:
            values["description"] = Markup("<p><i>%s</i></p>") % self.env._(
                "This e-mail had no sender address: nobody can be answered."
            ) + Markup(msg_dict.get("body") or "")
        elif not partner and team.refuse_unknown_senders:
            refused = self.env.ref("crm_feedback.stage_closed", raise_if_not_found=False)
            values.update(active=False, refused=True, stage_id=refused.id if refused else False)
        elif not partner:
            partner = self.env["res.partner"].find_or_create(email_from)
            # The gateway posts the e-mail with msg_dict after this: as the new contact's
            # message, so the chatter says who wrote and they are not sent their e-mail back.
            msg_dict["author_id"] = partner.id
        if partner:
            values.update(partner_id=partner.commercial_partner_id.id, contact_id=partner.id)
        # The acknowledgement is rendered and queued by a follow-up job, in batches, right
        # after this transaction: the gateway (one e-mail at a time) does not wait for it.
        values["acknowledge_pending"] = bool(
            team.acknowledge and partner and not values.get("refused")
        )
        ticket = super(
            CrmFeedbackTicket,
            self.with_context(mail_create_nosubscribe=True),
        ).message_new(msg_dict, custom_values=values)
        if ticket.acknowledge_pending:
            self.env.ref("crm_feedback.ir_cron_acknowledge")._trigger()
        return ticket

    def message_update(self, msg_dict, update_vals=None):
        """A reply e-mail threads into its ticket (the gateway posts it after this); an
        auto-reply is kept on the ticket but changes nothing."""
        if not msg_dict.pop("crm_feedback_auto_submitted", False):
            # the gateway found the author just now; partner_share: not an employee's address
            author = self.env["res.partner"].browse(msg_dict.get("author_id"))
            if not author or author.partner_share:
                self._on_customer_reply()
        return super().message_update(msg_dict, update_vals=update_vals)

    @api.model
    def _detect_loop_sender_domain(self, email_from_normalized):
        return [("email_normalized", "=", email_from_normalized)]

    @api.model
    def _is_blacklisted(self, normalized_email):
        # sudo: the blacklist is for marketing managers; only its yes/no answer is used
        return bool(
            normalized_email
            and self.env["mail.blacklist"]
            .sudo()
            .search_count([("email", "=", normalized_email)], limit=1)
        )

    @api.model
    def _cron_send_acknowledgements(self, batch_size=ACKNOWLEDGE_BATCH):
        """Acknowledge the tickets opened by e-mail since the last run, in batches; a ticket
        whose acknowledgement fails is skipped with a logged reason and the others go out.
        The pending flag is the guard: a run killed half-way sends nothing twice."""
        pending = self.search([("acknowledge_pending", "=", True)], order="id")
        done = 0
        for batch in cron_batches(self.env, pending, batch_size, CRON_CHUNK):
            done += len(
                run_isolated(
                    batch,
                    lambda tickets: tickets._send_acknowledgements(),
                    _logger,
                    "Ticket acknowledgement",
                )
            )
        return done

    def _send_acknowledgements(self):
        emails = {ticket: ticket.email_normalized for ticket in self}
        blacklisted = set(
            self.env["mail.blacklist"]
            .sudo()  # only the yes/no answer per address is used
            .search([("email", "in", [email for email in emails.values() if email])])
            .mapped("email")
        )
        refused = self.filtered(lambda t: emails[t] in blacklisted)
        refused._acknowledge(blacklisted=True)
        if self - refused:
            self.env.ref("crm_feedback.mail_template_ticket_received").send_mail_batch(
                (self - refused).ids,
                email_values={"headers": {"Auto-Submitted": "auto-replied"}},
            )
        self.write({"acknowledge_pending": False})

    def _acknowledge(self, blacklisted=False):
        """Send the ticket number to the customer (never to a blacklisted address, and marked
        as automatic so auto-responders do not answer it)."""
        template = self.env.ref("crm_feedback.mail_template_ticket_received")
        for ticket in self:
            if blacklisted:
                ticket._message_log(
                    body=self.env._("No acknowledgement sent: the address is blacklisted.")
                )
                continue
            template.send_mail(
                ticket.id,
                email_values={"headers": {"Auto-Submitted": "auto-replied"}},
            )

    def _message_get_suggested_recipients(self):
        recipients = super()._message_get_suggested_recipients()
        for ticket in self:
            contact = ticket.contact_id or ticket.partner_id
            if contact and contact.email:
                ticket._message_add_suggested_recipient(
                    recipients, partner=contact, reason=self.env._("Customer")
                )
        return recipients

    # ------------------------------------------------------------------ scheduled actions
    @api.model
    def _cron_sla_escalation(self, batch_size=ESCALATION_BATCH):
        """Escalate open tickets at risk or past their deadline once per deadline and level:
        an activity for the team leader, a note on the ticket and one summary message to the
        team's followers."""
        now = fields.Datetime.now()
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                """
            SELECT id, CASE WHEN sla_deadline <= %(now)s THEN 'breached' ELSE 'at_risk' END
              FROM crm_feedback_ticket
             WHERE is_closed IS NOT TRUE AND sla_risk_date IS NOT NULL
               AND sla_risk_date <= %(now)s AND active
               AND (sla_escalation_deadline IS DISTINCT FROM sla_deadline
                    OR (sla_escalation = 'at_risk' AND sla_deadline <= %(now)s))
             ORDER BY id
            """,
                now=now,
            )
        )
        done = 0
        for batch in cron_batches(self.env, rows, batch_size, CRON_CHUNK):
            levels = dict(batch)
            done += len(
                run_isolated(
                    self.browse(list(levels)),
                    lambda tickets, levels=levels: tickets._escalate(levels),
                    _logger,
                    "SLA escalation",
                )
            )
        return done

    def _escalate(self, levels):
        activity_type = self.env.ref("crm_feedback.mail_activity_type_sla_escalation")
        model_id = self.env["ir.model"]._get_id(self._name)
        labels = dict(self._fields["sla_status"]._description_selection(self.env))
        escalated = self.filtered(lambda t: t.team_id.leader_id or t.user_id)
        vals_list = []
        for tickets in in_recipient_language(
            escalated, lambda ticket: ticket.team_id.leader_id or ticket.user_id
        ):
            env = tickets.env
            status_labels = dict(self._fields["sla_status"]._description_selection(env))
            vals_list += [
                {
                    "res_model_id": model_id,
                    "res_id": ticket.id,
                    "activity_type_id": activity_type.id,
                    "user_id": (ticket.team_id.leader_id or ticket.user_id).id,
                    "summary": env._(
                        "SLA %(status)s: %(ticket)s",
                        status=status_labels[levels[ticket.id]],
                        ticket=ticket.display_name,
                    ),
                    "date_deadline": fields.Date.context_today(self),
                }
                for ticket in tickets
            ]
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)
        note = Markup(self.env._("SLA escalated: <b>%(status)s</b>, deadline %(deadline)s."))
        self._message_log_batch(
            {
                ticket.id: note
                % {"status": labels[levels[ticket.id]], "deadline": ticket.sla_deadline}
                for ticket in self
            }
        )
        for level in ("at_risk", "breached"):
            tickets = self.filtered(lambda t, level=level: levels[t.id] == level)
            if tickets:
                # one statement per level: the escalation remembers the deadline it was for
                self.env.execute_query(
                    SQL(
                        "UPDATE crm_feedback_ticket SET sla_escalation = %s, "
                        "sla_escalation_deadline = sla_deadline WHERE id IN %s",
                        level,
                        tuple(tickets.ids),
                    )
                )
        self.invalidate_recordset(["sla_escalation", "sla_escalation_deadline"])
        for team, tickets in self.grouped("team_id").items():
            if team:
                team.message_post(
                    body=self.env._(
                        "%(count)s tickets escalated by the SLA: %(numbers)s",
                        count=len(tickets),
                        numbers=", ".join(tickets[:20].mapped("number")),
                    ),
                    subtype_xmlid="mail.mt_comment",
                )

    @api.model
    def _cron_auto_close(self):
        """Tickets waiting for the customer: a warning two days before the team's delay, then
        closing, at least two days after the warning. Each step selects only what is still to
        do, so reruns repeat nothing."""
        now = fields.Datetime.now()
        waiting = self.search([("stage_type", "=", "waiting"), ("team_id.auto_close_days", ">", 0)])

        def notice(ticket):
            return timedelta(days=min(2, ticket.team_id.auto_close_days))

        warn = waiting.filtered(
            lambda t: (
                not t.auto_close_warning_date
                and t.waiting_since
                and t.waiting_since <= now - timedelta(days=t.team_id.auto_close_days) + notice(t)
            )
        )
        if warn:
            template = self.env.ref("crm_feedback.mail_template_ticket_auto_close_warning")
            for ticket in warn:
                ticket.message_post_with_source(
                    template, message_type="comment", subtype_xmlid="mail.mt_comment"
                )
            warn.auto_close_warning_date = now
        close = (waiting - warn).filtered(
            lambda t: (
                t.auto_close_warning_date
                and t.auto_close_warning_date <= now - notice(t)
                and t.waiting_since <= now - timedelta(days=t.team_id.auto_close_days)
            )
        )
        if close:
            close._move_to("closed")
            close._message_log_batch(
                dict.fromkeys(
                    close.ids,
                    self.env._("Closed automatically: no answer from the customer."),
                )
            )
        return len(warn), len(close)
