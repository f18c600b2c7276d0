"""Scale benchmark of crm_feedback, run by ``python3 tools/suite.py bench``.

1. 1,000 e-mails through the mail gateway (``message_process``): half open records, half are
   replies to them, into Odoo's own CRM alias (``crm.lead``) and into a feedback team's alias
   in the same run; the ratio is the goal.
2. The SLA escalation run over 200,000 tickets of which 5,000 are at risk or breached.
3. The portal list "My Tickets" of a customer with 5,000 tickets: page 1 and page 50, queries
   and server time, through a real HTTP request.
"""

import argparse
import io
import json
import os
import re
import sys
import time
import urllib.parse
from datetime import datetime, timedelta
from http.cookiejar import CookieJar
from urllib.request import HTTPCookieProcessor, build_opener

from bench_core import connect, measure
from bench_license import start_server

from odoo import SUPERUSER_ID, api

EMAIL = """To: {to}
From: {sender}
Subject: {subject}
Message-ID: <{msg_id}@bench.example.com>
{extra}MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

The report export fails with an error since this morning.
"""


def process_emails(env, alias_email, count, tag, known_senders=False):
    """``count`` e-mails to ``alias_email`` through the gateway, then a reply to each:
    (seconds and queries per new e-mail, seconds and queries per reply, stray replies).
    With ``known_senders``, each sender is a contact already."""
    senders = [f"user{i}-{tag}@customer{i % 50}.example.com" for i in range(count)]
    if known_senders:
        env["res.partner"].create([{"name": sender, "email": sender} for sender in senders])
        env.cr.commit()
    Thread = env["mail.thread"]

    def emails(reply):
        return [
            EMAIL.format(
                to=alias_email,
                sender=sender,
                subject=("Re: " if reply else "") + f"Bench problem {tag} {i}",
                msg_id=f"{'reply' if reply else 'new'}-{tag}-{i}",
                extra=f"In-Reply-To: <new-{tag}-{i}@bench.example.com>\n" if reply else "",
            )
            for i, sender in enumerate(senders)
        ]

    def process(messages):
        for message in messages:
            Thread.message_process(None, message)

    new = emails(False)
    _r, new_seconds, new_queries = measure(lambda: process(new))
    env.cr.commit()
    # tickets: the acknowledgements go out with the follow-up job the gateway triggers
    _r, follow_up_seconds, _q = measure(env["crm.feedback.ticket"]._cron_send_acknowledgements)
    env.cr.commit()
    replies = emails(True)
    _r, reply_seconds, reply_queries = measure(lambda: process(replies))
    env.cr.commit()
    return {
        "follow_up_job_ms": round(follow_up_seconds / count * 1000, 1),
        "new_ms": round(new_seconds / count * 1000, 1),
        "new_queries": round(new_queries / count, 1),
        "reply_ms": round(reply_seconds / count * 1000, 1),
        "reply_queries": round(reply_queries / count, 1),
    }


def bench_gateway(env, team, lead_team, count, rounds=5):
    """The same e-mails into Odoo's own CRM alias (``crm.lead``, Odoo's floor for the mail
    gateway) and into the feedback team's alias, in one run: half open records, half reply
    to them. A warm-up first, so that neither pays the caches; then both in turns, so that
    neither meets a bigger database or a busier machine than the other."""
    process_emails(env, lead_team.alias_email, 20, "warm-lead")
    process_emails(env, team.alias_email, 20, "warm-ticket")
    per_round = count // 2 // rounds
    turns = {"lead": [], "ticket": [], "known_lead": []}
    for turn in range(rounds):
        turns["lead"].append(process_emails(env, lead_team.alias_email, per_round, f"lead{turn}"))
        turns["ticket"].append(process_emails(env, team.alias_email, per_round, f"ticket{turn}"))
        # a lead's sender is no contact; here each is one, as a ticket's is once it exists
        turns["known_lead"].append(
            process_emails(env, lead_team.alias_email, per_round, f"known{turn}", True)
        )
    lead, ticket, known_lead = (
        {key: round(sum(r[key] for r in results) / rounds, 1) for key in results[0]}
        for results in turns.values()
    )
    half = per_round * rounds
    Ticket = env["crm.feedback.ticket"]
    seconds = (ticket["new_ms"] + ticket["reply_ms"]) * half / 1000
    return {
        "emails": count,
        "lead": lead,
        "ticket": ticket,
        "new_ratio_to_lead": round(ticket["new_ms"] / lead["new_ms"], 2),
        "reply_ratio_to_lead": round(ticket["reply_ms"] / lead["reply_ms"], 2),
        "lead_from_known_contacts": known_lead,
        "reply_ratio_to_lead_from_known_contact": round(
            ticket["reply_ms"] / known_lead["reply_ms"], 2
        ),
        "tickets_created": Ticket.search_count([("name", "like", "Bench problem ticket")]),
        "stray_reply_tickets": Ticket.search_count([("name", "like", "Re: Bench problem")]),
        "emails_per_second": round(count / seconds, 1),
        "queries_per_email": round((ticket["new_queries"] + ticket["reply_queries"]) / 2, 1),
    }


