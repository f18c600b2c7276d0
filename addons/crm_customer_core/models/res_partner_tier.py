import logging

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .crm_customer_pool_rule import TIERS
from .cron_batches import cron_batches

_logger = logging.getLogger(__name__)

SALES = "sales_team.group_sale_salesman"
LIFECYCLES = [
    ("acquisition", "Acquisition"),
    ("growth", "Growth"),
    ("maturity", "Maturity"),
    ("decline", "Decline"),
    ("exit", "Exit"),
]
# Sales change of more than this share between two windows is growth or decline.
TREND_TOLERANCE = 0.2
WRITE_BATCH = 5000
CRON_CHUNK = 50000


class ResPartner(models.Model):
    _inherit = "res.partner"

    customer_value_tier = fields.Selection(
        TIERS, string="Value Tier", index=True, copy=False, groups=SALES, readonly=True
    )
    customer_lifecycle = fields.Selection(
        LIFECYCLES, string="Lifecycle", index=True, copy=False, groups=SALES, readonly=True
    )
    customer_window_revenue = fields.Monetary(
        string="Sales in Window",
        copy=False,
        readonly=True,
        groups=SALES,
        currency_field="customer_company_currency_id",
        help="Confirmed sales (untaxed, company currency) in the tier window.",
    )
    customer_previous_revenue = fields.Monetary(
        string="Sales in Previous Window",
        copy=False,
        readonly=True,
        groups=SALES,
        currency_field="customer_company_currency_id",
    )
    customer_last_order_date = fields.Date(
        string="Last Order", copy=False, groups=SALES, readonly=True
    )
    customer_company_currency_id = fields.Many2one(
        "res.currency", compute="_compute_customer_company_currency_id", groups=SALES
    )

    def _compute_customer_company_currency_id(self):
        for partner in self:
            partner.customer_company_currency_id = (
                partner.company_id or self.env.company
            ).currency_id

    # ------------------------------------------------------------------ classification
    @api.model
    def _customer_sales_figures(self, company, today):
        """One aggregate over confirmed orders: per commercial partner of the customer file,
        sales in the window and the window before, first and last order date, running sum."""
        window_start = today - relativedelta(months=company.crm_tier_window_months)
        previous_start = window_start - relativedelta(months=company.crm_tier_window_months)
        self.env["sale.order"].flush_model(
            ["state", "date_order", "amount_untaxed", "currency_rate", "company_id", "partner_id"]
        )
        self.env["res.partner"].flush_model()
        revenue = SQL("so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1)")
        query = SQL(
            """
            WITH sales AS (
                SELECT cp.commercial_partner_id AS partner_id,
                       SUM(CASE WHEN so.date_order >= %(window)s THEN %(revenue)s ELSE 0 END)
                           AS revenue,
                       SUM(CASE WHEN so.date_order >= %(previous)s AND so.date_order < %(window)s
                                THEN %(revenue)s ELSE 0 END) AS previous_revenue,
                       MIN(so.date_order) AS first_order,
                       MAX(so.date_order) AS last_order
                  FROM sale_order so
                  JOIN res_partner cp ON cp.id = so.partner_id
                 WHERE so.state = 'sale' AND so.company_id = %(company)s
                 GROUP BY cp.commercial_partner_id
            )
            SELECT p.id, COALESCE(s.revenue, 0)::float8, COALESCE(s.previous_revenue, 0)::float8,
                   s.first_order, s.last_order,
                   SUM(COALESCE(s.revenue, 0)) OVER (
                       ORDER BY COALESCE(s.revenue, 0) DESC, p.id ROWS UNBOUNDED PRECEDING)::float8,
                   SUM(COALESCE(s.revenue, 0)) OVER ()::float8,
                   p.customer_value_tier, p.customer_lifecycle,
                   p.customer_window_revenue::float8, p.customer_previous_revenue::float8,
                   p.customer_last_order_date
              FROM res_partner p
              LEFT JOIN sales s ON s.partner_id = p.id
              LEFT JOIN res_users u ON u.id = p.user_id
             WHERE p.active AND p.id = p.commercial_partner_id
               AND (p.customer_stage_id IS NOT NULL OR s.partner_id IS NOT NULL)
               AND COALESCE(p.company_id, u.company_id, %(first_company)s) = %(company)s
            """,
            window=window_start,
            previous=previous_start,
            revenue=revenue,
            company=company.id,
            # a customer shared by the companies is classified once, by one company: its
            # salesperson's (a pool customer's: the first company), else the companies would
            # overwrite each other's tier on every run
            # sudo: the database's first company whoever runs it (only its id is read)
            first_company=self.env["res.company"].sudo().search([], order="id", limit=1).id,
        )
        return self.env.execute_query(query)

    @api.model
    def _customer_tier(self, company, revenue, running, total):
        if revenue <= 0:
            return "c"
        if company.crm_tier_method == "share":
            before = (running - revenue) / total * 100 if total else 100
            if before < company.crm_tier_a_share:
                return "a"
            if before < company.crm_tier_a_share + company.crm_tier_b_share:
                return "b"
            return "c"
        if revenue >= company.crm_tier_a_threshold:
            return "a"
        if revenue >= company.crm_tier_b_threshold:
            return "b"
        return "c"

    @api.model
    def _customer_lifecycle(self, company, today, revenue, previous, first_order, last_order):
        if not last_order:
            return "acquisition"
        window_start = today - relativedelta(months=company.crm_tier_window_months)
        if (today - last_order.date()).days > company.crm_lifecycle_exit_days:
            return "exit"
        if first_order.date() >= window_start and not previous:
            return "acquisition"
        if not previous:
            return "growth"
        if not revenue:
            return "decline"
        ratio = revenue / previous
        if ratio >= 1 + TREND_TOLERANCE:
            return "growth"
        if ratio <= 1 - TREND_TOLERANCE:
            return "decline"
        return "maturity"

    @api.model
    def _customer_classification_changes(self, company, today):
        """``[(partner id, tier, lifecycle, revenue, previous, last order)]`` for the customers
        whose figures changed."""
        changes = []
        currency = company.currency_id
        for (
            partner_id,
            revenue,
            previous,
            first_order,
            last_order,
            running,
            total,
            old_tier,
            old_lifecycle,
            old_revenue,
            old_previous,
            old_last_order,
        ) in self._customer_sales_figures(company, today):
            revenue, previous = currency.round(revenue), currency.round(previous)
            values = (
                self._customer_tier(company, revenue, running, total),
                self._customer_lifecycle(
                    company, today, revenue, previous, first_order, last_order
                ),
                revenue,
                previous,
                last_order and last_order.date(),
            )
            old = (old_tier, old_lifecycle, old_revenue or 0.0, old_previous or 0.0, old_last_order)
            if values != old:
                changes.append((partner_id, *values))
        return changes

    def _write_customer_classification(self, rows):
        """Write one batch in one UPDATE, next contact dates included (the tier sets the
        contact interval), so that each customer row is written once.

        Tier, lifecycle and figures are plain stored fields with no other dependents, and the
        tracking of tier and lifecycle is left out on purpose: a nightly recompute of
        100,000 customers must not post 100,000 chatter messages.
        """
        ids, tiers, lifecycles, revenues, previous, last_orders = zip(*rows, strict=True)
        self.env["res.partner"].flush_model()
        self.env.execute_query(
            SQL(
                """
            WITH v AS (
                SELECT unnest(%s::int[]) AS id, unnest(%s::varchar[]) AS tier,
                       unnest(%s::varchar[]) AS lifecycle, unnest(%s::numeric[]) AS revenue,
                       unnest(%s::numeric[]) AS previous, unnest(%s::date[]) AS last_order
            ), next_contact AS (
                SELECT p.id, %s AS next_date
                  FROM res_partner p JOIN v ON v.id = p.id %s
            )
            UPDATE res_partner p
               SET customer_value_tier = v.tier,
                   customer_lifecycle = v.lifecycle,
                   customer_window_revenue = v.revenue,
                   customer_previous_revenue = v.previous,
                   customer_last_order_date = v.last_order,
                   customer_next_contact_date = next_contact.next_date,
                   write_date = %s,
                   write_uid = %s
              FROM v JOIN next_contact USING (id)
             WHERE p.id = v.id
            """,
                list(ids),
                list(tiers),
                list(lifecycles),
                list(revenues),
                list(previous),
                [d or None for d in last_orders],
                self._customer_next_contact_sql(SQL("v.tier")),
                self._customer_next_contact_joins(),
                fields.Datetime.now(),
                self.env.uid,
            )
        )
        self.browse(ids).invalidate_recordset(
            [
                "customer_value_tier",
                "customer_lifecycle",
                "customer_window_revenue",
                "customer_previous_revenue",
                "customer_last_order_date",
                "customer_next_contact_date",
                "write_date",
                "write_uid",
            ]
        )

    @api.model
    def _cron_recompute_customer_classification(self, batch_size=WRITE_BATCH):
        """Recompute value tiers and lifecycles of every company's customers.

        Figures come from one SQL aggregate; only changed customers are written, so a run
        killed half-way resumes where it stopped.
        """
        today = fields.Date.context_today(self)
        # one list for every company: the scheduler's progress is about all of them (per
        # company, the last company's report would hide the first one's remaining work)
        changes = [
            row
            for company in self.env["res.company"].search([])
            for row in self._customer_classification_changes(company, today)
        ]
        for rows in cron_batches(self.env, changes, batch_size, CRON_CHUNK):
            try:
                with self.env.cr.savepoint():
                    self._write_customer_classification(rows)
            except Exception:  # noqa: BLE001 - one bad batch must not stop the run
                _logger.exception(
                    "Customer classification skipped a batch of %s customers", len(rows)
                )
                self.env.invalidate_all()
        return True
