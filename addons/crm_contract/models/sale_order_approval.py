from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.crm_customer_core.models.recipient_language import in_recipient_language

APPROVAL_STATES = [
    ("none", "Not Needed"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]


class SaleOrder(models.Model):
    """Quotations above the company's amount or discount wait for a sales manager's approval
    before they are confirmed, as purchase orders do with Odoo's double validation."""

    _inherit = "sale.order"

    contract_approval_state = fields.Selection(
        APPROVAL_STATES, string="Approval", default="none", copy=False, tracking=True
    )
    contract_approval_needed = fields.Boolean(compute="_compute_contract_approval_needed")
    contract_approval_reason = fields.Char(compute="_compute_contract_approval_needed")
    contract_approval_requester_id = fields.Many2one("res.users", copy=False, readonly=True)
    contract_approver_id = fields.Many2one(
        "res.users", string="Approved By", copy=False, readonly=True
    )
    contract_refusal_reason = fields.Text(copy=False, readonly=True)

    @api.depends("amount_total", "order_line.discount", "company_id", "currency_id", "date_order")
    def _compute_contract_approval_needed(self):
        for order in self:
            reasons = order._contract_approval_reasons()
            order.contract_approval_needed = bool(reasons)
            order.contract_approval_reason = "; ".join(reasons)

    def _contract_approval_reasons(self):
        self.ensure_one()
        company = self.company_id or self.env.company
        reasons = []
        limit = company.contract_approval_amount
        if limit:
            total = self.currency_id._convert(
                self.amount_total,
                company.currency_id,
                company,
                self.date_order or fields.Date.context_today(self),
            )
            if company.currency_id.compare_amounts(total, limit) > 0:
                reasons.append(
                    self.env._(
                        "the total is above %(limit)s", limit=company.currency_id.format(limit)
                    )
                )
        discount = company.contract_approval_discount
        if discount and any(line.discount > discount for line in self.order_line):
            reasons.append(
                self.env._("a line is discounted more than %(discount)s %%", discount=discount)
            )
        return reasons

    def _check_contract_approval(self):
        for order in self:
            if order.contract_approval_needed and order.contract_approval_state != "approved":
                raise UserError(
                    self.env._(
                        "The quotation %(order)s needs a sales manager's approval before it is "
                        "confirmed (%(reason)s): ask for it with Request Approval.",
                        order=order.name,
                        reason=order.contract_approval_reason,
                    )
                )

    def _contract_approvers(self):
        """Who approves this quotation: the sales team's leader if a sales manager, else the
        company's sales managers; never who asked."""
        self.ensure_one()
        managers = self.env.ref("sales_team.group_sale_manager").users.filtered(
            lambda user: self.company_id in user.company_ids and not user.share
        )
        leader = self.team_id.user_id & managers
        return (leader | managers) - self.env.user - self.user_id

    def action_contract_request_approval(self):
        activity_type = self.env.ref("crm_contract.mail_activity_type_contract_approval")
        for order in self:
            if order.state not in ("draft", "sent"):
                raise UserError(self.env._("Only a quotation is submitted for approval."))
            if not order.contract_approval_needed:
                raise UserError(
                    self.env._("The quotation %(order)s needs no approval.", order=order.name)
                )
            approvers = order._contract_approvers()
            if not approvers:
                raise UserError(
                    self.env._(
                        "Nobody but you may approve %(order)s: ask another sales manager to "
                        "be a manager of this company.",
                        order=order.name,
                    )
                )
            order.write(
                {
                    "contract_approval_state": "to_approve",
                    "contract_approval_requester_id": self.env.user.id,
                    "contract_refusal_reason": False,
                }
            )
            approver = approvers[0]
            for localized in in_recipient_language(order, lambda _order, a=approver: a):
                localized.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=approver.id,
                    summary=localized.env._(
                        "Approve %(order)s: %(reason)s",
                        order=order.name,
                        reason=localized._contract_approval_reasons_text(),
                    ),
                )
        return True

    def _contract_approval_reasons_text(self):
        return "; ".join(self._contract_approval_reasons())

    def _check_contract_approver(self):
        user = self.env.user
        if not user.has_group("sales_team.group_sale_manager"):
            raise UserError(self.env._("Only a sales manager approves or refuses quotations."))
        for order in self:
            if order.contract_approval_state != "to_approve":
                raise UserError(
                    self.env._("The quotation %(order)s awaits no approval.", order=order.name)
                )
            if user in (order.contract_approval_requester_id, order.user_id):
                raise UserError(
                    self.env._(
                        "You asked for the approval of %(order)s or sell it yourself: another "
                        "sales manager approves it.",
                        order=order.name,
                    )
                )

    def action_contract_approve(self):
        self._check_contract_approver()
        self.with_context(crm_contract_approving=True).write(
            {"contract_approval_state": "approved", "contract_approver_id": self.env.user.id}
        )
        self._contract_approval_done()
        for order in self:
            order._contract_notify_requester(
                lambda env, o=order: env._("%(order)s is approved.", order=o.name)
            )
        return True

    def action_contract_refuse(self):
        self._check_contract_approver()
        return self.env["crm.contract.reason"]._open(self, "refuse_approval")

    def _contract_refuse(self, reason):
        self._check_contract_approver()
        self.with_context(crm_contract_approving=True).write(
            {"contract_approval_state": "refused", "contract_refusal_reason": reason}
        )
        self._contract_approval_done()
        for order in self:
            order._contract_notify_requester(
                lambda env, o=order: env._(
                    "%(order)s is refused: %(reason)s", order=o.name, reason=reason
                )
            )

    def _contract_approval_done(self):
        self.activity_feedback(["crm_contract.mail_activity_type_contract_approval"])

    def _contract_notify_requester(self, message):
        """Tell who asked (else the salesperson), in their language, in the chatter."""
        self.ensure_one()
        requester = self.contract_approval_requester_id or self.user_id
        lang = requester.lang or self.env.lang or "en_US"
        body = message(self.with_context(lang=lang).env)
        self.message_post(
            body=body,
            partner_ids=requester.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )

    def _contract_reset_approval(self):
        """A quotation whose prices changed after its approval is approved again."""
        self.filtered(
            lambda o: o.contract_approval_state == "approved" and o.state in ("draft", "sent")
        ).write({"contract_approval_state": "none", "contract_approver_id": False})

    def write(self, vals):
        # approving by a plain write (XML-RPC, import) is held to the button's rules
        if vals.get("contract_approval_state") in ("approved", "refused") and not (
            self.env.context.get("crm_contract_approving")
        ):
            self._check_contract_approver()
        return super().write(vals)
