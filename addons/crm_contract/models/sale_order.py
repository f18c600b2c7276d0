from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

CONTRACT_STATUSES = [
    ("quotation", "Quotation"),
    ("signed", "Signed"),
    ("delivery", "In Delivery"),
    ("acceptance", "Awaiting Acceptance"),
    ("collecting", "Collecting"),
    ("completed", "Completed"),
    ("overdue", "Overdue"),
    ("cancelled", "Cancelled"),
]
ACCEPTANCE_STATES = [("pending", "Pending"), ("accepted", "Accepted"), ("rejected", "Rejected")]


class SaleOrder(models.Model):
    """A contract (合同) is a sale order with contract data: its number and terms, a payment
    plan, acceptance and the money received against it."""

    _inherit = "sale.order"

    is_contract = fields.Boolean(
        string="Contract",
        default=lambda self: self.env.context.get("default_is_contract", False),
        tracking=True,
        help="Carries a contract number, a payment plan and acceptance.",
    )
    contract_number = fields.Char(copy=False, readonly=True, index="trigram", tracking=True)
    contract_type_id = fields.Many2one("crm.contract.type", tracking=True)
    contract_sign_date = fields.Date(
        string="Signing Date", copy=False, tracking=True, help="Today when confirmed, if empty."
    )
    contract_start = fields.Date(string="Term Start", copy=False)
    contract_end = fields.Date(string="Term End", copy=False, tracking=True)
    contract_document = fields.Binary(string="Signed Copy", attachment=True, copy=False)
    contract_document_name = fields.Char(copy=False)
    contract_plan_template_id = fields.Many2one(
        "crm.contract.plan.template",
        string="Payment Plan Template",
        compute="_compute_contract_plan_template_id",
        store=True,
        readonly=False,
    )
    contract_milestone_ids = fields.One2many(
        "crm.contract.milestone", "order_id", string="Payment Plan", copy=True
    )
    contract_delivered_date = fields.Date(
        string="Delivered On",
        compute="_compute_contract_delivered_date",
        store=True,
        help="When every line was delivered.",
    )
    contract_acceptance_state = fields.Selection(
        ACCEPTANCE_STATES,
        string="Acceptance",
        default="pending",
        copy=False,
        tracking=True,
    )
    contract_acceptance_date = fields.Date(string="Accepted On", copy=False, tracking=True)
    contract_acceptance_document = fields.Binary(
        string="Acceptance Certificate", attachment=True, copy=False
    )
    contract_acceptance_document_name = fields.Char(copy=False)
    contract_acceptance_reason = fields.Text(string="Rejection Reason", copy=False)
    contract_status = fields.Selection(
        CONTRACT_STATUSES,
        string="Execution Status",
        compute="_compute_contract_status",
        store=True,
        index=True,
    )
    contract_amount_invoiced = fields.Monetary(
        string="Invoiced (Plan)", compute="_compute_contract_amounts", store=True
    )
    contract_amount_received = fields.Monetary(
        string="Received", compute="_compute_contract_amounts", store=True
    )
    contract_amount_outstanding = fields.Monetary(
        string="Outstanding", compute="_compute_contract_amounts", store=True
    )
    contract_amount_overdue = fields.Monetary(
        string="Overdue", compute="_compute_contract_amounts", store=True
    )
    contract_plan_difference = fields.Monetary(
        compute="_compute_contract_plan_difference",
        help="The contract's total less what its payment plan covers.",
    )
    contract_expiring = fields.Boolean(
        string="Expiring Soon",
        compute="_compute_contract_expiring",
        search="_search_contract_expiring",
    )

    # ------------------------------------------------------------------ computes
    @api.depends("contract_type_id")
    def _compute_contract_plan_template_id(self):
        for order in self:
            if order.contract_type_id.plan_template_id:
                order.contract_plan_template_id = order.contract_type_id.plan_template_id

    @api.depends(
        "state", "order_line.qty_delivered", "order_line.product_uom_qty", "order_line.display_type"
    )
    def _compute_contract_delivered_date(self):
        today = fields.Date.context_today(self)
        for order in self:
            lines = order.order_line.filtered(
                lambda line: not line.display_type and not line.is_downpayment
            )
            delivered = (
                order.state == "sale"
                and lines
                and all(
                    float_compare(
                        line.qty_delivered,
                        line.product_uom_qty,
                        precision_rounding=line.product_uom.rounding,
                    )
                    >= 0
                    for line in lines
                )
            )
            if not delivered:
                order.contract_delivered_date = False
            elif not order.contract_delivered_date:
                order.contract_delivered_date = today

    @api.depends(
        "contract_milestone_ids.amount",
        "contract_milestone_ids.amount_invoiced",
        "contract_milestone_ids.amount_received",
        "contract_milestone_ids.amount_outstanding",
        "contract_milestone_ids.state",
    )
    def _compute_contract_amounts(self):
        for order in self:
            milestones = order.contract_milestone_ids.filtered(lambda m: m.state != "cancelled")
            order.contract_amount_invoiced = sum(milestones.mapped("amount_invoiced"))
            order.contract_amount_received = sum(milestones.mapped("amount_received"))
            order.contract_amount_outstanding = sum(milestones.mapped("amount_outstanding"))
            order.contract_amount_overdue = sum(
                milestones.filtered(lambda m: m.state == "overdue").mapped("amount_outstanding")
            )

    @api.depends(
        "is_contract",
        "state",
        "contract_delivered_date",
        "contract_acceptance_state",
        "contract_milestone_ids.state",
        "contract_milestone_ids.trigger",
    )
    def _compute_contract_status(self):
        for order in self:
            order.contract_status = order._contract_status() if order.is_contract else False

    def _contract_status(self):
        self.ensure_one()
        if self.state == "cancel":
            return "cancelled"
        if self.state != "sale":
            return "quotation"
        states = set(self.contract_milestone_ids.mapped("state")) - {"cancelled"}
        if states and states <= {"paid"}:
            return "completed"
        if "overdue" in states:
            return "overdue"
        waits_for_acceptance = "acceptance" in self.contract_milestone_ids.mapped("trigger")
        if self.contract_delivered_date:
            if waits_for_acceptance and self.contract_acceptance_state != "accepted":
                return "acceptance"
            return "collecting"
        delivered_some = any(line.qty_delivered for line in self.order_line)
        return "delivery" if delivered_some else "signed"

    @api.depends("amount_total", "contract_milestone_ids.amount")
    def _compute_contract_plan_difference(self):
        for order in self:
            order.contract_plan_difference = order.amount_total - sum(
                order.contract_milestone_ids.mapped("amount")
            )

    def _contract_expiring_limit(self):
        today = fields.Date.context_today(self)
        return today, today + timedelta(days=self.env.company.contract_renewal_days)

    def _compute_contract_expiring(self):
        today, limit = self._contract_expiring_limit()
        for order in self:
            order.contract_expiring = bool(
                order.is_contract
                and order.state == "sale"
                and order.contract_end
                and today <= order.contract_end <= limit
            )

    def _search_contract_expiring(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        today, limit = self._contract_expiring_limit()
        domain = [
            ("is_contract", "=", True),
            ("state", "=", "sale"),
            ("contract_end", ">=", today),
            ("contract_end", "<=", limit),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    # ------------------------------------------------------------------ constraints
    @api.constrains("contract_start", "contract_end", "contract_sign_date")
    def _check_contract_dates(self):
        for order in self:
            if (
                order.contract_start
                and order.contract_end
                and order.contract_end < order.contract_start
            ):
                raise ValidationError(self.env._("The contract's term ends before it starts."))

    # ------------------------------------------------------------------ onchanges
    @api.onchange("contract_plan_template_id")
    def _onchange_contract_plan_template_id(self):
        if self.contract_plan_template_id and not self.contract_milestone_ids.invoice_ids:
            self.contract_milestone_ids = self._contract_plan_commands(
                self.contract_plan_template_id
            )

    def _contract_plan_commands(self, template):
        """The milestones of ``template`` for this contract, replacing the current plan."""
        self.ensure_one()
        fixed = template.line_ids.filtered(lambda line: line.amount_type == "fixed")
        if fixed and template.currency_id != self.currency_id:
            raise UserError(
                self.env._(
                    "The payment plan %(plan)s has amounts in %(plan_currency)s and the contract "
                    "is in %(currency)s: pick a plan in percentages or in %(currency)s.",
                    plan=template.name,
                    plan_currency=template.currency_id.name,
                    currency=self.currency_id.name,
                )
            )
        return [fields.Command.clear()] + [
            fields.Command.create(
                {
                    "sequence": line.sequence,
                    "name": line.name,
                    "amount_type": line.amount_type,
                    "percentage": line.percentage,
                    "amount": line.fixed_amount if line.amount_type == "fixed" else 0.0,
                    "trigger": line.trigger,
                    "trigger_days": line.trigger_days,
                }
            )
            for line in template.line_ids
        ]

    # ------------------------------------------------------------------ workflow
    def action_contract_apply_plan(self):
        """Replace the payment plan by the chosen template's (before anything is invoiced)."""
        for order in self:
            if not order.contract_plan_template_id:
                raise UserError(self.env._("Choose a payment plan template first."))
            if order.contract_milestone_ids.invoice_ids:
                raise UserError(
                    self.env._(
                        "The payment plan of %(contract)s is invoiced already.",
                        contract=order.display_name,
                    )  # fmt: skip
                )
            order.contract_milestone_ids = order._contract_plan_commands(
                order.contract_plan_template_id
            )
        return True

    def action_confirm(self):
        contracts = self.filtered("is_contract")
        contracts._check_contract_approval()
        for order in contracts:
            if not order.contract_milestone_ids:
                # no plan: everything is due on signing
                order.contract_milestone_ids = [
                    fields.Command.create(
                        {
                            "name": self.env._("Full payment"),
                            "percentage": 100,
                            "trigger": "signing",
                        }
                    )
                ]
            order._check_contract_plan_covers_total()
        result = super().action_confirm()
        today = fields.Date.context_today(self)
        for order in contracts:
            values = {}
            if not order.contract_number:
                values["contract_number"] = (
                    self.env["ir.sequence"]
                    .with_company(order.company_id)
                    .next_by_code("crm.contract")
                )
            if not order.contract_sign_date:
                values["contract_sign_date"] = today
            if values:
                order.write(values)
        return result

    def _check_contract_plan_covers_total(self):
        for order in self:
            if not order.currency_id.is_zero(order.contract_plan_difference):
                raise UserError(
                    self.env._(
                        "The payment plan of %(contract)s covers %(planned)s of its %(total)s: "
                        "it must cover the total exactly before the contract is confirmed.",
                        contract=order.display_name,
                        planned=order.currency_id.format(
                            sum(order.contract_milestone_ids.mapped("amount"))
                        ),
                        total=order.currency_id.format(order.amount_total),
                    )
                )

    def _action_cancel(self):
        paid = self.contract_milestone_ids.filtered(
            lambda m: not m.currency_id.is_zero(m.amount_received)
        )
        if paid:
            raise UserError(
                self.env._(
                    "The contract %(contract)s has received money (%(milestone)s): refund it "
                    "with a credit note before cancelling the contract.",
                    contract=paid[0].order_id.display_name,
                    milestone=paid[0].name,
                )
            )
        return super()._action_cancel()

    def action_contract_accept(self):
        for order in self:
            if order.state != "sale":
                raise UserError(self.env._("Only a confirmed contract is accepted."))
        self.write(
            {
                "contract_acceptance_state": "accepted",
                "contract_acceptance_date": fields.Date.context_today(self),
                "contract_acceptance_reason": False,
            }
        )
        return True

    def action_contract_reject(self):
        return self.env["crm.contract.reason"]._open(self, "reject_acceptance")

    def _contract_reject_acceptance(self, reason):
        self.write(
            {
                "contract_acceptance_state": "rejected",
                "contract_acceptance_date": False,
                "contract_acceptance_reason": reason,
            }
        )
        for order in self:
            order.message_post(
                body=self.env._("Acceptance rejected: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )

    def action_view_contract_milestones(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_contract.crm_contract_milestone_action"
        )
        action["domain"] = [("order_id", "=", self.id)]
        action["context"] = {"default_order_id": self.id}
        return action
