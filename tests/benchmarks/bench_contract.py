"""Scale benchmark of crm_contract, run by ``python3 tools/suite.py bench``.

1. The reminder run over 500,000 milestones of which 5,000 are due soon or overdue, the way
   Odoo's scheduler runs it (chunks, called again until done); a second run gives nothing.
   Against Odoo's floor: as many activities created in one batch.
2. Registering one payment on a contract's invoice: queries with 1 and with 20 contracts'
   invoices open (constant), through Odoo's payment wizard.
3. A bank statement of 1,000 lines reconciled with 1,000 contracts' invoices: seconds and
   queries per payment.
   Against Odoo's floor: the same statement over as many plain sale orders' invoices.
4. The receivables pivot (planned vs received by month) and the ageing over the 500,000
   milestones, against Odoo's own Invoice Analysis pivot over as many invoices (one per
   milestone, the plans invoiced in full).
"""

import argparse
import importlib.util
import json
import logging
import os
import sys
from contextlib import contextmanager
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
            SELECT id, company_id, currency_id, currency_rate, partner_id, user_id, amount_total,
                   row_number() OVER (ORDER BY id) AS rn
              FROM sale_order WHERE name LIKE 'BENCHCT%%'
        )
        INSERT INTO crm_contract_milestone (order_id, sequence, name, company_id, currency_id,
                    currency_rate, partner_id, user_id, amount_type, percentage, amount, trigger,
                    trigger_days, date_planned, date_due, amount_invoiced, amount_received,
                    amount_outstanding, state, create_date, write_date)
        SELECT o.id, s, 'Milestone ' || s, o.company_id, o.currency_id, o.currency_rate,
               o.partner_id,
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
    build_invoices(env, product)
    cr.execute(
        "ANALYZE sale_order; ANALYZE sale_order_line; ANALYZE crm_contract_milestone;"
        " ANALYZE account_move; ANALYZE account_move_line"
    )
    env.invalidate_all()
    return users


def build_invoices(env, product):
    """One posted customer invoice per milestone (a plan invoiced in full), by SQL, with its
    product line: as many rows for Odoo's own *Invoice Analysis* as our report reads."""
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    income = product.product_tmpl_id._get_product_accounts()["income"]
    cr = env.cr
    cr.execute(
        """
        INSERT INTO account_move (name, ref, journal_id, company_id, currency_id, state,
                                  move_type, auto_post, date, invoice_date, partner_id,
                                  commercial_partner_id, invoice_user_id, amount_untaxed,
                                  amount_total, amount_untaxed_signed, amount_total_signed,
                                  amount_residual, amount_residual_signed, payment_state,
                                  create_date, write_date)
        SELECT 'BENCHINV/' || m.id, 'BENCHMS' || m.id, %(journal)s, m.company_id,
               m.currency_id, 'posted', 'out_invoice', 'no', m.date_due, m.date_due,
               m.partner_id, m.partner_id, m.user_id, m.amount, m.amount, m.amount, m.amount,
               m.amount - m.amount_received, m.amount - m.amount_received,
               CASE WHEN m.amount_received > 0 THEN 'paid' ELSE 'not_paid' END, now(), now()
          FROM crm_contract_milestone m
          JOIN sale_order o ON o.id = m.order_id
         WHERE o.name LIKE 'BENCHCT%%'
        """,
        {"journal": journal.id},
    )
    cr.execute(
        """
        INSERT INTO account_move_line (move_id, name, display_type, journal_id, company_id,
                                       currency_id, company_currency_id, account_id,
                                       partner_id, product_id, product_uom_id, quantity,
                                       price_unit, price_subtotal, price_total, balance,
                                       amount_currency, debit, credit, date, parent_state,
                                       create_date, write_date)
        SELECT a.id, 'Bench line', 'product', a.journal_id, a.company_id, a.currency_id,
               a.currency_id, %(income)s, a.partner_id, %(product)s, %(uom)s, 1,
               a.amount_total, a.amount_total, a.amount_total, -a.amount_total,
               -a.amount_total, 0, a.amount_total, a.date, 'posted', now(), now()
          FROM account_move a
         WHERE a.name LIKE 'BENCHINV/%%'
        """,
        {"income": income.id, "product": product.id, "uom": product.uom_id.id},
    )


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
    second_run = env["mail.activity"].search_count([]) - activities - given
    # Odoo's floor: as many activities on contracts of the same salespeople, one per
    # contract, created in one batch the way our reminders create theirs
    todo = env.ref("mail.mail_activity_data_todo")
    model_id = env["ir.model"]._get_id("sale.order")
    orders = env["sale.order"].search([("is_contract", "=", True)], limit=given)
    floor_vals = [
        {
            "activity_type_id": todo.id,
            "res_model_id": model_id,
            "res_id": order.id,
            "user_id": order.user_id.id,
            "summary": "Bench floor",
        }
        for order in orders
    ]
    env.invalidate_all()
    _r, floor_seconds, _q = measure(
        lambda: (
            env["mail.activity"].with_context(mail_activity_quick_update=True).create(floor_vals),
            env.flush_all(),
        )
    )
    return {
        "milestones": Milestone.search_count([]),
        "reminders": given,
        "seconds": round(seconds, 2),
        "queries": queries,
        "queries_per_reminder": round(queries / max(given, 1), 2),
        "second_run_reminders": second_run,
        "second_run_seconds": round(second_seconds, 2),
        "odoo_activities_seconds": round(floor_seconds, 2),
        "ratio_to_odoo_activities": round(seconds / floor_seconds, 2) if floor_seconds else None,
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


def plain_invoices(env, count, user):
    """Odoo's floor: as many posted invoices of plain sale orders (no contract)."""
    customer = env["res.partner"].create({"name": "Bench plain customer", "is_company": True})
    product = env["product.product"].create(
        {"name": "Bench plain service", "type": "service", "taxes_id": False}
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": customer.id,
                "user_id": user.id,
                "order_line": [Command.create({"product_id": product.id, "price_unit": 300})],
            }
            for _i in range(count)
        ]
    )
    orders.action_confirm()
    invoices = orders._create_invoices(grouped=True)
    invoices.action_post()
    return invoices


