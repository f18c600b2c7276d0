"""Reads on a PostgreSQL streaming replica: a standby of the throwaway cluster
(``pg_basebackup -R``), an Odoo server with ``db_replica_host``, and each server's statement
log telling where every query of that Odoo ran."""

import json
import os
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar

import pytest
from conftest import ROOT, Rpc, free_port, running_server
from test_license_api_concurrency import post
from test_two_servers import sold_license

APP = "crmreplica"  # the application name of the Odoo's connections, in both servers' logs
PREFIX = "%m [%p] %a "
ENTRY_RE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\] (\S*) ", re.M)
FIGURES = os.path.join(ROOT, ".local", "logs", "replica-figures.txt")


def as_postgres(argv):
    # PostgreSQL refuses to run as root; the throwaway cluster belongs to postgres then
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def psql(*statements, port=None):
    """Each statement in a transaction of its own (ALTER SYSTEM refuses to share one)."""
    env = dict(os.environ, PGPORT=str(port or os.environ["PGPORT"]))
    commands = [arg for statement in statements for arg in ("-c", statement)]
    result = subprocess.run(
        ["psql", "-X", "-At", "-d", "postgres", *commands], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


class StatementLog:
    """A server's log read from a mark on: the statements the test's Odoo ran there."""

    def __init__(self, path):
        self.path = path
        self.offset = 0

    def mark(self):
        self.offset = os.path.getsize(self.path)

    def statements(self):
        with open(self.path, encoding="utf-8", errors="replace") as log:
            log.seek(self.offset)
            text = log.read()
        starts = [m.start() for m in ENTRY_RE.finditer(text)] + [len(text)]
        entries = [text[a:b] for a, b in zip(starts, starts[1:], strict=False)]
        return [
            entry.split(" statement: ", 1)[1].strip()
            for entry in entries
            if ENTRY_RE.match(entry).group(1).startswith(APP) and " statement: " in entry
        ]

    def errors(self):
        with open(self.path, encoding="utf-8", errors="replace") as log:
            log.seek(self.offset)
            return [line for line in log if f" {APP}" in line and "ERROR:" in line]


@pytest.fixture(scope="module")
def cluster():
    """The primary (the suite's throwaway cluster, its statements logged from now on) and a
    streaming standby of it on another port."""
    bindir, datadir = os.environ.get("CRM_SUITE_PG_BINDIR"), os.environ.get("CRM_SUITE_PG_DATADIR")
    if not bindir:
        pytest.skip("PostgreSQL is a server of yours (PGHOST): no standby is made of it")
    base = os.path.dirname(datadir)
    standby, standby_log = os.path.join(base, "standby"), os.path.join(base, "standby.log")
    port = free_port()
    psql(
        "ALTER SYSTEM SET log_statement = 'all'",
        f"ALTER SYSTEM SET log_line_prefix = '{PREFIX}'",
        "SELECT pg_reload_conf()",
    )
    shutil.rmtree(standby, ignore_errors=True)
    subprocess.run(
        as_postgres([
            os.path.join(bindir, "pg_basebackup"), "-h", os.environ["PGHOST"],
            "-p", os.environ["PGPORT"], "-U", "postgres", "-D", standby, "-R",
            "-X", "stream", "-c", "fast",
        ]),
        check=True,
    )  # fmt: skip
    options = (
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c hot_standby=on "
        "-c max_connections=200 -c shared_buffers=128MB -c fsync=off"
    )
    pg_ctl = os.path.join(bindir, "pg_ctl")
    subprocess.run(
        as_postgres([pg_ctl, "-D", standby, "-o", options, "-l", standby_log, "-w", "start"]),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        assert psql("SELECT pg_is_in_recovery()", port=port) == "t"
        yield {
            "port": port,
            "primary": StatementLog(os.path.join(base, "server.log")),
            "replica": StatementLog(standby_log),
        }
    finally:
        subprocess.run(as_postgres([pg_ctl, "-D", standby, "-m", "fast", "stop"]), check=False)
        shutil.rmtree(standby, ignore_errors=True)
        psql(
            "ALTER SYSTEM RESET log_statement",
            "ALTER SYSTEM RESET log_line_prefix",
            "SELECT pg_reload_conf()",
        )


def caught_up(port):
    """Wait until the standby has replayed all the primary has written so far."""
    target = psql("SELECT pg_current_wal_lsn()")
    started = time.time()
    while time.time() < started + 60:
        if psql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn", port=port) == "t":
            return time.time() - started
        time.sleep(0.01)
    pytest.fail("the standby did not catch up within 60 s")


@pytest.fixture(scope="module")
def odoo(suite, cluster):
    env = dict(os.environ, ODOO_PGAPPNAME=f"{APP}-{{pid}}")
    with running_server(
        suite,
        "replica-server",
        "--workers=2",
        f"--gevent-port={free_port()}",
        "--db_replica_host=127.0.0.1",
        f"--db_replica_port={cluster['port']}",
        "--log-level=info",
        env=env,
    ) as server:
        yield server


class WebClient:
    """A browser's session: JSON-RPC as the web client sends it, and plain pages."""

    def __init__(self, server, login, password):
        self.url, self.db = server["url"], server["db"]
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        self.json("/web/session/authenticate", db=self.db, login=login, password=password)

    def json(self, path, **params):
        body = {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        request = urllib.request.Request(
            self.url + path, json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        with self.opener.open(request, timeout=120) as response:
            reply = json.load(response)
        assert "error" not in reply, reply["error"]
        return reply["result"]

    def call(self, model, method, *args, **kwargs):
        route = "call_button" if method.startswith("action_") else "call_kw"
        return self.json(
            f"/web/dataset/{route}/{model}/{method}",
            model=model, method=method, args=list(args), kwargs=kwargs,
        )  # fmt: skip

    def get(self, path):
        with self.opener.open(self.url + path, timeout=120) as response:
            return response.read()


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "DISCARD ALL")


def where(cluster, name, action, table):
    """Run ``action``; the statements naming ``table`` it sent to each server. Its figures
    (statements on each server, time, how long the standby took to replay it) go to
    ``.local/logs/replica-figures.txt``."""
    caught_up(cluster["port"])
    for log in (cluster["primary"], cluster["replica"]):
        log.mark()
    started = time.time()
    action()
    elapsed = time.time() - started
    replayed = caught_up(cluster["port"])
    statements = {
        side: [s for s in cluster[side].statements() if not s.startswith(TRANSACTION_CONTROL)]
        for side in ("primary", "replica")
    }
    found = {
        side: [s for s in statements[side] if f'"{table}"' in s or f" {table} " in s]
        for side in ("primary", "replica")
    }
    assert not cluster["replica"].errors(), cluster["replica"].errors()
    os.makedirs(os.path.dirname(FIGURES), exist_ok=True)
    with open(FIGURES, "a", encoding="utf-8") as figures:
        counts = "  ".join(
            f"{side} {len(statements[side]):3} ({len(found[side]):2} on {table})"
            for side in ("primary", "replica")
        )
        figures.write(
            f"{name:28} {counts}  {elapsed * 1000:5.0f} ms, replayed in {replayed * 1000:4.0f} ms\n"
        )
    return found["primary"], found["replica"]


@pytest.fixture(scope="module")
def people(odoo):
    admin = Rpc(odoo, "admin", "admin")
    tag = uuid.uuid4().hex[:6]
    group = admin("ir.model.data", "check_object_reference", "sales_team", "group_sale_salesman")
    login = f"replica_sales_{tag}"
    admin("res.users", "create", {
        "name": f"Replica {tag}", "login": login, "password": login,
        "groups_id": [(6, 0, [group[1]])],
    })  # fmt: skip
    return {"admin": admin, "tag": tag, "sales": (login, login)}


READS = [
    # what the user opens, its addon, its model, the table its rows come from, a grouping
    ("demand analysis pivot", "crm_customer_core", "crm.customer.demand.report",
     "crm_customer_demand_report", ["value_tier", "stage_id"]),
    ("satisfaction item analysis", "crm_satisfaction", "crm.satisfaction.response.line",
     "crm_satisfaction_response_line", ["question_id"]),
    ("KPI comparison report", "crm_kpi", "crm.kpi.comparison.report", "crm_kpi_scorecard",
     ["department_id"]),
]  # fmt: skip


@pytest.mark.parametrize("name,addon,model,table,groupby", READS, ids=[r[0] for r in READS])
def test_reports_read_on_the_replica(odoo, cluster, suite, name, addon, model, table, groupby):
    if addon not in suite["addons"]:
        pytest.skip(f"{addon} is not installed")
    admin = WebClient(odoo, "admin", "admin")
    primary, replica = where(
        cluster,
        name,
        lambda: admin.call(model, "read_group", [], ["__count"], groupby, lazy=False),
        table,
    )
    assert replica and not primary, (primary, replica)


def test_many_readers_leave_the_primary_alone(odoo, cluster):
    """20 pivots, 4 at a time, as a sales meeting opens the demand analysis: what the
    primary still answers is Odoo's per-request registry check and the session's device."""
    readers = [WebClient(odoo, "admin", "admin") for _i in range(4)]

    def pivot(i):
        readers[i % 4].call("crm.customer.demand.report", "read_group", [], ["amount:sum"],
                            ["categ_id", "value_tier"], lazy=False)  # fmt: skip

    primary, replica = where(
        cluster, "20 demand pivots, 4 at once",
        lambda: list(ThreadPoolExecutor(max_workers=4).map(pivot, range(20))),
        "crm_customer_demand_report",
    )  # fmt: skip
    assert len(replica) == 20 and not primary, (len(primary), len(replica))


def test_export_and_portal_list_read_on_the_replica(odoo, cluster, suite):
    admin = WebClient(odoo, "admin", "admin")
    primary, replica = where(
        cluster,
        "demand export (.xlsx)",
        lambda: admin.get("/crm_customer_core/demand_report.xlsx?dimension=value_tier"),
        "crm_customer_demand_report",
    )
    assert replica and not primary, (primary, replica)
    if "crm_software_license" not in suite["addons"]:
        return
    portal = WebClient(odoo, "portal", "portal")
    primary, replica = where(
        cluster, "portal list /my/licenses", lambda: portal.get("/my/licenses"),
        "crm_software_license",
    )  # fmt: skip
    assert replica and not primary, (primary, replica)


def test_writes_go_to_the_primary(odoo, cluster, suite, people):
    admin, tag = people["admin"], people["tag"]
    pooled = admin("res.partner", "create", {"name": f"Replica pool {tag}", "is_company": True},
                   context={"crm_customer_file": True, "crm_customer_pool": True})  # fmt: skip
    sales = WebClient(odoo, *people["sales"])
    primary, replica = where(
        cluster, "claim from the pool",
        lambda: sales.call("res.partner", "action_customer_claim", [pooled]), "res_partner",
    )  # fmt: skip
    assert any(s.startswith('UPDATE "res_partner"') for s in primary), primary
    assert not any(s.startswith("UPDATE") for s in replica)

    if "crm_satisfaction" in suite["addons"]:
        primary, replica = where(
            cluster, "survey answer (2 requests)", lambda: answer_survey(odoo, admin, tag),
            "survey_user_input_line",
        )  # fmt: skip
        assert any(s.startswith('INSERT INTO "survey_user_input_line"') for s in primary), primary
        assert not any(s.startswith("INSERT") for s in replica)

    if "crm_software_license" in suite["addons"]:
        admin("ir.config_parameter", "set_param", "crm_software_license.api_rate_limit", "0")
        _license_id, number = sold_license(admin, f"replica {tag}")
        url = f"{odoo['url']}/api/license/activate"
        statuses = []
        primary, replica = where(
            cluster,
            "license activation (API)",
            lambda: statuses.append(post(url, {"number": number, "fingerprint": f"pc-{tag}"})),
            "crm_software_license_activation",
        )
        assert statuses[0][0] == 200, statuses
        assert any(
            s.startswith('INSERT INTO "crm_software_license_activation"') for s in primary
        ), primary
        assert not any(s.startswith("INSERT") for s in replica)


def answer_survey(odoo, admin, tag):
    """A customer answers the sales satisfaction survey on Odoo's survey pages."""
    partner = admin("res.partner", "create", {
        "name": f"Replica respondent {tag}", "email": f"replica.{tag}@example.com",
        "is_company": True,
    })  # fmt: skip
    context = {"active_model": "res.partner", "active_ids": [partner]}
    wizard = admin("crm.satisfaction.send", "create", {}, context=context)
    admin("crm.satisfaction.send", "action_send", [wizard], context=context)
    [invitation] = admin(
        "crm.satisfaction.invitation", "search_read", [("partner_id", "=", partner)],
        ["survey_id", "user_input_id"],
    )  # fmt: skip
    survey, answer = invitation["survey_id"][0], invitation["user_input_id"][0]
    [token] = admin("survey.user_input", "read", [answer], ["access_token"])
    [survey_token] = admin("survey.survey", "read", [survey], ["access_token"])
    values = {}
    for question in admin(
        "survey.question", "search_read", [("survey_id", "=", survey)],
        ["question_type", "suggested_answer_ids"],
    ):  # fmt: skip
        kind, qid = question["question_type"], str(question["id"])
        if kind == "scale":
            values[qid] = "9"
        elif kind == "simple_choice":
            values[qid] = question["suggested_answer_ids"][0]
        elif kind == "text_box":
            values[qid] = "响应及时"
    visitor = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    path = f"{survey_token['access_token']}/{token['access_token']}"
    for route, params in (("begin", {}), ("submit", values)):
        body = {"jsonrpc": "2.0", "method": "call", "params": params}
        request = urllib.request.Request(
            f"{odoo['url']}/survey/{route}/{path}",
            json.dumps(body).encode(),
            {"Content-Type": "application/json"},
        )
        with visitor.open(request, timeout=120) as response:
            reply = json.load(response)
        assert "error" not in reply and "error" not in reply["result"][1], reply
    assert admin("survey.user_input", "read", [answer], ["state"])[0]["state"] == "done"


def test_a_user_reads_their_own_write_while_the_replica_lags(odoo, cluster, people):
    """Replay stopped on the standby: the salesperson who saved a note reads it back (their
    next read-only request goes to the primary), while a colleague still reads the replica's
    older copy; once the standby has replayed the note, the salesperson reads the replica."""
    admin, tag = people["admin"], people["tag"]
    sales = WebClient(odoo, *people["sales"])
    colleague = WebClient(odoo, "admin", "admin")
    login = people["sales"][0]
    uid = admin("res.users", "search", [("login", "=", login)])[0]
    customer = admin("res.partner", "create", {"name": f"Replica lag {tag}", "is_company": True,
                                                "user_id": uid, "comment": "before"})  # fmt: skip
    caught_up(cluster["port"])
    psql("SELECT pg_wal_replay_pause()", port=cluster["port"])
    try:
        sales.call("res.partner", "write", [customer], {"comment": "called back"})
        cluster["primary"].mark()
        cluster["replica"].mark()
        [own] = sales.call("res.partner", "read", [customer], ["comment"])
        [other] = colleague.call("res.partner", "read", [customer], ["comment"])
        reads = [cluster[side].statements() for side in ("primary", "replica")]
        assert "called back" in own["comment"], "the writer sees their write"
        assert "before" in other["comment"], "the replica was really behind"
        assert any('"res_partner"' in s for s in reads[0]), "the writer's read ran on the primary"
    finally:
        psql("SELECT pg_wal_replay_resume()", port=cluster["port"])
    primary, replica = where(
        cluster, "read once replayed", lambda: sales.call("res.partner", "read", [customer],
                                                          ["comment"]), "res_partner",
    )  # fmt: skip
    assert replica and not primary, "caught up: back on the replica"
    log = os.path.join(ROOT, ".local", "logs", "replica-server.log")
    with open(log, encoding="utf-8") as server_log:
        lines = server_log.read().splitlines()
    switches = [line for line in lines if "has not replayed this session's" in line]
    assert switches, "the switch to the primary is in Odoo's log"
    assert all(" INFO " in line for line in switches), "a plain fact, not a warning"
    retried = [line for line in lines if " WARNING " in line and "read/write cursor" in line]
    assert not retried, "a read-only route of the suite wrote: " + str(retried)
