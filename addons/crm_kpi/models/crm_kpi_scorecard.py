from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("locked", "Locked"),
]


class CrmKpiScorecard(models.Model):
    """One employee's assessment for one period, with a line per item of their plan."""

    _name = "crm.kpi.scorecard"
    _description = "KPI Scorecard"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "period_date desc, total_score desc, id"
    _rec_names_search = ["employee_id.name", "period_id.name"]

    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, ondelete="restrict", tracking=True
    )
    user_id = fields.Many2one(related="employee_id.user_id", string="User", store=True)
    period_id = fields.Many2one("crm.kpi.period", required=True, index=True, ondelete="restrict")
    period_date = fields.Date(related="period_id.date_from", store=True, string="Period Start")
    plan_id = fields.Many2one("crm.kpi.plan", index=True, ondelete="restrict")
    department_id = fields.Many2one(
        "hr.department", index=True, tracking=True, help="The department it was made for."
    )
    job_id = fields.Many2one(
        "hr.job", string="Job Position", tracking=True, help="The position it was made for."
    )
    state = fields.Selection(STATES, default="draft", required=True, index=True, tracking=True)
    line_ids = fields.One2many("crm.kpi.scorecard.line", "scorecard_id", string="Items")
    total_score = fields.Float(
        string="Score (of 100)",
        digits=(5, 1),
        compute="_compute_totals",
        store=True,
        aggregator="avg",
        tracking=True,
        help="100 when every target is reached; an item beaten earns up to its cap (120 by "
        "default).",
    )
    baseline_score = fields.Float(
        string="Baseline", digits=(5, 1), compute="_compute_totals", store=True, aggregator="avg"
    )
    vs_baseline = fields.Float(
        string="vs Baseline", digits=(5, 1), compute="_compute_totals", store=True, aggregator="avg"
    )
    # read live, not stored: a new head of department or a new manager sees and approves
    # the scorecards below them at once, and the former one no longer does
    manager_user_ids = fields.Many2many(
        "res.users",
        string="Managers",
        compute="_compute_manager_user_ids",
        search="_search_manager_user_ids",
        help="The employee's managers up the hierarchy and the managers of the department "
        "and of its parent departments: they see and score this scorecard.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    can_manage = fields.Boolean(
        compute="_compute_can_manage",
        help="Whether the current user may submit, approve, reopen and score it: a manager of "
        "the employee or a KPI manager, never the employee.",
    )
    date_measured = fields.Datetime(
        string="Computed On", readonly=True, copy=False, help="When its items were last measured."
    )

    _sql_constraints = [
        (
            "employee_period_uniq",
            "unique(employee_id, period_id)",
            "One scorecard per employee and period.",
        ),
    ]

    @api.depends("employee_id", "period_id")
    def _compute_display_name(self):
        for card in self:
            card.display_name = f"{card.employee_id.name} - {card.period_id.name}"

    @api.depends("line_ids.weighted_score", "line_ids.weight", "line_ids.baseline_score")
    def _compute_totals(self):
        for card in self:
            card.total_score = sum(card.line_ids.mapped("weighted_score"))
            card.baseline_score = sum(
                line.baseline_score * line.weight / 100 for line in card.line_ids
            )
            card.vs_baseline = card.total_score - card.baseline_score

    @api.depends("employee_id.parent_id", "department_id.manager_id")
    @api.depends_context("uid")
    def _compute_manager_user_ids(self):
        for card in self:
            managers = self.env["hr.employee"]
            boss = card.employee_id.parent_id
            while boss and boss not in managers:
                managers |= boss
                boss = boss.parent_id
            department = card.department_id
            while department:
                managers |= department.manager_id
                department = department.parent_id
            card.manager_user_ids = [Command.set((managers.user_id - card.employee_id.user_id).ids)]

    def _search_manager_user_ids(self, operator, value):
        """Scorecards managed by the users ``value``: of the employees below them in the
        hierarchy, or in the departments they head and those departments' sub-departments;
        never their own."""
        if operator not in ("in", "="):
            return NotImplemented
        user_ids = list(value) if isinstance(value, (list, tuple, set)) else [value]
        # sudo: who manages whom is the company's hierarchy, which a user may not read whole;
        # only ids come out, and the scorecards themselves are still filtered by the rules
        Employee = self.env["hr.employee"].sudo().with_context(active_test=False)
        bosses = Employee.search([("user_id", "in", user_ids)])
        if not bosses:
            return [(0, "=", 1)]
        below = Employee.search([("parent_id", "child_of", bosses.ids)]) - bosses
        departments = self.env["hr.department"].sudo().search([("manager_id", "in", bosses.ids)])
        return [
            ("user_id", "not in", user_ids),
            "|",
            ("employee_id", "in", below.ids),
            ("department_id", "child_of", departments.ids),
        ]

    @api.depends_context("uid")
    def _compute_can_manage(self):
        user = self.env.user
        is_kpi_manager = user.has_group("crm_kpi.group_kpi_manager")
        for card in self:
            card.can_manage = card.user_id != user and (
                is_kpi_manager or user in card.manager_user_ids
            )

    # ------------------------------------------------------------------ guards
    def write(self, vals):
        # nothing opens a locked scorecard (no context flag: a client could send it too)
        if any(card.state == "locked" for card in self):
            raise UserError(self.env._("A locked scorecard never changes."))
        self._check_not_own()
        return super().write(vals)

    def _check_not_own(self):
        """Nobody changes their own scorecard, whatever their groups (a KPI manager or HR
        officer included) and whichever way (button, form, import, XML-RPC): the record
        rules let a KPI manager write every scorecard, so the refusal lives here."""
        if self.env.su:
            return
        own = self.filtered(lambda card: card.user_id == self.env.user)
        if own:
            raise AccessError(
                self.env._(
                    "You cannot change your own scorecard (%(card)s): your manager or a KPI "
                    "manager does.",
                    card=own[0].display_name,
                )
            )

    def unlink(self):
        if any(card.state != "draft" for card in self):
            raise UserError(self.env._("Only draft scorecards can be deleted."))
        return super().unlink()

    def _check_manager(self, action):
        """Only the employee's managers (or a KPI manager) act on a scorecard, never the
        employee on their own."""
        is_kpi_manager = self.env.user.has_group("crm_kpi.group_kpi_manager")
        for card in self:
            if card.employee_id.user_id == self.env.user and not self.env.su:
                raise AccessError(
                    self.env._("You cannot %(action)s your own scorecard.", action=action)
                )
            if not (is_kpi_manager or self.env.user in card.manager_user_ids or self.env.su):
                raise AccessError(
                    self.env._(
                        "Only the managers of %(employee)s can %(action)s this scorecard.",
                        employee=card.employee_id.name,
                        action=action,
                    )
                )

    # ------------------------------------------------------------------ workflow
    def action_lock(self):
        """Lock approved scorecards from the list (a KPI manager's); a locked one never
        changes."""
        if not (self.env.su or self.env.user.has_group("crm_kpi.group_kpi_manager")):
            raise AccessError(self.env._("Only KPI managers lock scorecards."))
        if any(card.state != "approved" for card in self):
            raise UserError(self.env._("Only approved scorecards can be locked."))
        self.write({"state": "locked"})
        return True

    def action_submit(self):
        self._check_manager(self.env._("submit"))
        if any(card.state != "draft" for card in self):
            raise UserError(self.env._("Only draft scorecards can be submitted."))
        self.write({"state": "submitted"})
        return True

    def action_approve(self):
        self._check_manager(self.env._("approve"))
        for card in self:
            department_managers = self.env["res.users"]
            department = card.department_id
            while department:
                department_managers |= department.manager_id.user_id
                department = department.parent_id
            if (
                self.env.user not in department_managers
                and not self.env.user.has_group("crm_kpi.group_kpi_manager")
                and not self.env.su
            ):
                raise AccessError(
                    self.env._("Scorecards are approved by the manager of the department.")
                )
        if any(card.state != "submitted" for card in self):
            raise UserError(self.env._("Only submitted scorecards can be approved."))
        self.write({"state": "approved"})
        return True

    def action_reset_draft(self):
        self._check_manager(self.env._("reopen"))
        self.write({"state": "draft"})
        return True

    def action_recompute(self):
        """Measure these draft scorecards again (the manager's button): their employees only."""
        self._check_manager(self.env._("recompute"))
        for period, cards in self.grouped("period_id").items():
            if period.state == "locked":
                raise UserError(
                    self.env._(
                        "The period %(period)s is locked: its scorecards do not change.",
                        period=period.name,
                    )
                )
            # the lines follow the plan when the period is computed; here only the values
            cards.filtered(lambda card: card.state == "draft")._measure(period)
        return True

    def _comparison_figures(self):
        """The department's average, the rank and the number ranked, for the printed card."""
        self.ensure_one()
        # the printed card shows the employee where they stand: aggregates, no one's scores
        row = (
            self.env["crm.kpi.comparison.report"]
            .sudo()
            .search_read(
                [("scorecard_id", "=", self.id)],
                ["department_average", "rank_in_department", "department_size"],
            )
        )
        row = row[0] if row else {}
        return {
            "department_average": row.get("department_average", 0.0),
            "rank": row.get("rank_in_department", 0),
            "size": row.get("department_size", 0),
        }

    # ------------------------------------------------------------------ computing
    def _sync_lines(self):
        """One line per item of the plan, with its weight, target and baseline."""
        Line = self.env["crm.kpi.scorecard.line"]
        to_create = []
        to_remove = Line
        for card in self:
            existing = {line.item_id: line for line in card.line_ids}
            for plan_line in card.plan_id.line_ids:
                item = plan_line.item_id
                values = {
                    "weight": plan_line.weight,
                    "target": item.target,
                    "baseline_score": item.baseline_score,
                    "sequence": plan_line.sequence,
                }
                line = existing.pop(item, None)
                if line:
                    changed = {k: v for k, v in values.items() if line[k] != v}
                    if changed:
                        line.write(changed)
                else:
                    to_create.append(dict(values, scorecard_id=card.id, item_id=item.id))
            for line in existing.values():
                to_remove |= line
        to_remove.unlink()
        Line.create(to_create)

    def _period_tz(self):
        """The days of the period are the employee's days: their time zone, else the
        company's (an order at 01:30 on 1 April in Beijing counts in April)."""
        self.ensure_one()
        return self.user_id.tz or self.employee_id.tz or self.company_id.partner_id.tz or "UTC"

    def _measure(self, period):
        """Every computed item's value for all these scorecards: one grouped query per item."""
        self.write({"date_measured": fields.Datetime.now()})
        lines = self.line_ids.filtered(lambda line: line.scoring_rule != "manual")
        by_item_and_tz = lines.grouped(lambda line: (line.item_id, line.scorecard_id._period_tz()))
        for (item, tz_name), item_lines in by_item_and_tz.items():
            users = item_lines.scorecard_id.user_id
            values = (
                item._kpi_measure(
                    period.date_from, period.date_to, users, period.company_id, tz_name
                )
                if users
                else {}
            )
            for line in item_lines:
                user = line.scorecard_id.user_id
                if not user:
                    reason = "no_user"
                elif user.id not in values and item.direction == "lower":
                    # lower is better, but nothing measured is nothing achieved, not the cap
                    reason = "no_data"
                else:
                    reason = False
                actual = values.get(user.id, 0.0)
                line.write(
                    {
                        "actual": actual,
                        "score": 0.0 if reason else item._kpi_score(actual),
                        "reason": reason,
                    }
                )
