from odoo import fields, models
from odoo.tools import SQL

OUTCOMES = [("open", "Open"), ("won", "Won"), ("lost", "Lost")]


class CrmCompetitorWinlossReport(models.Model):
    """Win/loss against each competitor: a row per quotation and competitor on it."""

    _name = "crm.competitor.winloss.report"
    _description = "Win/Loss Analysis"
    _auto = False
    _order = "date_order desc, id desc"
    _rec_name = "order_id"
    # read straight from the quotations: what was just written is flushed before reading
    _depends = {
        "crm.competitor.quote": ["order_id", "competitor_id", "product_id", "price", "our_price"],
        "sale.order": [
            "state",
            "is_lost",
            "lost_reason_id",
            "won_competitor_id",
            "partner_id",
            "user_id",
            "team_id",
            "company_id",
            "date_order",
            "currency_rate",
        ],
        "sale.order.line": ["order_id", "product_id", "sequence"],
    }

    order_id = fields.Many2one("sale.order", string="Quotation", readonly=True)
    competitor_id = fields.Many2one("crm.competitor", readonly=True)
    product_id = fields.Many2one(
        "product.product",
        readonly=True,
        help="What they quoted against, else the quotation's first product.",
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date_order = fields.Datetime(string="Date", readonly=True)
    outcome = fields.Selection(OUTCOMES, readonly=True)
    lost_reason_id = fields.Many2one("crm.quotation.lost.reason", readonly=True)
    won_competitor_id = fields.Many2one("crm.competitor", string="Won By", readonly=True)
    deal_count = fields.Integer(string="Deals", readonly=True)
    won_count = fields.Integer(string="Won", readonly=True)
    lost_count = fields.Integer(string="Lost", readonly=True)
    lost_to_count = fields.Integer(string="Lost to Them", readonly=True)
    win_rate = fields.Float(
        string="Win Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Deals won out of the deals decided (won or lost).",
    )
    their_price = fields.Monetary(readonly=True)
    our_price = fields.Monetary(readonly=True)
    price_gap = fields.Monetary(readonly=True, help="Their price less ours.")
    price_gap_percent = fields.Float(
        string="Price Gap (%)",
        aggregator="avg",
        readonly=True,
        help="Their price against ours, where both are known: below zero they were cheaper.",
    )

    @property
    def _table_query(self):
        to_company = SQL(
            "/ CASE COALESCE(o.currency_rate, 0) WHEN 0 THEN 1.0 ELSE o.currency_rate END"
        )
        return SQL(
            """
            SELECT min(q.id) AS id, q.order_id, q.competitor_id,
                   COALESCE(min(q.product_id), first_line.product_id) AS product_id,
                   o.partner_id, o.user_id, o.team_id, o.company_id,
                   c.currency_id, o.date_order,
                   CASE WHEN o.state = 'sale' THEN 'won'
                        WHEN o.is_lost THEN 'lost' ELSE 'open' END AS outcome,
                   o.lost_reason_id, o.won_competitor_id,
                   1 AS deal_count,
                   CASE WHEN o.state = 'sale' THEN 1 ELSE 0 END AS won_count,
                   CASE WHEN o.is_lost THEN 1 ELSE 0 END AS lost_count,
                   CASE WHEN o.won_competitor_id = q.competitor_id THEN 1 ELSE 0 END
                       AS lost_to_count,
                   CASE WHEN o.state = 'sale' THEN 100.0
                        WHEN o.is_lost THEN 0.0 END AS win_rate,
                   sum(q.price) %(to_company)s AS their_price,
                   sum(q.our_price) %(to_company)s AS our_price,
                   CASE WHEN sum(q.price) > 0 THEN (sum(q.price) - sum(q.our_price))
                        %(to_company)s ELSE 0 END AS price_gap,
                   CASE WHEN sum(q.price) > 0 AND sum(q.our_price) > 0
                        THEN (sum(q.price) - sum(q.our_price)) * 100.0 / sum(q.our_price)
                   END AS price_gap_percent
              FROM crm_competitor_quote q
              JOIN sale_order o ON o.id = q.order_id
              JOIN res_company c ON c.id = o.company_id
              LEFT JOIN LATERAL (
                    SELECT l.product_id FROM sale_order_line l
                     WHERE l.order_id = o.id AND l.product_id IS NOT NULL
                     ORDER BY l.sequence, l.id LIMIT 1
              ) first_line ON true
             WHERE o.state <> 'cancel' OR o.is_lost
             GROUP BY q.order_id, q.competitor_id, first_line.product_id, o.id, c.currency_id
            """,
            to_company=to_company,
        )
