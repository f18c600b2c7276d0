"""Scale benchmark of crm_contract, run by ``python3 tools/suite.py bench``.

1. The reminder run over 500,000 milestones of which 5,000 are due soon or overdue, the way
   Odoo's scheduler runs it (chunks, called again until done); a second run gives nothing.
2. Registering one payment on a contract's invoice: queries with 1 and with 20 contracts'
   invoices open (constant), through Odoo's payment wizard.
3. A bank statement of 1,000 lines reconciled with 1,000 contracts' invoices: seconds and
   queries per payment.
4. The receivables pivot (planned vs received by month) and the ageing over the 500,000
   milestones, against Odoo's own Sales Analysis pivot over the same contracts.
"""

import argparse
import importlib.util
import json
import os
import sys
from datetime import date

from bench_core import connect, measure, prepare_order_bulk_load

from odoo import SUPERUSER_ID, Command, api, fields


def build_contracts(env, orders, due):
    """``orders`` confirmed contracts of 4 milestones each, by SQL: ``due`` milestones due in
    the coming days or overdue, the others paid or due in a year."""
    cr = env.cr
    company = env.company
    users = env["res.users"].create(
        [
            {
                "name": f"Bench contract sales {i}",
                "login": f"bench_contract_sales_{i}",
                "groups_id": [Command.link(env.ref("sales_team.group_sale_salesman").id)],
            }
            for i in range(20)
        ]
    )
    cr.execute(
        """
        INSERT INTO res_partner (name, complete_name, is_company, active, type, autopost_bills,
                                 create_date, write_date, lang)
        SELECT 'Bench contract customer ' || g, 'Bench contract customer ' || g, true, true,
               'contact', 'ask', now(), now(), 'en_US'
          FROM generate_series(1, %s) g
        RETURNING id
        """,
        (max(orders // 5, 1),),
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id = ANY(%s)", [partner_ids]
    )
    prepare_order_bulk_load(cr)
    today = date.today()
    cr.execute(
        """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                company_id, currency_id, currency_rate, date_order, state,
                                amount_untaxed, amount_tax, amount_total, user_id, is_contract,
                                contract_number, contract_sign_date, contract_status,
                                contract_acceptance_state, contract_approval_state,
                                create_date, write_date)
        SELECT 'BENCHCT' || g, p, p, p, %(company)s, %(currency)s, 1,
               %(today)s - (g %% 700), 'sale', 1000 + g %% 9000, 0, 1000 + g %% 9000,
               (%(users)s::int[])[1 + g %% 20], true, 'HTB-' || g, %(today)s - (g %% 700),
               'collecting', 'accepted', 'none', now(), now()
          FROM generate_series(1, %(orders)s) g,
               LATERAL (SELECT (%(partners)s::int[])[1 + g %% %(npartners)s] AS p) x
        """,
        {
            "company": company.id,
            "currency": company.currency_id.id,
            "today": today,
            "users": users.ids,
            "orders": orders,
            "partners": partner_ids,
            "npartners": len(partner_ids),
        },
    )
    product = env["product.product"].create({"name": "Bench contract product", "type": "service"})
    cr.execute(
        """
        INSERT INTO sale_order_line (order_id, name, product_id, product_uom, product_uom_qty,
                                     price_unit, price_subtotal, price_total, price_tax,
                                     company_id, currency_id, customer_lead, sequence,
                                     create_date, write_date)
        SELECT o.id, 'Bench line', %s, %s, 1, o.amount_total, o.amount_total, o.amount_total,
               0, o.company_id, o.currency_id, 0, 10, now(), now()
          FROM sale_order o WHERE o.name LIKE 'BENCHCT%%'
        """,
        (product.id, env.ref("uom.product_uom_unit").id),
    )
    # milestones: 30/30/30/10 %; the first ``due`` of them due soon (half) or overdue (half)
    cr.execute(
        """
        WITH o AS (
            SELECT id, company_id, currency_id, partner_id, user_id, amount_total,
                   row_number() OVER (ORDER BY id) AS rn
              FROM sale_order WHERE name LIKE 'BENCHCT%%'
        )
        INSERT INTO crm_contract_milestone (order_id, sequence, name, company_id, currency_id,
                    partner_id, user_id, amount_type, percentage, amount, trigger,
                    trigger_days, date_planned, date_due, amount_invoiced, amount_received,
                    amount_outstanding, state, create_date, write_date)
        SELECT o.id, s, 'Milestone ' || s, o.company_id, o.currency_id, o.partner_id,
               o.user_id, 'percent', y.pct, o.amount_total * y.pct / 100, 'date', 0, z.due,
               z.due,
               CASE WHEN y.k < %(due)s THEN o.amount_total * y.pct / 100 ELSE z.paid END,
               z.paid, o.amount_total * y.pct / 100 - z.paid,
               CASE WHEN y.k < %(due)s / 2 THEN 'invoiced'
                    WHEN y.k < %(due)s THEN 'overdue'
                    WHEN z.paid > 0 THEN 'paid' ELSE 'planned' END,
               now(), now()
          FROM o
         CROSS JOIN generate_series(1, 4) s
         CROSS JOIN LATERAL (
            SELECT (o.rn - 1) * 4 + s - 1 AS k, CASE WHEN s = 4 THEN 10 ELSE 30 END AS pct
         ) y
         CROSS JOIN LATERAL (
            SELECT CASE WHEN y.k < %(due)s / 2 THEN %(today)s + 3
                        WHEN y.k < %(due)s THEN %(today)s - (y.k %% 120)::int - 1
                        WHEN s <= 2 THEN %(today)s - (o.id %% 600) - 10
                        ELSE %(today)s + 365 END AS due,
                   CASE WHEN y.k >= %(due)s AND s <= 2 THEN o.amount_total * y.pct / 100
                        ELSE 0 END AS paid
         ) z
        """,
        {"due": due, "today": today},
    )
    cr.execute("ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE crm_contract_milestone")
    env.invalidate_all()
    return users


def scheduler_helper():
    """The suite's scheduler helper, loaded from its file: importing the addon's tests package
    would import Odoo's test framework outside a test run."""
    path = os.path.join(
        os.path.dirname(__file__),
        "..",
        "..",
        "addons",
        "crm_customer_core",
        "tests",
        "scheduler.py",
    )
    spec = importlib.util.spec_from_file_location("crm_suite_scheduler", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.run_like_the_scheduler


def bench_reminders(env):
    run_like_the_scheduler = scheduler_helper()

    cron = env.ref("crm_contract.ir_cron_contract_reminders")
    Milestone = env["crm.contract.milestone"]

    def remind(cron_env):
        cron_env["crm.contract.milestone"]._cron_contract_reminders()

    activities = env["mail.activity"].search_count([])
    _r, seconds, queries = measure(lambda: run_like_the_scheduler(cron, remind, max_calls=1000))
    given = env["mail.activity"].search_count([]) - activities
    _r, second_seconds, _q = measure(lambda: run_like_the_scheduler(cron, remind, max_calls=1000))
    return {
        "milestones": Milestone.search_count([]),
        "reminders": given,
        "seconds": round(seconds, 2),
        "queries": queries,
        "queries_per_reminder": round(queries / max(given, 1), 2),
        "second_run_reminders": env["mail.activity"].search_count([]) - activities - given,
        "second_run_seconds": round(second_seconds, 2),
    }


def orm_contracts(env, count, user):
    customer = env["res.partner"].create({"name": "Bench paying customer", "is_company": True})
    product = env["product.product"].create(
        {"name": "Bench contract service", "type": "service", "taxes_id": False}
    )
    orders = (
        env["sale.order"]
        .with_context(default_is_contract=True)
        .create(
            [
                {
                    "partner_id": customer.id,
                    "user_id": user.id,
                    "order_line": [Command.create({"product_id": product.id, "price_unit": 1000})],
                }
                for _i in range(count)
            ]
        )
    )
    orders.action_confirm()
    invoices = env["account.move"]
    for order in orders:
        order.contract_milestone_ids.action_create_invoice()
        invoices |= order.contract_milestone_ids.invoice_ids
    invoices.action_post()
    return orders, invoices


def bench_payment(env, user):
    figures = {}
    for count in (1, 1, 20):  # the first one warms the caches up
        _orders, invoices = orm_contracts(env, count, user)
        env.flush_all()
        env.invalidate_all()
        wizard = (
            env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices[:1].ids)
            .create({})
        )
        _r, seconds, queries = measure(lambda w=wizard: (w._create_payments(), env.flush_all()))
        figures[f"with_{count}_open"] = {"seconds": round(seconds, 3), "queries": queries}
    return figures


def bench_statement(env, user, count):
    orders, invoices = orm_contracts(env, count, user)
    journal = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1
    )
    lines = env["account.bank.statement.line"].create(
        [
            {
                "journal_id": journal.id,
                "date": fields.Date.today(),
                "payment_ref": invoice.name,
                "partner_id": invoice.partner_id.id,
                "amount": invoice.amount_total,
            }
            for invoice in invoices
        ]
    )
    env.flush_all()
    env.invalidate_all()

    def reconcile():
        receivables = invoices.line_ids.filtered(lambda ln: ln.display_type == "payment_term")
        suspense = lines.move_id.line_ids.filtered(
            lambda ln: ln.account_id == journal.suspense_account_id
        )
        suspense.write({"account_id": receivables[0].account_id.id})
        line_of = {line.statement_line_id.id: line for line in suspense}
        # one reconciliation plan for the whole statement, as Odoo's own batch reconciliation
        plan = [
            line_of[statement_line.id]
            | invoice.line_ids.filtered(lambda ln: ln.display_type == "payment_term")
            for invoice, statement_line in zip(invoices, lines, strict=True)
        ]
        env["account.move.line"]._reconcile_plan(plan)
        env.flush_all()

    _r, seconds, queries = measure(reconcile)
    paid = orders.contract_milestone_ids.filtered(lambda m: m.state == "paid")
    return {
        "payments": count,
        "seconds": round(seconds, 2),
        "queries": queries,
        "queries_per_payment": round(queries / count, 1),
        "milestones_paid": len(paid),
    }


def open_pivot(model, groupbys, measures, domain=()):
    def run():
        env = model.env
        env.invalidate_all()
        for groupby in groupbys:
            model.read_group(list(domain), measures, groupby, lazy=False)

    _r, seconds, queries = measure(run)
    return round(seconds, 3), queries


def bench_analysis(env):
    Report = env["crm.contract.receivable.report"]
    months = (["date_due:month"], [])
    ours, ours_q = open_pivot(
        Report, months, ["amount_planned:sum", "amount_received:sum", "amount_outstanding:sum"]
    )
    # as the menu opens it: what is overdue, customers by bucket
    ageing, ageing_q = open_pivot(
        Report,
        (["partner_id", "ageing"], ["ageing"], []),
        ["amount_overdue:sum"],
        [("state", "=", "overdue")],
    )
    sales = env["sale.report"]
    floor, floor_q = open_pivot(
        sales, (["date:month"], []), ["price_total:sum", "untaxed_amount_invoiced:sum"]
    )
    return {
        "receivables_pivot_seconds": ours,
        "receivables_pivot_queries": ours_q,
        "ageing_seconds": ageing,
        "ageing_queries": ageing_q,
        "odoo_sales_analysis_seconds": floor,
        "ratio_to_odoo_sales_analysis": round(ours / floor, 2) if floor else None,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    scale = 10 if args.small else 1
    sizes = {
        "contracts": 125_000 // scale,
        "milestones": 500_000 // scale,
        "due": 5_000 // scale,
        "statement_payments": 1_000 // scale,
    }
    registry = connect()
    figures = {"sizes": sizes}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        users, seconds, _q = measure(lambda: build_contracts(env, sizes["contracts"], sizes["due"]))
        figures["build_seconds"] = round(seconds, 1)
        cr.commit()
        figures["reminders"] = bench_reminders(env)
        figures["analysis"] = bench_analysis(env)
        figures["payment"] = bench_payment(env, users[0])
        figures["statement"] = bench_statement(env, users[0], sizes["statement_payments"])
        cr.rollback()

    r, a, p, s = (figures[k] for k in ("reminders", "analysis", "payment", "statement"))
    goals = {
        f"reminder run over {r['milestones']} milestones <= 10 s": r["seconds"] <= 10,
        f"{sizes['due']} due milestones reminded": r["reminders"] >= sizes["due"],
        "second reminder run reminds nobody": r["second_run_reminders"] == 0,
        # Odoo's payment numbering reads back the previous payments (one query more once
        # there are some): the milestones and contracts are one UPDATE each either way
        "one payment: queries independent of open contracts": (
            abs(p["with_1_open"]["queries"] - p["with_20_open"]["queries"]) <= 1
        ),
        "statement: every milestone paid": s["milestones_paid"] == sizes["statement_payments"],
        "receivables pivot <= 1 s": a["receivables_pivot_seconds"] <= 1,
        "ageing <= 1 s": a["ageing_seconds"] <= 1,
        "receivables pivot within 1.5x of Odoo's sales analysis": (
            a["ratio_to_odoo_sales_analysis"] is not None
            and a["ratio_to_odoo_sales_analysis"] <= 1.5
        ),
    }
    figures["goals"] = goals
    print(json.dumps(figures, indent=2, default=str))
    print()
    print(f"{'measure':60} {'value':>12}")
    for label, value in [
        (f"reminder run, {r['reminders']} reminders over {r['milestones']} milestones (s)",
         r["seconds"]),
        ("  queries per reminder", r["queries_per_reminder"]),
        ("  second run: reminders", r["second_run_reminders"]),
        ("one payment, 1 contract open: queries", p["with_1_open"]["queries"]),
        ("one payment, 20 contracts open: queries", p["with_20_open"]["queries"]),
        (f"bank statement of {s['payments']} payments reconciled (s)", s["seconds"]),
        ("  queries per payment", s["queries_per_payment"]),
        ("receivables pivot (planned vs received by month) (s)", a["receivables_pivot_seconds"]),
        ("ageing pivot (customer x bucket) (s)", a["ageing_seconds"]),
        ("Odoo's sales analysis pivot, same contracts (s)", a["odoo_sales_analysis_seconds"]),
        ("  ratio to Odoo's sales analysis", a["ratio_to_odoo_sales_analysis"]),
    ]:  # fmt: skip
        print(f"{label:60} {value!s:>12}")
    for goal, ok in goals.items():
        print(f"{'met ' if ok else 'MISSED'} {goal}")
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
