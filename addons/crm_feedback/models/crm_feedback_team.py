from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmFeedbackTeam(models.Model):
    """A feedback team (反馈人员管理): members, leader, working hours, assignment, e-mail alias."""

    _name = "crm.feedback.team"
    _description = "Feedback Team"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    leader_id = fields.Many2one(
        "res.users", string="Team Leader", domain="[('share', '=', False)]", tracking=True
    )
    member_ids = fields.Many2many(
        "res.users",
        "crm_feedback_team_member_rel",
        "team_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False)]",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        required=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="SLA hours are counted in these working hours; China's statutory holidays are "
        "loaded into its leaves.",
    )
    assignment_mode = fields.Selection(
        [
            ("manual", "Manual"),
            ("round_robin", "Round Robin"),
            ("least_open", "Least Open Tickets"),
        ],
        default="round_robin",
        required=True,
    )
    last_assigned_user_id = fields.Many2one("res.users", readonly=True, copy=False)
    refuse_unknown_senders = fields.Boolean(
        help="E-mails from addresses that are not contacts yet open no ticket; they are kept "
        "as archived, refused tickets for review.",
    )
    acknowledge = fields.Boolean(
        string="Acknowledge New Tickets",
        default=True,
        help="Send the customer the ticket number when a ticket arrives by e-mail or portal.",
    )
    auto_close_days = fields.Integer(
        string="Close After (days)",
        default=7,
        help="Tickets waiting for the customer close after this many days without an answer "
        "(a warning is sent two days before); 0 to keep them open.",
    )
    sla_ids = fields.One2many("crm.feedback.sla", "team_id", string="SLA Policies")
    ticket_ids = fields.One2many("crm.feedback.ticket", "team_id")
    open_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    unassigned_ticket_count = fields.Integer(compute="_compute_ticket_counts")
    overdue_ticket_count = fields.Integer(compute="_compute_ticket_counts")

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        self.env["crm.feedback.workday"]._cron_load_china_calendar()
        return teams

    def write(self, vals):
        result = super().write(vals)
        if "resource_calendar_id" in vals:
            self.env["crm.feedback.workday"]._cron_load_china_calendar()
        return result

    @api.constrains("auto_close_days")
    def _check_auto_close_days(self):
        if any(team.auto_close_days < 0 for team in self):
            raise ValidationError(self.env._("The closing delay cannot be negative."))

    def _compute_ticket_counts(self):
        """Counted as the staff list counts them (``crm.feedback.ticket._domain_open``)."""
        Ticket = self.env["crm.feedback.ticket"]
        domain = [("team_id", "in", self.ids)] + Ticket._domain_open()
        open_counts = dict(Ticket._read_group(domain, ["team_id"], ["__count"]))
        unassigned = dict(
            Ticket._read_group(domain + [("user_id", "=", False)], ["team_id"], ["__count"])
        )
        overdue = dict(
            Ticket._read_group(
                [("team_id", "in", self.ids)] + Ticket._domain_overdue(), ["team_id"], ["__count"]
            )
        )
        for team in self:
            team.open_ticket_count = open_counts.get(team, 0)
            team.unassigned_ticket_count = unassigned.get(team, 0)
            team.overdue_ticket_count = overdue.get(team, 0)

    @api.model
    def _default_for_user(self, user=None):
        """The team a ticket entered by ``user`` goes to: the user's own team (the first they
        lead or belong to), else the company's only team."""
        user = user or self.env.user
        company = self.env.company
        teams = self.search([("company_id", "=", company.id)])
        mine = teams.filtered(lambda t: t.leader_id == user or user in t.member_ids)
        if mine:
            return mine[0]
        return teams if len(teams) == 1 else self.browse()

    # ------------------------------------------------------------------ mail alias
    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get_id("crm.feedback.ticket")
        if self.id:
            defaults = dict(values.get("alias_defaults") or {})
            defaults["team_id"] = self.id
            values["alias_defaults"] = defaults
        return values

    # ------------------------------------------------------------------ assignment
    def _next_assignees(self, count):
        """``count`` members to assign new tickets to, by the team's mode (no query per
        ticket: one read_group for the open counts)."""
        self.ensure_one()
        members = self.member_ids.filtered("active").sorted("id")
        if self.assignment_mode == "manual" or not members:
            return [self.env["res.users"]] * count
        if self.assignment_mode == "round_robin":
            start = 0
            if self.last_assigned_user_id in members:
                start = members.ids.index(self.last_assigned_user_id.id) + 1
            picked = [members[(start + i) % len(members)] for i in range(count)]
        else:
            load = dict.fromkeys(members, 0)
            load.update(
                {
                    user: n
                    for user, n in self.env["crm.feedback.ticket"]._read_group(
                        [
                            ("user_id", "in", members.ids),
                            ("is_closed", "=", False),
                        ],
                        ["user_id"],
                        ["__count"],
                    )
                }
            )
            picked = []
            for _i in range(count):
                user = min(members, key=lambda u: (load[u], u.id))
                load[user] += 1
                picked.append(user)
        self.sudo().last_assigned_user_id = picked[-1]  # bookkeeping of the rotation
        return picked

    def action_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_feedback.crm_feedback_ticket_action"
        )
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {"default_team_id": self.id, "search_default_open": 1}
        return action

    def action_view_overdue_tickets(self):
        action = self.action_view_tickets()
        action["context"] = dict(action["context"], search_default_overdue=1)
        return action
