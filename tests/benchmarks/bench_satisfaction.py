"""Scale benchmark of crm_satisfaction, run by ``python3 tools/suite.py bench``.

- the sending run over 50,000 confirmed orders of which 2,000 are due, against Odoo's own
  survey invitation wizard sending the same survey to customers, per invitation;
- the salesperson vs team vs company comparison over 200,000 responses of 50 salespeople,
  against one grouped read of the same responses through the ORM;
- the queries to score one answer of 5 items and of 25.
"""

import argparse
import json
import random
import sys
from datetime import date, datetime, timedelta

from bench_core import connect, measure, prepare_order_bulk_load

from odoo import SUPERUSER_ID, api


def build_people(env, salespeople, teams):
    group = env.ref("sales_team.group_sale_salesman")
    users = env["res.users"].create(
        [
            {"name": f"Sat sales {i}", "login": f"sat_sales_{i}", "groups_id": [(4, group.id)]}
            for i in range(salespeople)
        ]
    )
    sales_teams = env["crm.team"].create([{"name": f"Sat team {i}"} for i in range(teams)])
    env["crm.team.member"].create(
        [
            {"crm_team_id": sales_teams[i % teams].id, "user_id": user.id}
            for i, user in enumerate(users)
        ]
    )
    return users, sales_teams


