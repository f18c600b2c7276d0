from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_is_zero

EVENT_TRIGGERS = [
    ("signing", "Signing"),
    ("delivery", "Delivery done"),
    ("acceptance", "Acceptance"),
]
TRIGGERS = [("date", "On a date"), *EVENT_TRIGGERS]
STATES = [
    ("planned", "Planned"),
    ("due", "Due"),
    ("invoiced", "Invoiced"),
    ("partial", "Partly Paid"),
    ("paid", "Paid"),
    ("overdue", "Overdue"),
    ("cancelled", "Cancelled"),
]
# what may still change on a milestone once it is invoiced
EDITABLE_WHEN_INVOICED = {"name", "sequence"}


def check_milestone_values(env, amount_type, percentage, amount, days):
    """A milestone's, or a template milestone's, values make sense, else a translated error."""
    if amount_type == "percent" and not 0 < percentage <= 100:
        raise ValidationError(env._("A milestone's percentage is between 0 and 100."))
    if amount_type == "fixed" and amount <= 0:
        raise ValidationError(env._("A milestone's amount is positive."))
    if days < 0:
        raise ValidationError(env._("A milestone is due on or after its event, not before."))


class CrmContractMilestone(models.Model):
    """A milestone of a contract's payment plan (回款计划): what is due when, and what was
    invoiced and received against it, read from the invoices' reconciliation."""

    _name = "crm.contract.milestone"
    _description = "Payment Plan Milestone"
    _order = "order_id, sequence, id"

    order_id = fields.Many2one(
        "sale.order", string="Contract", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Milestone", required=True)
    contract_number = fields.Char(related="order_id.contract_number")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="order_id.currency_id", store=True)
    # stored for the receivables analysis: amounts in the company's currency without a join
    currency_rate = fields.Float(related="order_id.currency_rate", store=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="order_id.partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    user_id = fields.Many2one(
        related="order_id.user_id", string="Salesperson", store=True, index=True
    )
    team_id = fields.Many2one(related="order_id.team_id", store=True)
    amount_type = fields.Selection(
        [("percent", "Percentage"), ("fixed", "Fixed amount")], default="percent", required=True
    )
    percentage = fields.Float(digits=(5, 2))
    amount = fields.Monetary(
        compute="_compute_amount",
        store=True,
        readonly=False,
        precompute=True,
        help="Taxes included, as the contract's total.",
    )
    trigger = fields.Selection(TRIGGERS, string="Due", default="signing", required=True)
    trigger_days = fields.Integer(
        string="Days After", help="Due this many days after the event (0: on the day)."
    )
    date_planned = fields.Date(string="Planned Date", help="The due date of a dated milestone.")
    date_due = fields.Date(
        string="Due Date",
        compute="_compute_date_due",
        store=True,
        index=True,
        help="Empty while the event it waits for has not happened.",
    )
    invoice_ids = fields.Many2many(
        "account.move",
        "crm_contract_milestone_account_move_rel",
        "milestone_id",
        "move_id",
        string="Invoices",
        copy=False,
        readonly=True,
    )
    amount_invoiced = fields.Monetary(
        string="Invoiced", compute="_compute_amounts", store=True, copy=False
    )
    amount_received = fields.Monetary(
        string="Received", compute="_compute_amounts", store=True, copy=False
    )
    amount_outstanding = fields.Monetary(
        string="Outstanding", compute="_compute_amounts", store=True, copy=False
    )
    state = fields.Selection(
        STATES, compute="_compute_state", store=True, index=True, copy=False, default="planned"
    )
    days_overdue = fields.Integer(compute="_compute_days_overdue")

    # ------------------------------------------------------------------ computes
    @api.depends(
        "amount_type",
        "percentage",
        "order_id.amount_total",
        "order_id.contract_milestone_ids.percentage",
        "order_id.contract_milestone_ids.amount_type",
    )
    def _compute_amount(self):
        """A percentage of the contract's total; the last percentage milestone takes the
        rounding, so that a plan of 100 % covers the total to the cent."""
        for order, milestones in self.grouped("order_id").items():
            percent = order.contract_milestone_ids.filtered(
                lambda m: m.amount_type == "percent"
            ).sorted(lambda m: (m.sequence, m.id or 0))
            currency = order.currency_id or self.env.company.currency_id
            amounts = {m: currency.round(order.amount_total * m.percentage / 100) for m in percent}
            if percent and not float_is_zero(sum(percent.mapped("percentage")) - 100, 2):
                pass  # a plan that is not 100 % yet: no rounding to hand out
            elif percent:
                amounts[percent[-1]] += currency.round(order.amount_total - sum(amounts.values()))
            for milestone in milestones:
                # a fixed amount is the user's: kept as typed
                milestone.amount = (
                    amounts.get(milestone, 0.0)
                    if milestone.amount_type == "percent"
                    else milestone.amount
                )

    @api.depends(
        "trigger",
        "trigger_days",
        "date_planned",
        "order_id.contract_sign_date",
        "order_id.contract_delivered_date",
        "order_id.contract_acceptance_date",
    )
    def _compute_date_due(self):
        for milestone in self:
            order = milestone.order_id
            event = {
                "date": milestone.date_planned,
                "signing": order.contract_sign_date,
                "delivery": order.contract_delivered_date,
                "acceptance": order.contract_acceptance_date,
            }[milestone.trigger]
            milestone.date_due = event and event + timedelta(days=milestone.trigger_days)

    @api.depends(
        "invoice_ids.state",
        "invoice_ids.move_type",
        "invoice_ids.amount_total",
        "invoice_ids.amount_residual",
    )
    def _compute_amounts(self):
        """Invoiced and received from the posted invoices and credit notes: a credit note
        counts against both (a refund set off against the invoice is no money received),
        money paid back counts against what was received."""
        for milestone in self:
            invoiced = received = 0.0
            for move in milestone.invoice_ids:
                if move.state != "posted":
                    continue
                sign = -1 if move.move_type == "out_refund" else 1
                invoiced += sign * move.amount_total
                received += sign * (move.amount_total - move.amount_residual)
            milestone.amount_invoiced = invoiced
            milestone.amount_received = received
            milestone.amount_outstanding = milestone.amount - received

    @api.depends(
        "amount",
        "amount_invoiced",
        "amount_received",
        "date_due",
        "order_id.state",
    )
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for milestone in self:
            milestone.state = milestone._state_on(today)

    def _state_on(self, today):
        self.ensure_one()
        rounding = self.currency_id.rounding or 0.01
        if self.order_id.state == "cancel" and float_is_zero(
            self.amount_invoiced, precision_rounding=rounding
        ):
            return "cancelled"
        if self.amount and self.currency_id.compare_amounts(self.amount_received, self.amount) >= 0:
            return "paid"
        if self.date_due and self.date_due < today:
            return "overdue"
        if not float_is_zero(self.amount_received, precision_rounding=rounding):
            return "partial"
        if not float_is_zero(self.amount_invoiced, precision_rounding=rounding):
            return "invoiced"
        if self.date_due and self.date_due <= today:
            return "due"
        return "planned"

    def _compute_days_overdue(self):
        today = fields.Date.context_today(self)
        for milestone in self:
            overdue = milestone.state == "overdue" and milestone.date_due
            milestone.days_overdue = (today - milestone.date_due).days if overdue else 0

    def _compute_display_name(self):
        for milestone in self:
            number = milestone.order_id.contract_number or milestone.order_id.name
            milestone.display_name = f"{number} · {milestone.name}" if number else milestone.name

    # ------------------------------------------------------------------ constraints
    @api.constrains("percentage", "amount", "amount_type", "trigger_days")
    def _check_values(self):
        for milestone in self:
            check_milestone_values(
                self.env,
                milestone.amount_type,
                milestone.percentage,
                milestone.amount,
                milestone.trigger_days,
            )

    @api.constrains("trigger", "date_planned", "order_id")
    def _check_date_planned(self):
        for milestone in self:
            if milestone.trigger != "date":
                continue
            if not milestone.date_planned:
                raise ValidationError(
                    self.env._("The milestone %(name)s needs its date.", name=milestone.name)
                )
            signed = milestone.order_id.contract_sign_date
            if signed and milestone.date_planned < signed:
                raise ValidationError(
                    self.env._(
                        "The milestone %(name)s is due on %(date)s, before the contract is "
                        "signed (%(signed)s).",
                        name=milestone.name,
                        date=milestone.date_planned,
                        signed=signed,
                    )
                )

    # ------------------------------------------------------------------ CRUD
    def write(self, vals):
        if set(vals) - EDITABLE_WHEN_INVOICED and not self.env.context.get(
            "crm_contract_invoicing"
        ):
            self._check_not_invoiced()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_invoiced(self):
        self._check_not_invoiced()

    def _check_not_invoiced(self):
        invoiced = self.filtered(lambda m: m.invoice_ids.filtered(lambda i: i.state != "cancel"))
        if invoiced:
            raise UserError(
                self.env._(
                    "The milestone %(name)s is invoiced already: change or delete its invoice "
                    "first (a credit note), not the milestone.",
                    name=invoiced[0].display_name,
                )
            )

    # ------------------------------------------------------------------ actions
    def action_create_invoice(self):
        """Invoice the milestone with Odoo's own down payment invoicing, for its amount."""
        self.ensure_one()
        order = self.order_id
        if order.state != "sale":
            raise UserError(self.env._("Only a confirmed contract is invoiced."))
        if self.invoice_ids.filtered(lambda i: i.state != "cancel"):
            raise UserError(
                self.env._("The milestone %(name)s is invoiced already.", name=self.name)
            )
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create(
                {
                    "advance_payment_method": "fixed",
                    "fixed_amount": self.amount,
                    "sale_order_ids": [fields.Command.set(order.ids)],
                }
            )
        )
        invoice = wizard._create_invoices(order)
        self.with_context(crm_contract_invoicing=True).invoice_ids = [
            fields.Command.link(invoice.id)
        ]
        # a note for the people of the contract: in its salesperson's language
        lang = order.user_id.lang or self.env.lang or "en_US"
        invoice.message_post(
            body=self.with_context(lang=lang).env._(
                "Invoice of the milestone %(name)s.", name=self.display_name
            )
        )
        return order.action_view_invoice(invoices=invoice)

    def action_view_invoices(self):
        self.ensure_one()
        return self.order_id.action_view_invoice(invoices=self.invoice_ids)

    # ------------------------------------------------------------------ business
    @api.model
    def _refresh_time_dependent_states(self):
        """Recompute the milestones whose state changes with the date alone (due, overdue):
        their stored state is otherwise only recomputed when their amounts or dates change."""
        today = fields.Date.context_today(self)
        candidates = self.search(
            [
                ("state", "in", ("planned", "invoiced", "partial", "due")),
                ("date_due", "!=", False),
                ("date_due", "<=", today),
            ]
        )
        self.env.add_to_compute(self._fields["state"], candidates)
        candidates.flush_recordset(["state"])
        return candidates
