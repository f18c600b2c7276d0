from odoo import api, fields, models
from odoo.tools import SQL

from ..models.crm_customer_pool_rule import TIERS


class CrmCustomerTierReport(models.Model):
    """Per value tier: how many customers, their share of customers and of revenue (shares as
    fractions of 1, shown as percentages). Customers are those of the customer file, as its
    list counts them: commercial entities with a stage, not archived."""

    _name = "crm.customer.tier.report"
    _description = "Customer Value Tier Report"
    _auto = False
    _order = "company_id, value_tier"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    value_tier = fields.Selection(TIERS, readonly=True)
    customer_count = fields.Integer(string="Customers", readonly=True)
    customer_share = fields.Float(string="Share of Customers", readonly=True, aggregator="sum")
    revenue = fields.Monetary(string="Sales in Window", readonly=True)
    revenue_share = fields.Float(string="Share of Revenue", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT row_number() OVER (ORDER BY t.company_id, t.value_tier) AS id, t.*,
                   ROUND(1.0 * t.customer_count
                         / SUM(t.customer_count) OVER (PARTITION BY t.company_id), 4)::float8
                       AS customer_share,
                   COALESCE(ROUND(1.0 * t.revenue
                         / NULLIF(SUM(t.revenue) OVER (PARTITION BY t.company_id), 0), 4),
                            0)::float8
                       AS revenue_share
              FROM (
                SELECT c.id AS company_id, c.currency_id, p.customer_value_tier AS value_tier,
                       COUNT(*) AS customer_count,
                       SUM(COALESCE(p.customer_window_revenue, 0)) AS revenue
                  FROM res_partner p
                  JOIN res_company c ON c.id = COALESCE(p.company_id, %s)
                 WHERE p.active AND p.customer_value_tier IS NOT NULL
                   AND p.customer_stage_id IS NOT NULL AND p.parent_id IS NULL
                 GROUP BY c.id, c.currency_id, p.customer_value_tier
              ) t
            """,
            self.env.company.id,
        )

    @api.model
    def action_export_xlsx(self):
        return {
            "type": "ir.actions.act_url",
            "url": "/crm_customer_core/tier_report.xlsx",
            "target": "download",
        }
