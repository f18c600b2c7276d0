from odoo import fields, models
from odoo.tools import SQL

from ..models.crm_contract_milestone import STATES

AGEING = [
    ("not_due", "Not Overdue"),
    ("0_30", "1-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("over_90", "Over 90 Days"),
]


class CrmContractReceivableReport(models.Model):
    """Receivables of the payment plans: planned, invoiced, received, outstanding and overdue
    per milestone, in the company's currency, with the ageing of what is overdue as of today
    (Odoo's clock). One row per milestone: the pivots read 500,000 of them in well under a
    second; the product split is its own report (below)."""

    _name = "crm.contract.receivable.report"
    _description = "Receivables Analysis"
    _auto = False
    _order = "date_due desc, id desc"
    # flushed before each query on the report, so that it reads what was just written
    _depends = {
        "crm.contract.milestone": [
            "order_id", "partner_id", "user_id", "team_id", "company_id", "date_due", "state",
            "amount", "amount_invoiced", "amount_received", "amount_outstanding", "currency_rate",
        ],
        "sale.order": ["contract_type_id", "amount_total"],
        "res.company": ["currency_id"],
    }  # fmt: skip

    milestone_id = fields.Many2one("crm.contract.milestone", readonly=True)
    order_id = fields.Many2one("sale.order", string="Contract", readonly=True)
    contract_type_id = fields.Many2one("crm.contract.type", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date_due = fields.Date(string="Due Date", readonly=True)
    state = fields.Selection(STATES, readonly=True)
    ageing = fields.Selection(AGEING, readonly=True)
    days_overdue = fields.Integer(aggregator="max", readonly=True)
    amount_planned = fields.Monetary(string="Planned", readonly=True)
    amount_invoiced = fields.Monetary(string="Invoiced", readonly=True)
    amount_received = fields.Monetary(string="Received", readonly=True)
    amount_outstanding = fields.Monetary(string="Outstanding", readonly=True)
    amount_overdue = fields.Monetary(string="Overdue", readonly=True)

    @property
    def _table_query(self):
        return self._receivable_query(SQL("m.id"), SQL(""), SQL("1"))

    def _receivable_query(self, row_id, join, share):
        """The rows of the report: ``row_id`` and ``share`` (of each milestone's amounts) as SQL
        over ``m`` (the milestone), ``o`` (its order) and what ``join`` adds."""
        # today from Odoo, never PostgreSQL's clock: the screens and frozen-time tests agree.
        # No window function: it would keep PostgreSQL from pushing the record rules and the
        # filters into the view, and sort all its rows on each query. The order and company
        # are LEFT JOINed on their keys so that PostgreSQL drops them from a query that does
        # not read their columns (the pivot by month reads the milestones alone).
        return SQL(
            """
            SELECT %(row_id)s AS id, m.id AS milestone_id, m.order_id, o.contract_type_id,
                   m.partner_id, m.user_id, m.team_id, m.company_id, c.currency_id,
                   m.date_due, m.state,
                   CASE WHEN m.state <> 'overdue' THEN 'not_due'
                        WHEN %(today)s - m.date_due <= 30 THEN '0_30'
                        WHEN %(today)s - m.date_due <= 60 THEN '31_60'
                        WHEN %(today)s - m.date_due <= 90 THEN '61_90'
                        ELSE 'over_90' END AS ageing,
                   CASE WHEN m.state = 'overdue' THEN %(today)s - m.date_due ELSE 0 END
                       AS days_overdue,
                   m.amount * s.share AS amount_planned,
                   m.amount_invoiced * s.share AS amount_invoiced,
                   m.amount_received * s.share AS amount_received,
                   m.amount_outstanding * s.share AS amount_outstanding,
                   CASE WHEN m.state = 'overdue' THEN m.amount_outstanding * s.share ELSE 0 END
                       AS amount_overdue
                   %(extra_columns)s
              FROM crm_contract_milestone m
              LEFT JOIN sale_order o ON o.id = m.order_id
              LEFT JOIN res_company c ON c.id = m.company_id
              %(join)s
             CROSS JOIN LATERAL (
                SELECT %(share)s / COALESCE(NULLIF(m.currency_rate, 0), 1) AS share
             ) s
             WHERE m.state <> 'cancelled'
            """,
            row_id=row_id,
            join=join,
            share=share,
            extra_columns=self._receivable_extra_columns(),
            today=fields.Date.context_today(self),
        )

    def _receivable_extra_columns(self):
        return SQL("")


class CrmContractReceivableProductReport(models.Model):
    """The receivables spread over each contract's products by their share of its total:
    planned and received by product."""

    _name = "crm.contract.receivable.product.report"
    _inherit = "crm.contract.receivable.report"
    _description = "Receivables by Product"
    _auto = False
    _depends = {
        **CrmContractReceivableReport._depends,
        "sale.order.line": ["order_id", "product_id", "price_total", "display_type",
                            "is_downpayment"],
    }  # fmt: skip

    product_id = fields.Many2one("product.product", readonly=True)

    @property
    def _table_query(self):
        # the id is the milestone's and the line's, below 2^53 as the web client needs
        return self._receivable_query(
            SQL("m.id::bigint * 4194304 + mod(COALESCE(l.id, 0), 4194304)"),
            SQL(
                """LEFT JOIN sale_order_line l
                     ON l.order_id = o.id AND l.display_type IS NULL
                        AND l.is_downpayment IS NOT TRUE AND o.amount_total <> 0"""
            ),
            SQL("COALESCE(l.price_total / o.amount_total, 1)"),
        )

    def _receivable_extra_columns(self):
        return SQL(", l.product_id")
