"""Scale benchmark of crm_customer_core, run by ``python3 tools/suite.py bench``.

Builds a large database with SQL (customers and confirmed sale orders), then measures the
scheduled actions against it and against a naive per-customer implementation, and prints the
figures as JSON and as a table.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, api, sql_db
from odoo.tools import config


def connect():
    config.parse_config(
        [
            f"--addons-path={os.environ['CRM_SUITE_ADDONS_PATH']}",
            f"--data-dir={os.environ['CRM_SUITE_DATA_DIR']}",
            f"--db_host={os.environ['PGHOST']}",
            f"--db_port={os.environ['PGPORT']}",
            f"--db_user={os.environ['PGUSER']}",
            "--log-level=warn",
        ]
    )
    return odoo.modules.registry.Registry.new(os.environ["CRM_SUITE_DB"])


def prepare_order_bulk_load(cr):
    """The benchmarks insert orders with SQL: give the columns that other installed modules
    require on ``sale_order`` (sale_stock's ``picking_policy``, installed with the
    satisfaction bridge) the value Odoo would, as a default in this throwaway database."""
    cr.execute(
        "SELECT 1 FROM information_schema.columns"
        " WHERE table_name = 'sale_order' AND column_name = 'picking_policy'"
    )
    if cr.rowcount:
        cr.execute("ALTER TABLE sale_order ALTER COLUMN picking_policy SET DEFAULT 'direct'")


def measure(function):
    """(result, seconds, queries) of one call."""
    queries = sql_db.sql_counter
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started, sql_db.sql_counter - queries


def build_data(env, customers, orders, due):
    """Customers of the file with salespeople, and confirmed orders over 30 months."""
    cr = env.cr
    rng = random.Random(42)
    users = env["res.users"].create(
        [
            {
                "name": f"Bench sales {i}",
                "login": f"bench_sales_{i}",
                "groups_id": [(4, env.ref("sales_team.group_sale_salesman").id)],
            }
            for i in range(20)
        ]
    )
    stage_ids = [
        env.ref(f"crm_customer_core.stage_{s}").id for s in ("potential", "intent", "deal")
    ]
    company = env.company
    cr.execute(
        """
        INSERT INTO res_partner (id, commercial_partner_id, name, complete_name, is_company,
                                 active, type, autopost_bills, customer_stage_id, user_id,
                                 customer_assigned_date, create_date, write_date, lang)
        SELECT n, n, 'Bench customer ' || g, 'Bench customer ' || g, true, true, 'contact',
               'ask', (%s::int[])[1 + g %% 3], (%s::int[])[1 + g %% 20],
               now() - interval '400 days', now() - interval '400 days', now(), 'en_US'
          FROM (SELECT nextval('res_partner_id_seq') AS n, g FROM generate_series(1, %s) g) s
        RETURNING id
        """,
        (stage_ids, users.ids, customers),
    )
    partner_ids = sorted(row[0] for row in cr.fetchall())
    now = datetime.now()
    rows = []
    for _i in range(orders):
        partner = partner_ids[int(rng.paretovariate(1.2) * 50) % len(partner_ids)]
        rows.append(
            (
                partner,
                now - timedelta(days=rng.randint(0, 900)),
                round(rng.lognormvariate(5, 1.2), 2),
            )
        )
    cr.execute(
        "CREATE TEMP TABLE bench_orders (partner_id int, date_order timestamp, amount numeric)"
    )
    with cr._cnx.cursor() as raw:
        from io import StringIO  # noqa: PLC0415

        buffer = StringIO("".join(f"{p}\t{d.isoformat()}\t{a}\n" for p, d, a in rows))
        raw.copy_from(buffer, "bench_orders", columns=("partner_id", "date_order", "amount"))
    prepare_order_bulk_load(cr)
    cr.execute(
        """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                company_id, currency_id, currency_rate, date_order, state,
                                amount_untaxed, amount_tax, amount_total, user_id,
                                create_date, write_date)
        SELECT 'BENCH' || row_number() OVER (), partner_id, partner_id, partner_id, %s, %s, 1,
               date_order, 'sale', amount, 0, amount, NULL, now(), now()
          FROM bench_orders
        """,
        (company.id, company.currency_id.id),
    )
    # one line per order, and a profile on every customer, for the demand analysis
    products = env["product.product"].create(
        [{"name": f"Bench product {i}", "type": "service"} for i in range(20)]
    )
    cr.execute(
        """
        INSERT INTO sale_order_line (order_id, name, product_id, product_uom, product_uom_qty,
                                     price_unit, price_subtotal, price_total, price_tax,
                                     company_id, currency_id, customer_lead, sequence,
                                     create_date, write_date)
        SELECT o.id, 'Bench line', (%s::int[])[1 + o.id %% 20], %s, 1 + o.id %% 5,
               o.amount_untaxed, o.amount_untaxed, o.amount_untaxed, 0, o.company_id,
               o.currency_id, 0, 10, now(), now()
          FROM sale_order o WHERE o.name LIKE 'BENCH%%'
        """,
        (products.ids, env.ref("uom.product_uom_unit").id),
    )
    methods = env["crm.customer.visit.method"].search([]).ids
    expectations = env["crm.customer.purchase.expectation"].search([]).ids
    sources = env["crm.customer.source"].search([]).ids
    cr.execute(
        """
        UPDATE res_partner
           SET customer_visit_method_id = (%s::int[])[1 + id %% %s],
               customer_purchase_expectation_id = (%s::int[])[1 + id %% %s],
               customer_source_id = (%s::int[])[1 + id %% %s],
               customer_nature = (ARRAY['enterprise', 'individual', 'government'])[1 + id %% 3]
         WHERE id = ANY(%s)
        """,
        (
            methods,
            len(methods),
            expectations,
            len(expectations),
            sources,
            len(sources),
            partner_ids,
        ),
    )
    cr.execute(
        "ANALYZE res_partner; ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE mail_activity"
    )
    env.invalidate_all()
    return partner_ids


PIVOT_GROUPBYS = ([], ["{row}"], ["date:quarter"], ["{row}", "date:quarter"])


def open_pivot(model, row, measures):
    """The read_group calls the web client's pivot makes to open: totals, rows, columns and
    the cells; (seconds, queries) of all four."""

    def run():
        for groupby in PIVOT_GROUPBYS:
            model.read_group([], measures, [g.format(row=row) for g in groupby], lazy=False)

    run()  # warm the caches, as a second opening would
    _r, seconds, queries = measure(run)
    return round(seconds, 3), queries


def pivot_view_measures(env, view_xmlid):
    """The measures a pivot view opens with, as read_group aggregates."""
    from lxml import etree  # noqa: PLC0415

    view = env.ref(view_xmlid)
    model = env[view.model]
    return [
        f"{name}:{model._fields[name].aggregator}"
        for name in etree.fromstring(view.arch).xpath("//field[@type='measure']/@name")
    ]


def bench_demand_pivot(env, salesperson):
    """The demand analysis pivot over every confirmed line as its view opens it, as a manager
    and as one salesperson (under the record rule), then with the number of customers added;
    against Odoo's own sales analysis pivot over the same lines with the same measures, in
    the same run."""
    manager = env.ref("base.user_admin")
    demand = env["crm.customer.demand.report"]
    measures = pivot_view_measures(env, "crm_customer_core.crm_customer_demand_report_view_pivot")
    row = "visit_method_id"
    manager_s, manager_q = open_pivot(demand.with_user(manager), row, measures)
    sales_s, sales_q = open_pivot(demand.with_user(salesperson), row, measures)
    customers_s, _q = open_pivot(
        demand.with_user(manager), row, [*measures, "partner_id:count_distinct"]
    )
    by_product_s, _q = open_pivot(demand.with_user(manager), "product_id", measures)
    floor_s, floor_q = open_pivot(
        env["sale.report"].with_user(manager),
        "team_id",
        ["price_subtotal:sum", "order_reference:count_distinct"],
    )
    return {
        "lines": env["sale.order.line"].search_count([]),
        "measures": measures,
        "manager_seconds": manager_s,
        "manager_queries": manager_q,
        "salesperson_seconds": sales_s,
        "salesperson_queries": sales_q,
        "with_customers_seconds": customers_s,
        "by_product_seconds": by_product_s,
        "odoo_sale_report_seconds": floor_s,
        "ratio_to_odoo_sale_report": round(manager_s / floor_s, 2) if floor_s else None,
    }


def set_due(env, partner_ids, due):
    """A contact-cycle state: ``due`` customers are due today, the others later."""
    env.flush_all()
    env.cr.execute(
        """
        UPDATE res_partner SET customer_next_contact_date =
               CASE WHEN id %% %s = 0 THEN %s::date ELSE %s::date END
         WHERE id BETWEEN %s AND %s
        """,
        (
            max(len(partner_ids) // due, 1),
            date.today(),
            date.today() + timedelta(days=30),
            partner_ids[0],
            partner_ids[-1],
        ),
    )
    env.invalidate_all()


def naive_classification(env, partners):
    """The same classification as a per-customer loop would do it: read each customer's
    orders, compute its figures, write them; a few queries per customer."""
    Partner = env["res.partner"]
    company = env.company
    today = date.today()
    window = datetime.combine(
        today - relativedelta(months=company.crm_tier_window_months), datetime.min.time()
    )
    previous_start = window - relativedelta(months=company.crm_tier_window_months)
    figures = []
    for partner in partners:
        orders = env["sale.order"].search_read(
            [("partner_id", "child_of", partner.id), ("state", "=", "sale")],
            ["amount_untaxed", "currency_rate", "date_order"],
        )
        amounts = [
            (o["date_order"], o["amount_untaxed"] / (o["currency_rate"] or 1)) for o in orders
        ]
        revenue = sum(a for d, a in amounts if d >= window)
        previous = sum(a for d, a in amounts if previous_start <= d < window)
        dates = [d for d, _a in amounts]
        figures.append(
            (partner, revenue, previous, min(dates, default=None), max(dates, default=None))
        )
    total = sum(f[1] for f in figures)
    running = 0
    for partner, revenue, previous, first, last in sorted(figures, key=lambda f: -f[1]):
        running += revenue
        partner.write(
            {
                "customer_value_tier": Partner._customer_tier(company, revenue, running, total),
                "customer_lifecycle": Partner._customer_lifecycle(
                    company, today, revenue, previous, first, last
                ),
                "customer_window_revenue": revenue,
                "customer_previous_revenue": previous,
                "customer_last_order_date": last and last.date(),
            }
        )
        env.flush_all()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    scale = 10 if args.small else 1
    sizes = {
        "customers": 100_000 // scale,
        "orders": 500_000 // scale,
        "due": 5_000 // scale,
        "naive_customers": 5_000 // scale,
    }
    registry = connect()
    figures = {"sizes": sizes}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        partner_ids, seconds, _q = measure(
            lambda: build_data(env, sizes["customers"], sizes["orders"], sizes["due"])
        )
        figures["build_seconds"] = round(seconds, 1)
        cr.commit()

        Partner = env["res.partner"]
        changed = len(Partner._customer_classification_changes(env.company, date.today()))
        _r, seconds, queries = measure(Partner._cron_recompute_customer_classification)
        cr.commit()
        batches = -(-changed // 5000)
        figures["classification"] = {
            "customers_written": changed,
            "seconds": round(seconds, 2),
            "queries": queries,
            "batches": batches,
            "queries_per_batch": round(queries / max(batches, 1), 1),
        }
        _r, seconds2, queries2 = measure(Partner._cron_recompute_customer_classification)
        figures["classification_rerun"] = {"seconds": round(seconds2, 2), "queries": queries2}
        tiers = dict(
            Partner._read_group(
                [("customer_value_tier", "!=", False)], ["customer_value_tier"], ["__count"]
            )
        )
        figures["tiers"] = {tier: count for tier, count in tiers.items()}

        sample = Partner.search(
            [("name", "like", "Bench customer")], limit=sizes["naive_customers"]
        )
        _r, naive_seconds, naive_queries = measure(lambda: naive_classification(env, sample))
        cr.rollback()
        env.invalidate_all()
        per_customer_fast = seconds / max(changed, 1)
        per_customer_naive = naive_seconds / len(sample)
        figures["naive"] = {
            "customers": len(sample),
            "seconds": round(naive_seconds, 2),
            "queries": naive_queries,
            "speedup_per_customer": round(per_customer_naive / per_customer_fast, 1),
        }

        salesperson = env["res.users"].search([("login", "=", "bench_sales_0")])
        figures["demand_pivot"] = bench_demand_pivot(env, salesperson)

        set_due(env, partner_ids, sizes["due"])
        cr.commit()
        created, seconds, queries = measure(Partner._cron_customer_contact_reminders)
        cr.commit()
        again, seconds_again, _q = measure(Partner._cron_customer_contact_reminders)
        cr.commit()
        figures["contact_reminders"] = {
            "activities_created": created,
            "seconds": round(seconds, 2),
            "queries": queries,
            "second_run_created": again,
            "second_run_seconds": round(seconds_again, 2),
        }

    goals = {
        "classification <= 60 s": figures["classification"]["seconds"] <= 60,
        "naive speed-up >= 20x": figures["naive"]["speedup_per_customer"] >= 20,
        "contact reminders <= 30 s": figures["contact_reminders"]["seconds"] <= 30,
        "second reminder run creates nothing": figures["contact_reminders"]["second_run_created"]
        == 0,
        "demand pivot opens in <= 1 s": max(
            figures["demand_pivot"]["manager_seconds"],
            figures["demand_pivot"]["salesperson_seconds"],
        )
        <= 1,
    }
    figures["goals"] = goals
    print(json.dumps(figures, indent=2, default=str))
    print()
    print(f"{'measure':45} {'value':>14}")
    c, n, r = figures["classification"], figures["naive"], figures["contact_reminders"]
    for label, value in [
        (f"tier+lifecycle recompute, {c['customers_written']} customers (s)", c["seconds"]),
        ("  queries (total)", c["queries"]),
        ("  queries per batch of 5,000", c["queries_per_batch"]),
        ("  rerun with nothing to change (s)", figures["classification_rerun"]["seconds"]),
        (f"naive loop, {n['customers']} customers (s)", n["seconds"]),
        ("  speed-up per customer (x)", n["speedup_per_customer"]),
        (f"contact reminders, {r['activities_created']} created (s)", r["seconds"]),
        ("  second run: activities created", r["second_run_created"]),
        (
            f"demand pivot, {figures['demand_pivot']['lines']} lines, manager (s)",
            figures["demand_pivot"]["manager_seconds"],
        ),
        ("  one salesperson (s)", figures["demand_pivot"]["salesperson_seconds"]),
        ("  queries to open", figures["demand_pivot"]["manager_queries"]),
        ("  + number of customers (s)", figures["demand_pivot"]["with_customers_seconds"]),
        ("  rows by product instead (s)", figures["demand_pivot"]["by_product_seconds"]),
        (
            "  Odoo's sales analysis, same lines (s)",
            figures["demand_pivot"]["odoo_sale_report_seconds"],
        ),
        ("  ratio to Odoo's sales analysis", figures["demand_pivot"]["ratio_to_odoo_sale_report"]),
    ]:
        print(f"{label:45} {value:>14}")
    for goal, ok in goals.items():
        print(f"{'met ' if ok else 'MISSED'} {goal}")
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
