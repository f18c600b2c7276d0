"""Scale benchmark of crm_kpi, run by ``python3 tools/suite.py bench``.

- a quarter computed for 500 employees with 10 computed items over 1,000,000 sale orders,
  against Odoo's own gamification goals of the same definitions, users and dates
  (``gamification.goal.update_goal`` in batch mode);
- the department comparison over 24 monthly periods of 500 employees, as the graph and the
  list open it, for all departments and for half of them (query counts).
"""

import argparse
import json
import sys
from datetime import date

from bench_core import connect, measure, prepare_order_bulk_load

from odoo import SUPERUSER_ID, Command, api


def build_people(env, employees, departments):
    root = env["hr.department"].create({"name": "Bench company"})
    depts = env["hr.department"].create(
        [{"name": f"Bench dept {i}", "parent_id": root.id} for i in range(departments)]
    )
    users = env["res.users"].create(
        [{"name": f"Bench employee {i}", "login": f"bench_kpi_{i}"} for i in range(employees)]
    )
    people = env["hr.employee"].create(
        [
            {"name": user.name, "user_id": user.id, "department_id": depts[i % departments].id}
            for i, user in enumerate(users)
        ]
    )
    return root, depts, users, people


def build_orders(env, users, count, quarter):
    cr = env.cr
    partner = env["res.partner"].create({"name": "Bench KPI customer"})
    company = env.company
    start = quarter[0]
    prepare_order_bulk_load(cr)
    cr.execute(
        """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                company_id, currency_id, currency_rate, date_order, state,
                                amount_untaxed, amount_tax, amount_total, user_id,
                                kpi_first_order, create_date, write_date)
        SELECT 'KPIB' || g, %s, %s, %s, %s, %s, 1,
               %s::timestamp + make_interval(hours => (g * 37) %% (24 * 180)),
               CASE WHEN g %% 10 = 0 THEN 'cancel' ELSE 'sale' END,
               50 + (g::bigint * 7919) %% 950, 0, 50 + (g::bigint * 7919) %% 950,
               (%s::int[])[1 + g %% %s], g %% 97 = 0, now(), now()
          FROM generate_series(1, %s) g
        """,
        (partner.id, partner.id, partner.id, company.id, company.currency_id.id, start,
         users.ids, len(users), count),
    )  # fmt: skip
    cr.execute("ANALYZE sale_order")


def build_items(env, count):
    """``count`` computed items over sale orders: counts and sums with different domains."""
    order_model = env.ref("sale.model_sale_order")
    field = env.ref("sale.field_sale_order__amount_untaxed")
    variants = [
        ("count", "[('state', '=', 'sale')]"),
        ("sum", "[('state', '=', 'sale')]"),
        ("count", "[('state', '=', 'sale'), ('kpi_first_order', '=', True)]"),
        ("count", "[('state', '=', 'cancel')]"),
        ("sum", "[('state', '=', 'sale'), ('amount_untaxed', '>', 500)]"),
        ("count", "[('amount_untaxed', '<', 100)]"),
        ("sum", "[]"),
        ("count", "[('state', 'in', ('sale', 'cancel'))]"),
        ("sum", "[('amount_untaxed', '>', 200)]"),
        ("count", "[('amount_untaxed', '>', 900)]"),
    ]
    definitions = env["gamification.goal.definition"].create(
        [
            {
                "name": f"Bench metric {i}",
                "computation_mode": mode,
                "model_id": order_model.id,
                "field_id": field.id if mode == "sum" else False,
                "field_date_id": env.ref("sale.field_sale_order__date_order").id,
                "domain": domain,
                "batch_mode": True,
                "batch_distinctive_field": env.ref("sale.field_sale_order__user_id").id,
                "batch_user_expression": "user.id",
            }
            for i, (mode, domain) in enumerate(variants[:count])
        ]
    )
    items = env["crm.kpi.item"].create(
        [
            {
                "name": definition.name,
                "category_id": env.ref("crm_kpi.category_sales").id,
                "definition_id": definition.id,
                "target": 100,
                "default_weight": 10,
            }
            for definition in definitions
        ]
    )
    return definitions, items


def bench_compute(env, root, items, people, quarter):
    env["crm.kpi.plan"].create(
        {
            "name": "Bench plan",
            "department_id": root.id,
            "period_type": "quarter",
            "line_ids": [Command.create({"item_id": item.id, "weight": 10}) for item in items],
        }
    )
    period = env["crm.kpi.period"].create(
        {"period_type": "quarter", "date_from": quarter[0], "date_to": quarter[1]}
    )
    env.cr.commit()
    grouped = []
    execute = env.cr.execute

    def counting(query, params=None, log_exceptions=True):
        text = str(query)
        if '"sale_order"' in text and "GROUP BY" in text:
            grouped.append(text)
        return execute(query, params, log_exceptions)

    env.cr.execute = counting
    try:
        _r, seconds, queries = measure(
            lambda: (period._compute_scorecards(people), env.flush_all())
        )
    finally:
        env.cr.execute = execute
    env.cr.commit()
    lines = env["crm.kpi.scorecard.line"].search_count([("period_id", "=", period.id)])
    _r, rerun_seconds, rerun_queries = measure(
        lambda: (period._compute_scorecards(people), env.flush_all())
    )
    env.cr.commit()
    return period, {
        "employees": len(people),
        "items": len(items),
        "lines": lines,
        "seconds": round(seconds, 2),
        "queries": queries,
        "grouped_queries_on_orders": len(grouped),
        "rerun_seconds": round(rerun_seconds, 2),
        "rerun_queries": rerun_queries,
    }


