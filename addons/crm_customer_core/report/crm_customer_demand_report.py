from odoo import api, fields, models
from odoo.tools import SQL

from ..models.crm_customer_pool_rule import TIERS
from ..models.res_partner import CUSTOMER_NATURES, GENDERS
from ..models.res_partner_tier import LIFECYCLES
from .crm_customer_demand_facts import LINE_COLUMNS, ORDER_COLUMNS, install_demand_facts

ORDER_COUNT = "order_id:count_distinct"
# the fields that differ between the lines of one order; every other one is the order's or
# its customer's
LINE_LEVEL_FIELDS = {"id", "product_id", "categ_id", "quantity", "amount"}


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
        # the facts' triggers fire on the flush of these
        "sale.order.line": list(LINE_COLUMNS),
        "sale.order": list(ORDER_COLUMNS),
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
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        # The planner's cost estimate for a grouping over every confirmed line switches
        # PostgreSQL's JIT compiler on, whose compilation then costs more than it saves
        # (about a fifth of each grouping over 500,000 lines); off for this transaction only.
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        # always set here, so that no caller's context can turn the shortcut on
        report = self.with_context(
            crm_demand_count_first_lines=ORDER_COUNT in aggregates
            and self._groups_hold_whole_orders(domain, groupby)
        )
        return super(CrmCustomerDemandReport, report)._read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )

    @api.model
    def _groups_hold_whole_orders(self, domain, groupby):
        """Whether every line of an order falls in the same group: true unless a grouping, the
        domain or a record rule reads a line-level field. Counting each order's first line
        then counts its orders exactly, without the sort a count(DISTINCT) costs."""
        rule_domain = self.env["ir.rule"]._compute_domain(self._name, "read") or []
        fnames = {spec.split(":")[0].split(".")[0] for spec in groupby}
        for leaf in [*domain, *rule_domain]:
            if isinstance(leaf, (list, tuple)) and isinstance(leaf[0], str):
                fnames.add(leaf[0].split(".")[0])
        return not fnames & LINE_LEVEL_FIELDS

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec == ORDER_COUNT and self.env.context.get("crm_demand_count_first_lines"):
            return SQL("COALESCE(SUM(%s), 0)", SQL.identifier(self._table, "order_count"))
        return super()._read_group_select(aggregate_spec, query)

    def init(self):
        install_demand_facts(self.env.cr)

    @property
    def _table_query(self):
        # The facts hold each confirmed line with its order; the profile is joined live.
        # Every join is a left join on a key, which PostgreSQL leaves out of the groupings
        # that read none of its columns.
        return SQL(
            """
            SELECT f.id, f.date, f.order_id, f.order_count, f.partner_id, f.product_id, t.categ_id,
                   p.user_id, f.order_user_id, f.team_id, f.company_id, c.currency_id,
                   p.customer_stage_id AS stage_id, p.customer_value_tier AS value_tier,
                   p.customer_lifecycle AS lifecycle, p.customer_source_id AS source_id,
                   p.customer_visit_method_id AS visit_method_id,
                   p.customer_purchase_expectation_id AS purchase_expectation_id,
                   p.customer_nature AS nature, p.customer_gender AS gender,
                   p.customer_occupation AS occupation,
                   p.country_id, p.state_id, p.city, f.quantity, f.amount
              FROM crm_customer_demand_fact f
         LEFT JOIN res_partner p ON p.id = f.partner_id
         LEFT JOIN res_company c ON c.id = f.company_id
         LEFT JOIN product_product pp ON pp.id = f.product_id
         LEFT JOIN product_template t ON t.id = pp.product_tmpl_id
            """
        )