def build_tickets(env, team, customer, other, total, due, portal_tickets):
    """``total`` tickets by SQL with SLA dates; ``due`` of them past their risk date;
    ``portal_tickets`` belong to ``customer``, the others to ``other``."""
    cr = env.cr
    now = datetime.utcnow()
    stage = env.ref("crm_feedback.stage_progress").id
    buffer = io.StringIO()
    for i in range(total):
        received = now - timedelta(hours=2 if i < due else 0, minutes=i % 60)
        risk = now - timedelta(minutes=5) if i < due else now + timedelta(days=2)
        deadline = now + timedelta(hours=1 if i % 2 else -1) if i < due else now + timedelta(days=3)
        owner = customer.id if due <= i < due + portal_tickets else other.id
        buffer.write(f"BENCH{i:07d}\tBench ticket {i}\t{received}\t{risk}\t{deadline}\t{owner}\n")
    buffer.seek(0)
    cr.execute(
        "CREATE TEMP TABLE bench_tickets (number varchar, name varchar, received timestamp, "
        "risk timestamp, deadline timestamp, partner_id int)"
    )
    with cr._cnx.cursor() as raw:
        raw.copy_from(buffer, "bench_tickets")
    cr.execute(
        """
        INSERT INTO crm_feedback_ticket (number, name, active, partner_id, commercial_partner_id,
               channel, priority, stage_id, stage_type, is_closed, team_id, company_id,
               date_received, sla_id, sla_deadline, sla_risk_date, sla_first_response_deadline,
               sla_first_response_risk, reopen_count, create_uid, write_uid, create_date,
               write_date)
        SELECT number, name, true, partner_id, partner_id, 'phone', '1', %(stage)s,
               'progress', false, %(team)s, %(company)s, received, %(sla)s, deadline, risk,
               deadline, risk, 0, 1, 1, received, received
          FROM bench_tickets
        """,
        {
            "stage": stage,
            "team": team.id,
            "company": env.company.id,
            "sla": team.sla_ids[:1].id,
        },
    )
    cr.execute("ANALYZE crm_feedback_ticket")
    env.invalidate_all()