def bench_gamification(env, definitions, users, quarter):
    """Odoo's own goals: the same definitions, users and dates, updated in batch mode."""
    goals = env["gamification.goal"].create(
        [
            {
                "definition_id": definition.id,
                "user_id": user.id,
                "start_date": quarter[0],
                "end_date": quarter[1],
                "target_goal": 100,
                "state": "inprogress",
            }
            for definition in definitions
            for user in users
        ]
    )
    env.cr.commit()
    env.invalidate_all()
    _r, seconds, queries = measure(lambda: (goals.update_goal(), env.flush_all()))
    env.cr.rollback()
    return {"goals": len(goals), "seconds": round(seconds, 2), "queries": queries}


def build_history(env, people, months):
    """``months`` locked monthly periods of scorecards for every employee, by SQL."""
    cr = env.cr
    today = date.today()
    periods = env["crm.kpi.period"]
    for back in range(1, months + 1):
        year, month = divmod(today.year * 12 + today.month - 1 - back, 12)
        start = date(year, month + 1, 1)
        periods |= periods._ensure_period("month", start, env.company)
    cr.execute(
        """
        INSERT INTO crm_kpi_scorecard (employee_id, user_id, period_id, period_date,
            department_id, state, total_score, baseline_score, vs_baseline, company_id,
            create_date, write_date)
        SELECT e.id, e.user_id, p.id, p.date_from, e.department_id, 'locked',
               30 + ((e.id * 31 + p.id * 17) %% 80), 60, 0, p.company_id, now(), now()
          FROM hr_employee e, crm_kpi_period p
         WHERE e.id = ANY(%s) AND p.id = ANY(%s)
        """,
        (people.ids, periods.ids),
    )
    cr.execute("ANALYZE crm_kpi_scorecard")
    env.invalidate_all()
    return periods


def open_comparison(env, domain):
    """What the graph and the list of *Employee vs Department* ask when they open."""
    Report = env["crm.kpi.comparison.report"]

    def run():
        Report._read_group(domain, ["employee_id"], ["total_score:avg", "department_average:avg"])
        Report.search_fetch(
            domain,
            ["period_id", "department_id", "rank_in_department", "employee_id", "total_score",
             "department_average", "vs_department"],
            limit=80,
        )  # fmt: skip
        Report.search_count(domain)

    env.invalidate_all()
    return measure(run)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    scale = 10 if args.small else 1
    sizes = {
        "employees": 500 // scale,
        "departments": 10,
        "items": 10,
        "orders": 1_000_000 // scale,
        "history_months": 24,
    }
    quarter = (date(2025, 1, 1), date(2025, 3, 31))
    registry = connect()
    figures = {"sizes": sizes}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        root, depts, users, people = build_people(env, sizes["employees"], sizes["departments"])
        _r, seconds, _q = measure(lambda: build_orders(env, users, sizes["orders"], quarter))
        figures["build_orders_seconds"] = round(seconds, 1)
        definitions, items = build_items(env, sizes["items"])
        cr.commit()
        period, figures["compute"] = bench_compute(env, root, items, people, quarter)
        figures["gamification"] = bench_gamification(env, definitions, users, quarter)
        build_history(env, people, sizes["history_months"])
        cr.commit()
        ours = [("employee_id", "in", people.ids)]
        half = [("department_id", "in", depts[: len(depts) // 2].ids)]
        open_comparison(env, ours)  # warm
        _r, seconds, queries = open_comparison(env, ours)
        _r, half_seconds, half_queries = open_comparison(env, half)
        figures["comparison"] = {
            "scorecards": env["crm.kpi.scorecard"].search_count(ours),
            "seconds": round(seconds, 3),
            "queries": queries,
            "half_the_departments_seconds": round(half_seconds, 3),
            "half_the_departments_queries": half_queries,
        }

    c, g, k = figures["compute"], figures["gamification"], figures["comparison"]
    c["ratio_to_gamification"] = round(c["seconds"] / max(g["seconds"], 1e-6), 2)
    goals = {
        "quarter computed <= 30 s": c["seconds"] <= 30,
        "one grouped query per item": c["grouped_queries_on_orders"] == c["items"],
        "comparison opens <= 1 s": k["seconds"] <= 1,
        "comparison queries independent of employees": k["queries"]
        == k["half_the_departments_queries"],
    }
    figures["goals"] = goals
    print(json.dumps(figures, indent=2, default=str))
    print()
    print(f"{'measure':58} {'value':>10}")
    for label, value in [
        (f"quarter, {c['employees']} employees x {c['items']} items, {sizes['orders']} orders (s)",
         c["seconds"]),
        ("  queries (total)", c["queries"]),
        ("  grouped queries on the orders", c["grouped_queries_on_orders"]),
        ("  again, drafts updated in place (s)", c["rerun_seconds"]),
        (f"Odoo's gamification goals, same {g['goals']} goals (s)", g["seconds"]),
        ("  its queries", g["queries"]),
        ("  ratio to Odoo's goals", c["ratio_to_gamification"]),
        (f"comparison over {k['scorecards']} scorecards, graph + list (s)", k["seconds"]),
        ("  queries", k["queries"]),
        ("  half the departments: queries", k["half_the_departments_queries"]),
    ]:  # fmt: skip
        print(f"{label:58} {value!s:>10}")
    for goal, ok in goals.items():
        print(f"{'met ' if ok else 'MISSED'} {goal}")
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
