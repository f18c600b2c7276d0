import logging
import re
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError
from odoo.tools import date_utils, groupby

from odoo.addons.crm_customer_core.models.cron_batches import cron_batches

_logger = logging.getLogger(__name__)

BATCH_SIZE = 500
AUTOMATIC_NAME = re.compile(r"^\d{4}( Q[1-4]|-\d{2})?$")
CRON_CHUNK = 2000


class CrmKpiPeriod(models.Model):
    """A month, quarter or year scorecards are made for; locking it freezes them."""

    _name = "crm.kpi.period"
    _description = "KPI Period"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    period_type = fields.Selection(
        [("month", "Monthly"), ("quarter", "Quarterly"), ("year", "Yearly")],
        required=True,
        default="month",
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    state = fields.Selection(
        [("open", "Open"), ("locked", "Locked")], default="open", required=True, tracking=True
    )
    scorecard_ids = fields.One2many("crm.kpi.scorecard", "period_id", string="Scorecards")
    scorecard_count = fields.Integer(compute="_compute_scorecard_count")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    existing_period_id = fields.Many2one(
        "crm.kpi.period",
        compute="_compute_existing_period_id",
        help="The same period made already (by the daily job or a colleague), shown on a new "
        "period's form so that the user opens it instead of making it twice.",
    )

    @api.depends("period_type", "date_from")
    def _compute_name(self):
        for period in self:
            # a name the user typed is kept; one made from the dates follows them
            if period.name and not AUTOMATIC_NAME.match(period.name):
                continue
            start = period.date_from
            if not start:
                period.name = False
            elif period.period_type == "month":
                period.name = start.strftime("%Y-%m")
            elif period.period_type == "quarter":
                period.name = f"{start.year} Q{(start.month - 1) // 3 + 1}"
            else:
                period.name = str(start.year)

    def _compute_scorecard_count(self):
        counts = dict(
            self.env["crm.kpi.scorecard"]._read_group(
                [("period_id", "in", self.ids)], ["period_id"], ["__count"]
            )
        )
        for period in self:
            period.scorecard_count = counts.get(period, 0)

    @api.depends("company_id", "period_type", "date_from", "date_to")
    def _compute_existing_period_id(self):
        for period in self:
            period.existing_period_id = (
                period.date_from
                and period.date_to
                and self.search(
                    [
                        ("id", "!=", period._origin.id),
                        ("company_id", "=", period.company_id.id),
                        ("period_type", "=", period.period_type),
                        ("date_from", "=", period.date_from),
                        ("date_to", "=", period.date_to),
                    ],
                    limit=1,
                )
            )

    @api.constrains("date_from", "date_to", "period_type", "company_id")
    def _check_dates(self):
        for period in self:
            if period.date_from > period.date_to:
                raise ValidationError(self.env._("The period ends before it starts."))
            overlapping = self.search(
                [
                    ("id", "!=", period.id),
                    ("company_id", "=", period.company_id.id),
                    ("period_type", "=", period.period_type),
                    ("date_from", "<=", period.date_to),
                    ("date_to", ">=", period.date_from),
                ],
                limit=1,
            )
            same = (overlapping.date_from, overlapping.date_to) == (
                period.date_from,
                period.date_to,
            )
            if overlapping and same:
                # the web client shows this with a button that opens the existing period
                raise RedirectWarning(
                    self.env._(
                        "The period %(period)s exists already (made by the daily job or a "
                        "colleague).",
                        period=overlapping.name,
                    ),
                    overlapping._form_action(),
                    self.env._("Open %(period)s", period=overlapping.name),
                )
            if overlapping:
                message = (
                    self.env._("The period %(period)s overlaps the locked period %(other)s.")
                    if overlapping.state == "locked"
                    else self.env._("The period %(period)s overlaps the period %(other)s.")
                )
                raise ValidationError(message % {"period": period.name, "other": overlapping.name})

    @api.model
    def _bounds(self, period_type, day):
        if period_type == "month":
            return date_utils.start_of(day, "month"), date_utils.end_of(day, "month")
        if period_type == "quarter":
            return date_utils.get_quarter(day)
        return date_utils.start_of(day, "year"), date_utils.end_of(day, "year")

    @api.model
    def _ensure_period(self, period_type, day, company):
        start, end = self._bounds(period_type, day)
        period = self.search(
            [
                ("company_id", "=", company.id),
                ("period_type", "=", period_type),
                ("date_from", "=", start),
            ],
            limit=1,
        )
        # made by the scheduler: no "KPI Period created" note in the installer's language
        return period or self.with_context(mail_create_nolog=True).create(
            {
                "period_type": period_type,
                "date_from": start,
                "date_to": end,
                "company_id": company.id,
            }
        )

    # ------------------------------------------------------------------ actions
    def action_compute(self):
        if not (self.env.su or self.env.user.has_group("crm_kpi.group_kpi_manager")):
            raise AccessError(self.env._("Only KPI managers compute the scorecards of a period."))
        for period in self:
            if period.state == "locked":
                raise UserError(
                    self.env._(
                        "The period %(period)s is locked: its scorecards do not change.",
                        period=period.name,
                    )
                )
            period._compute_scorecards()
        count = self.env["crm.kpi.scorecard"].search_count([("period_id", "in", self.ids)])
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "%(count)s scorecards of %(periods)s computed.",
                    count=count,
                    periods=", ".join(self.mapped("name")),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_lock(self):
        for period in self:
            unapproved = period.scorecard_ids.filtered(
                lambda card: card.state not in ("approved", "locked")
            )
            if unapproved:
                raise UserError(
                    self.env._(
                        "%(count)s scorecards of %(period)s are not approved yet.",
                        count=len(unapproved),
                        period=period.name,
                    )
                )
            period.scorecard_ids.filtered(lambda card: card.state != "locked").write(
                {"state": "locked"}
            )
            period.state = "locked"
        return True

    def action_export(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_kpi/department.xlsx?period_id={self.id}",
            "target": "download",
        }

    def _form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def action_view_scorecards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_kpi.crm_kpi_scorecard_action")
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {"search_default_group_department": 1}
        return action

    # ------------------------------------------------------------------ computing
    def _compute_scorecards(self, employees=None):
        """Create or update the draft scorecards of the period: the plan, department and
        position of each employee now, and every item's value and score. Submitted, approved
        and locked scorecards are left alone. Batched and idempotent.

        :param employees: only these (default: every employee of the company)
        """
        self.ensure_one()
        # the system measures: what is written comes from the company's records, not from
        # the user, so a KPI manager's own scorecard is measured like the others; every
        # search below is limited to this period's company
        self = self.sudo()  # noqa: PLW0642
        Employee = self.env["hr.employee"]
        if employees is None:
            employees = Employee.search([("company_id", "=", self.company_id.id)])
        Scorecard = self.env["crm.kpi.scorecard"]
        for batch_ids in cron_batches(self.env, employees.ids, BATCH_SIZE, CRON_CHUNK):
            batch = Employee.browse(batch_ids)
            plan_of = self.env["crm.kpi.plan"]._plan_of_employees(
                batch, self.period_type, self.company_id
            )
            cards = Scorecard.search(
                [("period_id", "=", self.id), ("employee_id", "in", batch.ids)]
            )
            card_of = {card.employee_id: card for card in cards}
            # made by the system: no "KPI Scorecard created" note in the installer's language
            new_cards = Scorecard.with_context(mail_create_nolog=True).create(
                [
                    {
                        "period_id": self.id,
                        "employee_id": employee.id,
                        "company_id": self.company_id.id,
                    }
                    for employee in batch
                    if employee in plan_of and employee not in card_of
                ]
            )
            drafts = (cards | new_cards).filtered(lambda card: card.state == "draft")
            for card in drafts:
                employee = card.employee_id
                plan = plan_of.get(employee)
                if not plan:  # moved out of every plan: the draft goes
                    continue
                values = {}
                if card.plan_id != plan:
                    values["plan_id"] = plan.id
                if card.department_id != employee.department_id:
                    values["department_id"] = employee.department_id.id
                if card.job_id != employee.job_id:
                    values["job_id"] = employee.job_id.id
                if values:
                    card.write(values)
            uncovered = drafts.filtered(lambda card, plans=plan_of: card.employee_id not in plans)
            uncovered.unlink()
            drafts -= uncovered
            drafts._sync_lines()
            drafts._measure(self)

    @api.model
    def _cron_compute(self):
        """Every day: make sure the current periods of the plans exist, and compute the open
        periods that are running or ended less than a month ago.

        Odoo's scheduler calls it again while work remains: each call measures the next
        ``CRON_CHUNK`` employees of those periods not measured yet today, so a run killed
        half-way resumes where it stopped and a second run the same day does nothing.
        """
        today = fields.Date.context_today(self)
        plans = self.env["crm.kpi.plan"].search([])
        for company, period_type in {(plan.company_id, plan.period_type) for plan in plans}:
            self._ensure_period(period_type, today, company)
        periods = self.search(
            [
                ("state", "=", "open"),
                ("date_from", "<=", today),
                ("date_to", ">=", today - relativedelta(months=1)),
            ]
        )
        since = datetime.combine(fields.Date.today(), time.min)  # the start of today, UTC
        todo = [
            (period, employee_id)
            for period in periods
            for employee_id in period._employees_to_measure(since)
        ]
        chunk = todo[:CRON_CHUNK]
        Employee = self.env["hr.employee"]
        for period, pairs in groupby(chunk, key=lambda pair: pair[0]):
            employees = Employee.browse([employee_id for _period, employee_id in pairs])
            # the chunk is this call's share: no progress reported per period
            period.with_context(ir_cron_progress_id=False)._compute_scorecards(employees)
        self.env["ir.cron"]._notify_progress(done=len(chunk), remaining=len(todo) - len(chunk))

    def _employees_to_measure(self, since):
        """Ids of the employees whose scorecard of the period is still to make or to measure
        since ``since``: covered by a plan without a scorecard, or with a draft measured
        before; and drafts of employees no plan covers any more (to remove)."""
        self.ensure_one()
        employees = self.env["hr.employee"].search([("company_id", "=", self.company_id.id)])
        plan_of = self.env["crm.kpi.plan"]._plan_of_employees(
            employees, self.period_type, self.company_id
        )
        cards = self.env["crm.kpi.scorecard"].search_fetch(
            [("period_id", "=", self.id)], ["employee_id", "state", "date_measured"]
        )
        card_of = {card.employee_id.id: card for card in cards}
        todo = []
        for employee in employees:
            card = card_of.get(employee.id)
            if card and (
                card.state != "draft" or (card.date_measured and card.date_measured >= since)
            ):
                continue
            if card or employee in plan_of:
                todo.append(employee.id)
        return todo
