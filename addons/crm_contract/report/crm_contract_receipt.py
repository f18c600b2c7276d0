from odoo import fields, models
from odoo.tools import SQL


class CrmContractReceipt(models.Model):
    """Money received against the payment plans (回款), one row per payment (or bank
    statement line) reconciled with a milestone's invoice, on the day it was received, in the
    company's currency: a refund paid back counts negative, a credit note set off against
    the invoice is no money and does not count."""

    _name = "crm.contract.receipt"
    _description = "Money Received"
    _auto = False
    _order = "date desc, id desc"
    _depends = {
        "crm.contract.milestone": ["order_id", "user_id", "team_id", "partner_id", "company_id"],
        "account.move": ["state", "move_type"],
        "account.move.line": ["move_id", "display_type", "date"],
        "account.partial.reconcile": ["debit_move_id", "credit_move_id", "amount"],
        "res.company": ["currency_id"],
    }

    date = fields.Date(readonly=True)
    milestone_id = fields.Many2one("crm.contract.milestone", readonly=True)
    order_id = fields.Many2one("sale.order", string="Contract", readonly=True)
    invoice_id = fields.Many2one("account.move", readonly=True)
    payment_move_id = fields.Many2one("account.move", string="Payment", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    amount = fields.Monetary(string="Received", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT apr.id * 2 + (il.id = apr.credit_move_id)::int AS id,
                   GREATEST(il.date, other.date) AS date,
                   m.id AS milestone_id, m.order_id, inv.id AS invoice_id,
                   other.move_id AS payment_move_id, m.partner_id, m.user_id, m.team_id,
                   m.company_id, c.currency_id,
                   apr.amount * CASE WHEN inv.move_type = 'out_refund' THEN -1 ELSE 1 END
                       AS amount
              FROM crm_contract_milestone_account_move_rel rel
              JOIN crm_contract_milestone m ON m.id = rel.milestone_id
              JOIN res_company c ON c.id = m.company_id
              JOIN account_move inv ON inv.id = rel.move_id AND inv.state = 'posted'
              JOIN account_move_line il
                ON il.move_id = inv.id AND il.display_type = 'payment_term'
              JOIN account_partial_reconcile apr
                ON il.id IN (apr.debit_move_id, apr.credit_move_id)
              JOIN account_move_line other
                ON other.id = CASE WHEN apr.debit_move_id = il.id
                                   THEN apr.credit_move_id ELSE apr.debit_move_id END
              JOIN account_move other_move ON other_move.id = other.move_id
             WHERE other_move.move_type NOT IN ('out_invoice', 'out_refund')
            """
        )