def build_orders(env, customers, orders, due, users, company):
    """Customers with an e-mail, and confirmed orders of ``company``: ``due`` of them confirmed
    8 to 30 days ago (the survey is due), the others too recent or too old."""
    cr = env.cr
    rng = random.Random(7)
    cr.execute(
        """
        INSERT INTO res_partner (id, commercial_partner_id, name, complete_name, email,
                                 is_company, active, type, autopost_bills, user_id,
                                 create_date, write_date, lang)
        SELECT n, n, 'Sat customer ' || g, 'Sat customer ' || g,
               'sat' || g || '@example.com', true, true, 'contact', 'ask',
               (%s::int[])[1 + g %% %s], now(), now(), 'en_US'
          FROM (SELECT nextval('res_partner_id_seq') AS n, g FROM generate_series(1, %s) g) s
        RETURNING id
        """,
        (users.ids, len(users), customers),
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    now = datetime.now()
    ages = [rng.uniform(8.5, 29) for _ in range(due)]
    ages += [rng.choice([rng.uniform(0, 6), rng.uniform(40, 400)]) for _ in range(orders - due)]
    prepare_order_bulk_load(cr)
    cr.execute(
        """
        INSERT INTO sale_order (name, partner_id, partner_invoice_id, partner_shipping_id,
                                company_id, currency_id, currency_rate, date_order, state,
                                amount_untaxed, amount_tax, amount_total, user_id,
                                create_date, write_date)
        SELECT 'SATB' || g, p, p, p, %s, %s, 1, %s::timestamp - make_interval(secs => age),
               'sale', 100, 0, 100, (%s::int[])[1 + g %% %s], now(), now()
          FROM unnest(%s::int[], %s::float[]) WITH ORDINALITY AS t(p, age, g)
        """,
        (
            company.id,
            company.currency_id.id,
            now,
            users.ids,
            len(users),
            [partner_ids[i % len(partner_ids)] for i in range(orders)],
            [age * 86400 for age in ages],
        ),
    )
    cr.execute("ANALYZE res_partner; ANALYZE sale_order")
    return partner_ids


def build_responses(env, survey, count, users, teams, partner_ids):
    """``count`` scored responses over two years, with one line per scored item."""
    cr = env.cr
    cr.execute(
        """
        INSERT INTO survey_user_input (survey_id, partner_id, state, access_token, test_entry,
                                       create_date, write_date)
        SELECT %s, (%s::int[])[1 + g %% %s], 'done', md5(g::text || random()::text), false,
               now(), now()
          FROM generate_series(1, %s) g
        RETURNING id
        """,
        (survey.id, partner_ids, len(partner_ids), count),
    )
    input_ids = [row[0] for row in cr.fetchall()]
    team_of = {user.id: user.sale_team_id.id for user in users}
    user_ids = users.ids
    cr.execute(
        """
        INSERT INTO crm_satisfaction_response (partner_id, commercial_partner_id, user_id,
            team_id, company_id, survey_id, satisfaction_type, user_input_id, date, score,
            is_low, create_date, write_date)
        SELECT p, p, u, (%s::jsonb ->> u::text)::int, %s, %s, 'sales', i,
               now() - make_interval(days => (i %% 730)), 40 + (i * 7919 %% 61), false,
               now(), now()
          FROM unnest(%s::int[]) WITH ORDINALITY AS t(i, g),
               LATERAL (SELECT (%s::int[])[1 + g::int %% %s] AS p,
                               (%s::int[])[1 + g::int %% %s] AS u) x
        """,
        (
            json.dumps({str(k): v for k, v in team_of.items()}),
            env.company.id,
            survey.id,
            input_ids,
            partner_ids,
            len(partner_ids),
            user_ids,
            len(user_ids),
        ),
    )
    items = survey.question_ids.filtered(lambda q: q.satisfaction_category_id)
    cr.execute(
        """
        INSERT INTO crm_satisfaction_response_line (response_id, question_id, category_id,
            score, weight, user_id, team_id, company_id, commercial_partner_id, survey_id,
            satisfaction_type, date, answer_label, create_date, write_date)
        SELECT r.id, q.id, q.category, (r.score + q.n * 3) %% 101, q.weight, r.user_id,
               r.team_id, r.company_id, r.commercial_partner_id, r.survey_id, 'sales', r.date,
               '', now(), now()
          FROM crm_satisfaction_response r,
               unnest(%s::int[], %s::int[], %s::float[]) WITH ORDINALITY AS q(id, category,
                                                                             weight, n)
         WHERE r.survey_id = %s
        """,
        (
            items.ids,
            items.satisfaction_category_id.ids
            if len(items.satisfaction_category_id) == len(items)
            else [q.satisfaction_category_id.id for q in items],
            items.mapped("satisfaction_weight"),
            survey.id,
        ),
    )
    cr.execute("ANALYZE crm_satisfaction_response; ANALYZE crm_satisfaction_response_line")
    env.invalidate_all()


def bench_sending(env, survey, partner_ids, odoo_sample, company):
    Invitation = env["crm.satisfaction.invitation"]
    # only this company sends surveys: the other benchmarks' orders are not due
    company.write({"satisfaction_sales_survey_id": survey.id, "satisfaction_sales_delay": 7})
    env.cr.commit()
    _r, seconds, queries = measure(Invitation._cron_send_invitations)
    sent = Invitation.search_count([("state", "=", "sent")])
    env.cr.commit()
    _r, seconds_again, queries_again = measure(Invitation._cron_send_invitations)
    sent_again = Invitation.search_count([("state", "=", "sent")]) - sent
    env.cr.commit()
    # Odoo's own survey invitation wizard, the same survey to customers not yet invited
    partners = env["res.partner"].browse(partner_ids[-odoo_sample:])
    wizard = env["survey.invite"].create(
        {"survey_id": survey.id, "partner_ids": [(6, 0, partners.ids)], "send_email": True}
    )
    _r, odoo_seconds, odoo_queries = measure(wizard.action_invite)
    env.cr.rollback()
    ours = seconds / max(sent, 1)
    theirs = odoo_seconds / odoo_sample
    return {
        "sent": sent,
        "seconds": round(seconds, 2),
        "queries": queries,
        "queries_per_invitation": round(queries / max(sent, 1), 2),
        "second_run_sent": sent_again,
        "second_run_seconds": round(seconds_again, 2),
        "second_run_queries": queries_again,
        "odoo_survey_invite": {
            "invitations": odoo_sample,
            "seconds": round(odoo_seconds, 2),
            "queries": odoo_queries,
        },
        "ms_per_invitation": round(ours * 1000, 2),
        "odoo_ms_per_invitation": round(theirs * 1000, 2),
        "ratio_to_odoo": round(ours / theirs, 2),
    }


def bench_comparison(env):
    Comparison = env["crm.satisfaction.comparison"]
    start, end = date.today() - timedelta(days=730), date.today()
    Comparison._compare(start, end)  # warm the caches, as a second opening would be
    env.invalidate_all()
    data, seconds, queries = measure(lambda: Comparison._compare(start, end))
    people = sum(len(team["salespeople"]) for team in data["teams"])
    env.invalidate_all()
    quarter, q_seconds, q_queries = measure(
        lambda: Comparison._compare(end - timedelta(days=90), end)
    )
    env.invalidate_all()
    _r, orm_seconds, _q = measure(
        lambda: env["crm.satisfaction.response"]._read_group(
            [("date", ">=", start)], ["user_id"], ["score:avg"]
        )
    )
    return {
        "responses": data["company"]["count"],
        "salespeople": people,
        "seconds": round(seconds, 3),
        "queries": queries,
        "one_quarter": {
            "responses": quarter["company"]["count"],
            "seconds": round(q_seconds, 3),
            "queries": q_queries,
        },
        "orm_grouped_read_seconds": round(orm_seconds, 3),
        "ratio_to_orm_grouped_read": round(seconds / max(orm_seconds, 1e-6), 2),
    }


def bench_scoring(env, survey, partner_id):
    """Queries to score one answer with the template's items, and with 20 more."""
    results = {}
    for extra in (0, 0, 20):  # the first run warms the caches
        copy = survey.copy({"title": f"Bench scoring {extra}"})
        scale = copy.question_ids.filtered(
            lambda q: q.question_type == "scale" and not q.satisfaction_nps
        )[0]
        for i in range(extra):
            scale.copy({"survey_id": copy.id, "title": f"Extra {i}"})
        invitation = env["crm.satisfaction.invitation"]._invite(
            copy, [{"partner_id": partner_id, "source_ref": f"res.partner,{partner_id}"}]
        )
        answer = invitation.user_input_id
        for question in copy.question_ids:
            if question.question_type == "scale":
                answer._save_lines(question, "9")
            elif question.question_type == "simple_choice":
                best = question.suggested_answer_ids.sorted("answer_score")[-1]
                answer._save_lines(question, str(best.id))
        env.flush_all()
        env.invalidate_all()
        _r, seconds, queries = measure(
            lambda a=answer: (
                env["crm.satisfaction.response"]._create_from_user_inputs(a),
                env.flush_all(),
            )
        )
        results[f"items_{len(copy.question_ids.filtered('satisfaction_scored'))}"] = queries
    env.cr.rollback()
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    scale = 10 if args.small else 1
    sizes = {
        "orders": 50_000 // scale,
        "due": 2_000 // scale,
        "customers": 20_000 // scale,
        "responses": 200_000 // scale,
        "salespeople": 50,
        "odoo_invite_sample": 200 // scale,
    }
    registry = connect()
    figures = {"sizes": sizes}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        survey = env.ref("crm_satisfaction.survey_sales_satisfaction")
        users, teams = build_people(env, sizes["salespeople"], 5)
        company = env["res.company"].create(
            {"name": "Satisfaction benchmark", "currency_id": env.company.currency_id.id}
        )
        env.company.satisfaction_sales_survey_id = False
        partner_ids, seconds, _q = measure(
            lambda: build_orders(
                env, sizes["customers"], sizes["orders"], sizes["due"], users, company
            )
        )
        figures["build_orders_seconds"] = round(seconds, 1)
        cr.commit()
        figures["sending"] = bench_sending(
            env, survey, partner_ids, sizes["odoo_invite_sample"], company
        )
        figures["scoring_queries"] = bench_scoring(env, survey, partner_ids[0])
        _r, seconds, _q = measure(
            lambda: build_responses(env, survey, sizes["responses"], users, teams, partner_ids)
        )
        figures["build_responses_seconds"] = round(seconds, 1)
        cr.commit()
        figures["comparison"] = bench_comparison(env)

    s, c = figures["sending"], figures["comparison"]
    scoring = list(figures["scoring_queries"].values())
    goals = {
        "sending run <= 30 s": s["seconds"] <= 30,
        f"{sizes['due']} due orders sent": s["sent"] == sizes["due"],
        "second sending run sends nothing": s["second_run_sent"] == 0,
        "comparison <= 2 s": c["seconds"] <= 2,
        "comparison queries independent of size": c["queries"] == c["one_quarter"]["queries"],
        "scoring queries independent of items": len(set(scoring)) == 1,
    }
    figures["goals"] = goals
    print(json.dumps(figures, indent=2, default=str))
    print()
    print(f"{'measure':52} {'value':>12}")
    for label, value in [
        (f"sending run, {s['sent']} due of {sizes['orders']} orders (s)", s["seconds"]),
        ("  queries (total)", s["queries"]),
        ("  queries per invitation", s["queries_per_invitation"]),
        ("  ms per invitation", s["ms_per_invitation"]),
        ("  Odoo's survey invite wizard, ms per invitation", s["odoo_ms_per_invitation"]),
        ("  ratio to Odoo's survey invite", s["ratio_to_odoo"]),
        ("  second run: sent", s["second_run_sent"]),
        (
            f"comparison, {c['responses']} responses, {c['salespeople']} salespeople (s)",
            c["seconds"],
        ),
        ("  queries", c["queries"]),
        (f"  one quarter, {c['one_quarter']['responses']} responses: queries",
         c["one_quarter"]["queries"]),
        ("  ORM grouped read of the same responses (s)", c["orm_grouped_read_seconds"]),
        ("  ratio to the ORM grouped read", c["ratio_to_orm_grouped_read"]),
        ("scoring one answer: queries by number of items", json.dumps(figures["scoring_queries"])),
    ]:  # fmt: skip
        print(f"{label:52} {value!s:>12}")
    for goal, ok in goals.items():
        print(f"{'met ' if ok else 'MISSED'} {goal}")
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
