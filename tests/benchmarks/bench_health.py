"""Scale benchmark of the customer health score, run by ``python3 tools/suite.py bench``
after ``bench_core.py`` (its 100,000 customers and 500,000 orders are kept).

Adds 200,000 open tickets (a fifth past their SLA) and satisfaction figures for 200,000
responses' worth of customers by SQL, then measures:

1. Scoring every customer (all installed signals): the first time (every customer written)
   and again as the nightly run does (the changed ones written): seconds, queries per batch
   of 5,000.
2. The *Customer Health* list as its menu opens it (first page, counts by level) and Odoo's
   own contact list over the same customers, in the same run.
"""

import json
import sys
from datetime import timedelta

from bench_core import connect, measure

from odoo import SUPERUSER_ID, api, fields

TICKETS = 200_000
RESPONSES = 200_000


def build_signals(env, scale):
    cr = env.cr
    cr.execute("SELECT id FROM res_partner WHERE name LIKE 'Bench customer %%' ORDER BY id")
    partner_ids = [row[0] for row in cr.fetchall()]
    now = fields.Datetime.now()
    if "crm.feedback.ticket" in env:
        stage = env["crm.feedback.stage"].search([("stage_type", "=", "progress")], limit=1)
        cr.execute(
            """
            INSERT INTO crm_feedback_ticket (number, name, active, partner_id,
                   commercial_partner_id, channel, priority, stage_id, stage_type, is_closed,
                   company_id, date_received, sla_deadline, reopen_count, create_date,
                   write_date)
            SELECT 'BH' || g, 'Bench health ticket', true, p, p, 'phone', '1', %(stage)s,
                   'progress', false, %(company)s, %(now)s,
                   CASE WHEN g %% 5 = 0 THEN %(late)s ELSE %(later)s END, 0, %(now)s, %(now)s
              FROM generate_series(1, %(count)s) g,
                   LATERAL (SELECT (%(partners)s::int[])[1 + (g * 7) %% %(n)s] AS p) x
            """,
            {
                "stage": stage.id,
                "company": env.company.id,
                "now": now,
                "late": now - timedelta(hours=4),
                "later": now + timedelta(days=2),
                "count": TICKETS // scale,
                "partners": partner_ids,
                "n": len(partner_ids),
            },
        )
    if "satisfaction_last_score" in env["res.partner"]._fields:
        # what 200,000 responses leave on their customers (one customer in two surveyed)
        cr.execute(
            """
            UPDATE res_partner SET satisfaction_response_count = 4,
                   satisfaction_last_score = 40 + id %% 60,
                   satisfaction_trend = CASE WHEN id %% 10 = 0 THEN -25 ELSE 2 END,
                   satisfaction_at_risk = id %% 10 = 0
             WHERE id = ANY(%s) AND id %% 2 = 0
            """,
            [partner_ids],
        )
    cr.execute("ANALYZE res_partner")
    if "crm.feedback.ticket" in env:
        cr.execute("ANALYZE crm_feedback_ticket")
    env.invalidate_all()
    return partner_ids


def open_list(model, action_xmlid, fields_list):
    """First page and the counts by group, as the list opens."""
    env = model.env
    action = env.ref(action_xmlid)

    def run():
        env.invalidate_all()
        domain = list(eval(action.domain or "[]"))  # noqa: S307 - our own action's domain
        model.web_search_read(domain, {name: {} for name in fields_list}, limit=80)
        model.search_count(domain)

    _r, seconds, queries = measure(run)
    return round(seconds, 3), queries


def main():
    scale = 10 if "--small" in sys.argv else 1
    registry = connect()
    figures = {"sizes": {"tickets": TICKETS // scale, "responses": RESPONSES // scale}}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        partner_ids = build_signals(env, scale)
        cr.commit()
        Partner = env["res.partner"]
        signals = env["crm.customer.health.signal"].search([]).mapped("code")
        # the first scoring writes every customer; the nightly run rewrites the changed ones
        _scored, first_seconds, _q = measure(Partner._customer_health_rescore)
        cr.commit()
        scored, seconds, queries = measure(Partner._customer_health_rescore)
        batches = -(-scored // 5000)
        levels = dict(
            Partner._read_group(
                [("customer_health_level", "!=", False)], ["customer_health_level"], ["__count"]
            )
        )
        figures["health"] = {
            "customers": scored,
            "signals": signals,
            "first_seconds": round(first_seconds, 2),
            "seconds": round(seconds, 2),
            "queries": queries,
            "queries_per_batch": round(queries / max(batches, 1), 1),
            "levels": levels,
        }
        ours, ours_q = open_list(
            Partner.with_context(crm_customer_file=True),
            "crm_customer_core.res_partner_action_customer_health",
            ["complete_name", "customer_health_score", "customer_health_level",
             "customer_health_reasons", "customer_value_tier", "customer_lifecycle", "user_id"],
        )  # fmt: skip
        floor, floor_q = open_list(
            Partner,
            "crm_customer_core.res_partner_action_customer_health",
            ["complete_name", "email", "phone", "user_id", "city", "country_id"],
        )
        figures["health_list"] = {
            "seconds": ours,
            "queries": ours_q,
            "odoo_contacts_seconds": floor,
            "odoo_contacts_queries": floor_q,
            "ratio_to_odoo_contacts": round(ours / floor, 2) if floor else None,
            "customers": len(partner_ids),
        }
        cr.rollback()

    h, lst = figures["health"], figures["health_list"]
    goals = {
        f"health of {h['customers']} customers <= 10 s": h["seconds"] <= 10,
        "health list opens in <= 1 s": lst["seconds"] <= 1,
    }
    figures["goals"] = goals
    print(json.dumps(figures, indent=2, default=str))
    print()
    print(f"{'measure':55} {'value':>12}")
    for label, value in [
        (f"health, {h['customers']} customers, {len(h['signals'])} signals (s)", h["seconds"]),
        ("  first scoring, every customer written (s)", h["first_seconds"]),
        ("  queries per batch of 5,000", h["queries_per_batch"]),
        ("health list as its menu opens it (s)", lst["seconds"]),
        ("  queries", lst["queries"]),
        ("Odoo's contact list, same customers (s)", lst["odoo_contacts_seconds"]),
        ("  ratio to Odoo's contact list", lst["ratio_to_odoo_contacts"]),
    ]:
        print(f"{label:55} {value!s:>12}")
    for goal, ok in goals.items():
        print(f"{'met ' if ok else 'MISSED'} {goal}")
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
