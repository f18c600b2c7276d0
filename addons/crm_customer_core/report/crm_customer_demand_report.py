from odoo import api, fields, models
from odoo.tools import SQL

from ..models.crm_customer_pool_rule import TIERS
from ..models.res_partner import CUSTOMER_NATURES, GENDERS
from ..models.res_partner_tier import LIFECYCLES


class CrmCustomerDemandReport(models.Model):
    """Customer demand analysis (统计分析): confirmed order lines with the profile of the
    customer who ordered them, to compare demand by visit method, purchase expectation,
    information source, nature, gender, occupation, tier, lifecycle, region, product and
    salesperson. Amounts are in the company's currency."""

    _name = "crm.customer.demand.report"
    _description = "Customer Demand Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "order_id"
    # what the SQL reads: the ORM flushes these before querying the report
    _depends = {
        "sale.order.line": [
            "order_id",
            "product_id",
            "product_uom_qty",
            "price_subtotal",
            "display_type",
            "is_downpayment",
        ],
        "sale.order": [
            "state",
            "date_order",
            "partner_id",
            "user_id",
            "team_id",
            "company_id",
            "currency_rate",
        ],
        "res.partner": [
            "commercial_partner_id",
            "user_id",
            "customer_stage_id",
            "customer_value_tier",
            "customer_lifecycle",
            "customer_source_id",
            "customer_visit_method_id",
            "customer_purchase_expectation_id",
            "customer_nature",
            "customer_gender",
            "customer_occupation",
            "country_id",
            "state_id",
            "city",
        ],
        "product.product": ["product_tmpl_id"],
        "product.template": ["categ_id"],
        "res.company": ["currency_id"],
    }

    date = fields.Datetime(string="Order Date", readonly=True)
    order_id = fields.Many2one(
        "sale.order", string="Orders", readonly=True, aggregator="count_distinct"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customers", readonly=True, aggregator="count_distinct"
    )
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Salesperson", readonly=True, help="The customer's salesperson."
    )
    order_user_id = fields.Many2one("res.users", string="Order Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    stage_id = fields.Many2one("crm.customer.stage", string="Customer Stage", readonly=True)
    value_tier = fields.Selection(TIERS, readonly=True)
    lifecycle = fields.Selection(LIFECYCLES, readonly=True)
    source_id = fields.Many2one("crm.customer.source", string="Information Source", readonly=True)
    visit_method_id = fields.Many2one("crm.customer.visit.method", readonly=True)
    purchase_expectation_id = fields.Many2one("crm.customer.purchase.expectation", readonly=True)
    nature = fields.Selection(CUSTOMER_NATURES, string="Customer Nature", readonly=True)
    gender = fields.Selection(GENDERS, readonly=True)
    occupation = fields.Char(readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    state_id = fields.Many2one("res.country.state", string="Province", readonly=True)
    city = fields.Char(readonly=True)
    quantity = fields.Float(readonly=True)
    amount = fields.Monetary(string="Untaxed Amount", readonly=True)

    @api.model
    def _read_group(self, *args, **kwargs):
        # The planner's cost estimate for these joins over every confirmed line switches
        # PostgreSQL's JIT compiler on, whose compilation then costs more than it saves
        # (about a fifth of each grouping over 500,000 lines); off for this transaction only.
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        return super()._read_group(*args, **kwargs)

    @property
    def _table_query(self):
        # company and product are left joins on their keys: PostgreSQL leaves them out of
        # the groupings that read none of their columns
        return SQL(
            """
            SELECT l.id, s.date_order AS date, s.id AS order_id, p.id AS partner_id,
                   l.product_id, t.categ_id, p.user_id, s.user_id AS order_user_id,
                   s.team_id, s.company_id, c.currency_id,
                   p.customer_stage_id AS stage_id, p.customer_value_tier AS value_tier,
                   p.customer_lifecycle AS lifecycle, p.customer_source_id AS source_id,
                   p.customer_visit_method_id AS visit_method_id,
                   p.customer_purchase_expectation_id AS purchase_expectation_id,
                   p.customer_nature AS nature, p.customer_gender AS gender,
                   p.customer_occupation AS occupation,
                   p.country_id, p.state_id, p.city,
                   l.product_uom_qty AS quantity,
                   l.price_subtotal
                       / CASE COALESCE(s.currency_rate, 0) WHEN 0 THEN 1.0
                              ELSE s.currency_rate END AS amount
              FROM sale_order_line l
              JOIN sale_order s ON s.id = l.order_id
              JOIN res_partner op ON op.id = s.partner_id
              JOIN res_partner p ON p.id = op.commercial_partner_id
         LEFT JOIN res_company c ON c.id = s.company_id
         LEFT JOIN product_product pp ON pp.id = l.product_id
         LEFT JOIN product_template t ON t.id = pp.product_tmpl_id
             WHERE s.state = 'sale' AND l.display_type IS NULL AND l.is_downpayment IS NOT TRUE
            """
        )
