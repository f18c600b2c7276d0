from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    contract_approval_amount = fields.Monetary(
        string="Approval Above Amount",
        currency_field="currency_id",
        help="Quotations above this total (taxes included, in the company's currency) need a "
        "sales manager's approval before they are confirmed. 0: no limit.",
    )
    contract_approval_discount = fields.Float(
        string="Approval Above Discount (%)",
        help="Quotations with a line discounted more than this need a sales manager's "
        "approval. 0: no limit.",
    )
    contract_reminder_days = fields.Integer(
        string="Remind Days Before Due",
        default=7,
        help="The salesperson gets an activity this many days before a milestone is due.",
    )
    contract_escalation_days = fields.Integer(
        string="Escalate Days Overdue",
        default=30,
        help="The sales team's leader gets an activity once a milestone is overdue this many days.",
    )
    contract_renewal_days = fields.Integer(
        string="Contract Renewal Reminder Days",
        default=30,
        help="Contracts ending within this many days are flagged, and their salesperson is "
        "reminded to renew them.",
    )