@contextmanager
def queries_naming(*tables):
    """Count the queries that name one of ``tables``, from Odoo's own SQL log."""
    found = []

    class Collect(logging.Handler):
        def emit(self, record):
            if any(table in record.getMessage() for table in tables):
                found.append(record)

    logger = logging.getLogger("odoo.sql_db")
    handler, level, propagate = Collect(), logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield found
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def reconcile_statement(env, invoices):
    """A bank statement line per invoice, reconciled with them in one reconciliation plan, as
    Odoo's own batch reconciliation does: (seconds, queries, queries naming milestones)."""
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
        plan = [
            line_of[statement_line.id]
            | invoice.line_ids.filtered(lambda ln: ln.display_type == "payment_term")
            for invoice, statement_line in zip(invoices, lines, strict=True)
        ]
        env["account.move.line"]._reconcile_plan(plan)
        env.flush_all()

    with queries_naming("crm_contract_milestone") as ours:
        _r, seconds, queries = measure(reconcile)
    return seconds, queries, len(ours)


def bench_statement(env, user, count):
    orders, invoices = orm_contracts(env, count, user)
    seconds, queries, milestone_queries = reconcile_statement(env, invoices)
    paid = orders.contract_milestone_ids.filtered(lambda m: m.state == "paid")
    floor, floor_queries, _none = reconcile_statement(env, plain_invoices(env, count, user))
    return {
        "payments": count,
        "seconds": round(seconds, 2),
        "queries": queries,
        "queries_per_payment": round(queries / count, 1),
        "queries_naming_milestones": milestone_queries,
        "milestones_paid": len(paid),
        "odoo_plain_invoices_seconds": round(floor, 2),
        "odoo_plain_invoices_queries": floor_queries,
        "ratio_to_odoo_plain_invoices": round(seconds / floor, 2) if floor else None,
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
    # Odoo's *Invoice Analysis* on the same invoices, as its menu filters it (invoiced,
    # customers), rows by month as ours
    floor, floor_q = open_pivot(
        env["account.invoice.report"],
        (["invoice_date:month"], []),
        ["price_subtotal:sum"],
        [
            ("state", "not in", ("draft", "cancel")),
            ("move_type", "in", ("out_invoice", "out_refund")),
        ],
    )
    invoice_rows = env["account.invoice.report"].search_count([])
    sales, _sales_q = open_pivot(
        env["sale.report"], (["date:month"], []), ["price_total:sum", "untaxed_amount_invoiced:sum"]
    )
    return {
        "receivables_pivot_seconds": ours,
        "receivables_pivot_queries": ours_q,
        "ageing_seconds": ageing,
        "ageing_queries": ageing_q,
        "odoo_invoice_analysis_seconds": floor,
        "odoo_invoice_analysis_rows": invoice_rows,
        "ratio_to_odoo_invoice_analysis": round(ours / floor, 2) if floor else None,
        "odoo_sales_analysis_seconds": sales,
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
        # set-based: the milestones are read and written a fixed number of times
        # the ORM reads and writes the milestones by chunks of ids, not per payment
        "statement: milestone queries by chunk, not per payment": (
            s["queries_naming_milestones"] <= 10 + s["payments"] // 100
        ),
        "receivables pivot <= 1 s": a["receivables_pivot_seconds"] <= 1,
        "ageing <= 1 s": a["ageing_seconds"] <= 1,
        "receivables pivot within 1.5x of Odoo's invoice analysis": (
            a["ratio_to_odoo_invoice_analysis"] is not None
            and a["ratio_to_odoo_invoice_analysis"] <= 1.5
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
        ("Odoo: as many activities created in one batch (s)", r["odoo_activities_seconds"]),
        ("  ratio to Odoo's activities", r["ratio_to_odoo_activities"]),
        ("one payment, 1 contract open: queries", p["with_1_open"]["queries"]),
        ("one payment, 20 contracts open: queries", p["with_20_open"]["queries"]),
        (f"bank statement of {s['payments']} payments reconciled (s)", s["seconds"]),
        ("  queries per payment", s["queries_per_payment"]),
        ("  queries naming the milestones", s["queries_naming_milestones"]),
        ("Odoo: same statement over plain orders' invoices (s)", s["odoo_plain_invoices_seconds"]),
        ("  ratio to Odoo's plain invoices", s["ratio_to_odoo_plain_invoices"]),
        ("receivables pivot (planned vs received by month) (s)", a["receivables_pivot_seconds"]),
        ("ageing pivot (customer x bucket) (s)", a["ageing_seconds"]),
        ("Odoo's invoice analysis pivot, an invoice per milestone (s)",
         a["odoo_invoice_analysis_seconds"]),
        ("  ratio to Odoo's invoice analysis", a["ratio_to_odoo_invoice_analysis"]),
        ("Odoo's sales analysis pivot, same contracts (s)", a["odoo_sales_analysis_seconds"]),
    ]:  # fmt: skip
        print(f"{label:60} {value!s:>12}")
    for goal, ok in goals.items():
        print(f"{'met ' if ok else 'MISSED'} {goal}")
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