def bench_portal(db, login):
    """Median time of 5 requests per page; query counts from the server's request log
    (Odoo logs ``query count, query time, other time`` after each request)."""
    port = 18960 + os.getpid() % 30
    logfile = os.path.join(os.environ["CRM_SUITE_DATA_DIR"], "bench-portal.log")
    proc = start_server(db, port, logfile=logfile)
    try:
        base = f"http://127.0.0.1:{port}"
        opener = build_opener(HTTPCookieProcessor(CookieJar()))
        page = opener.open(f"{base}/web/login?db={db}").read().decode()
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        opener.open(
            f"{base}/web/login",
            urllib.parse.urlencode(
                {"login": login, "password": login, "csrf_token": csrf, "db": db}
            ).encode(),
        ).read()
        figures = {}
        for page_number in (1, 50):
            url = f"{base}/my/tickets/page/{page_number}"
            opener.open(url).read()  # warm
            timings = []
            for _i in range(5):
                started = time.perf_counter()
                response = opener.open(url)
                response.read()
                timings.append(time.perf_counter() - started)
            figures[f"page_{page_number}"] = {"ms_median": round(sorted(timings)[2] * 1000, 1)}
    finally:
        proc.terminate()
        proc.wait(30)
    with open(logfile, encoding="utf-8") as handle:
        log = handle.read()
    for page_number in (1, 50):
        found = re.findall(
            rf'"GET /my/tickets/page/{page_number} HTTP/1.1" 200 - (\d+) ([\d.]+) ([\d.]+)', log
        )
        queries, query_s, other_s = found[-1]
        figures[f"page_{page_number}"].update(
            queries=int(queries),
            server_ms=round((float(query_s) + float(other_s)) * 1000, 1),
        )
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true")
    args = parser.parse_args()
    scale = 10 if args.small else 1
    sizes = {"emails": 1000 // scale, "tickets": 200_000 // scale, "due": 5_000 // scale}
    registry = connect()
    figures = {"sizes": sizes}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        domain = env["mail.alias.domain"].search([], limit=1) or env["mail.alias.domain"].create(
            {"name": "bench.example.com"}
        )
        team = env["crm.feedback.team"].create(
            {
                "name": "Bench support",
                "alias_name": "bench-support",
                "alias_domain_id": domain.id,
                "member_ids": [(6, 0, env.ref("base.user_admin").ids)],
                "sla_ids": [(0, 0, {"name": "Bench SLA", "hours_first_response": 4,
                                    "hours_resolution": 24})],
            }
        )  # fmt: skip
        lead_team = env["crm.team"].create(
            {
                "name": "Bench sales",
                "alias_name": "bench-leads",
                "alias_domain_id": domain.id,
                "use_leads": True,
                "member_ids": [(6, 0, env.ref("base.user_admin").ids)],
            }
        )
        # like a ticket, a lead from the alias goes to a salesperson, who is notified
        lead_team.alias_id.alias_defaults = str(
            {"type": "lead", "team_id": lead_team.id, "user_id": env.ref("base.user_admin").id}
        )
        cr.commit()
        figures["gateway"] = bench_gateway(env, team, lead_team, sizes["emails"])

        portal_user = env["res.users"].create(
            {
                "name": "Bench portal",
                "login": "bench_portal",
                "password": "bench_portal",
                "groups_id": [(6, 0, env.ref("base.group_portal").ids)],
            }
        )
        customer = portal_user.partner_id
        other = env["res.partner"].create({"name": "Bench other customer", "is_company": True})
        _r, build_seconds, _q = measure(
            lambda: build_tickets(env, team, customer, other, sizes["tickets"], sizes["due"], 5000)
        )
        cr.commit()
        figures["build_seconds"] = round(build_seconds, 1)
        Ticket = env["crm.feedback.ticket"]
        escalated, seconds, queries = measure(Ticket._cron_sla_escalation)
        cr.commit()
        again, seconds_again, _q = measure(Ticket._cron_sla_escalation)
        cr.commit()
        figures["sla_run"] = {
            "tickets": sizes["tickets"],
            "escalated": escalated,
            "seconds": round(seconds, 2),
            "queries": queries,
            "second_run_escalated": again,
            "second_run_seconds": round(seconds_again, 2),
        }
    figures["portal"] = bench_portal(os.environ["CRM_SUITE_DB"], "bench_portal")
    gateway, sla, portal = figures["gateway"], figures["sla_run"], figures["portal"]
    goals = {
        "new ticket by e-mail <= 1.25x a crm.lead": gateway["new_ratio_to_lead"] <= 1.25,
        "reply on a ticket <= 1.0x a reply on a lead": gateway["reply_ratio_to_lead"] <= 1.0,
        "replies thread into their tickets": gateway["stray_reply_tickets"] == 0,
        "SLA run <= 30 s": sla["seconds"] <= 30,
        "SLA run escalates nothing twice": sla["second_run_escalated"] == 0,
        "portal pages 1 and 50: same queries": portal["page_1"]["queries"]
        == portal["page_50"]["queries"],
        "portal pages 1 and 50 under 300 ms server time": max(
            portal["page_1"]["server_ms"], portal["page_50"]["server_ms"]
        )
        <= 300,
    }
    figures["goals"] = goals
    print(json.dumps(figures, indent=2, default=str))
    print()
    rows = [
        (f"gateway, {gateway['emails']} e-mails (e-mails/s)", gateway["emails_per_second"]),
        (
            "  new ticket / new lead (ms, queries)",
            "{} ({}) / {} ({})".format(
                gateway["ticket"]["new_ms"],
                gateway["ticket"]["new_queries"],
                gateway["lead"]["new_ms"],
                gateway["lead"]["new_queries"],
            ),
        ),
        (
            "  reply on ticket / on lead (ms, queries)",
            "{} ({}) / {} ({})".format(
                gateway["ticket"]["reply_ms"],
                gateway["ticket"]["reply_queries"],
                gateway["lead"]["reply_ms"],
                gateway["lead"]["reply_queries"],
            ),
        ),
        ("  ratio new ticket / new lead", gateway["new_ratio_to_lead"]),
        (
            "  then the acknowledgement job, per ticket (ms)",
            gateway["ticket"]["follow_up_job_ms"],
        ),
        ("  ratio reply / reply", gateway["reply_ratio_to_lead"]),
        (
            "  reply on a lead from a known contact (ms, queries)",
            "{} ({})".format(
                gateway["lead_from_known_contacts"]["reply_ms"],
                gateway["lead_from_known_contacts"]["reply_queries"],
            ),
        ),
        (
            "  ratio reply / reply from a known contact",
            gateway["reply_ratio_to_lead_from_known_contact"],
        ),
        (f"SLA run, {sla['escalated']} escalated of {sla['tickets']} (s)", sla["seconds"]),
        ("  queries", sla["queries"]),
        ("  second run: escalated", sla["second_run_escalated"]),
        (
            "portal My Tickets, 5,000 tickets: page 1 (ms, queries)",
            f"{portal['page_1']['server_ms']}, {portal['page_1']['queries']}",
        ),
        (
            "  page 50 (ms, queries)",
            f"{portal['page_50']['server_ms']}, {portal['page_50']['queries']}",
        ),
    ]
    for label, value in rows:
        print(f"{label:50} {value!s:>14}")
    for goal, ok in goals.items():
        print(f"{'met ' if ok else 'MISSED'} {goal}")
    return 0 if all(goals.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
