"""Two Odoo servers (separate processes, two workers each, behind an imagined proxy) on one
database, sharing the data folder (filestore and sessions): what must stay correct when a
company scales out."""

import json
import re
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from http.cookiejar import CookieJar

import pytest
from conftest import Rpc, free_port, running_server
from test_license_api_concurrency import post


@pytest.fixture(scope="module")
def servers(suite):
    """Two servers in proxy mode (the client address comes from X-Forwarded-For)."""
    with (
        running_server(
            suite, "server-a", "--workers=2", f"--gevent-port={free_port()}", "--proxy-mode"
        ) as first,
        running_server(
            suite, "server-b", "--workers=2", f"--gevent-port={free_port()}", "--proxy-mode"
        ) as second,
    ):
        yield first, second


def post_from(url, body, client):
    """A verification API call from ``client`` (an address as the proxy reports it)."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        # what a proxy sends; Odoo reads the client's address only with X-Forwarded-Host too
        headers={
            "Content-Type": "application/json",
            "X-Forwarded-For": client,
            "X-Forwarded-Host": "crm.example.com",
            "X-Forwarded-Proto": "https",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def sold_license(admin, tag, seats=5, **values):
    partner = admin("res.partner", "create", {"name": f"Two servers {tag}", "is_company": True})
    product = admin(
        "product.product",
        "create",
        {"name": f"Two servers {tag}", "type": "service", "is_software_license": True},
    )
    license_id = admin(
        "crm.software.license",
        "create",
        dict(
            {"partner_id": partner, "product_id": product, "seats": seats, "state": "active"},
            **values,
        ),
    )
    return license_id, admin("crm.software.license", "read", [license_id], ["name"])[0]["name"]


def test_seats_are_counted_over_both_servers(servers, suite):
    if "crm_software_license" not in suite["addons"]:
        pytest.skip("crm_software_license is not installed")
    admin = Rpc(servers[0], "admin", "admin")
    admin("ir.config_parameter", "set_param", "crm_software_license.api_rate_limit", "0")
    tag = uuid.uuid4().hex[:6]
    license_id, number = sold_license(admin, tag)
    urls = [f"{srv['url']}/api/license/activate" for srv in servers]
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(
            pool.map(
                lambda i: post(urls[i % 2], {"number": number, "fingerprint": f"pc-{tag}-{i:02d}"}),
                range(20),
            )
        )
    statuses = sorted(status for status, _payload in results)
    assert statuses.count(200) == 5, results
    assert statuses.count(409) == 15, results
    active = admin(
        "crm.software.license.activation",
        "search_count",
        [("license_id", "=", license_id), ("active", "=", True)],
    )
    assert active == 5


def test_rate_limit_counts_requests_on_both_servers(servers, suite):
    if "crm_software_license" not in suite["addons"]:
        pytest.skip("crm_software_license is not installed")
    admin = Rpc(servers[0], "admin", "admin")
    tag = uuid.uuid4().hex[:6]
    _license_id, number = sold_license(admin, tag)
    client = f"198.51.100.{int(tag, 16) % 250 + 1}"  # documentation range: a header value only
    admin("ir.config_parameter", "set_param", "crm_software_license.api_rate_limit", "6")
    try:
        statuses = [
            post_from(
                f"{servers[i % 2]['url']}/api/license/verify",
                {"number": number, "fingerprint": f"pc-{tag}"},
                client,
            )
            for i in range(10)
        ]
    finally:
        admin("ir.config_parameter", "set_param", "crm_software_license.api_rate_limit", "0")
    assert statuses.count(429) == 4, statuses
    assert statuses[:6] == [200] * 6, statuses


def trigger_on_both(servers, xmlid):
    """Run the scheduled action on both servers at the same moment; the one that finds it
    running is refused (Odoo locks the action's row), the other runs it."""
    module, name = xmlid.split(".")
    admins = [Rpc(srv, "admin", "admin") for srv in servers]
    cron = admins[0]("ir.model.data", "check_object_reference", module, name)[1]

    def run(admin):
        try:
            return admin("ir.cron", "method_direct_trigger", [cron])
        except xmlrpc.client.Fault as fault:
            assert "currently being executed" in fault.faultString or "cannot be modified" in (
                fault.faultString
            ), fault.faultString
            return "locked"

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(run, admins))


def test_scheduled_actions_on_both_servers_create_nothing_twice(servers, suite):
    admin = Rpc(servers[0], "admin", "admin")
    tag = uuid.uuid4().hex[:6]
    owner = admin("res.users", "search", [("login", "=", "admin")])[0]
    assigned = (datetime.now() - timedelta(days=5)).strftime("%Y-%m-%d %H:%M:%S")
    customers = admin(
        "res.partner",
        "create",
        [
            {
                "name": f"Due {tag} {i}",
                "is_company": True,
                "user_id": owner,
                "customer_contact_interval": 1,
            }
            for i in range(6)
        ],
        context={"crm_customer_file": True},
    )
    admin("res.partner", "write", customers, {"customer_assigned_date": assigned})
    checks = [("crm_customer_core.ir_cron_customer_contact_reminders", "res.partner", customers)]
    if "crm_software_license" in suite["addons"]:
        soon = (date.today() + timedelta(days=7)).isoformat()
        license_id, _number = sold_license(admin, tag, date_end=soon)
        partner = admin("crm.software.license", "read", [license_id], ["partner_id"])[0]
        admin("res.partner", "write", [partner["partner_id"][0]], {"user_id": owner})
        checks.append(
            ("crm_software_license.ir_cron_license_renewals", "crm.software.license", [license_id])
        )
    if "crm_feedback" in suite["addons"]:
        team = admin(
            "crm.feedback.team",
            "create",
            {
                "name": f"Two servers {tag}",
                "leader_id": owner,
                "sla_ids": [
                    (0, 0, {"name": "Fast", "hours_first_response": 1, "hours_resolution": 2})
                ],
            },
        )
        received = (datetime.now() - timedelta(days=3)).strftime("%Y-%m-%d %H:%M:%S")
        tickets = admin(
            "crm.feedback.ticket",
            "create",
            [
                {"name": f"Late {tag} {i}", "team_id": team, "date_received": received}
                for i in range(3)
            ],
        )
        checks.append(("crm_feedback.ir_cron_sla_escalation", "crm.feedback.ticket", tickets))
    for xmlid, model, ids in checks:
        outcomes = trigger_on_both(servers, xmlid)
        assert True in outcomes, outcomes
        trigger_on_both(servers, xmlid)  # and again: the guards hold
        activities = admin(
            "mail.activity", "read_group", [("res_model", "=", model), ("res_id", "in", ids)],
            ["res_id"], ["res_id"],
        )  # fmt: skip
        counts = {row["res_id"]: row["res_id_count"] for row in activities}
        assert counts and set(counts.values()) == {1}, (xmlid, counts)
        assert len(counts) == len(ids), (xmlid, counts)


def test_portal_session_is_shared_by_both_servers(servers):
    """Sessions live in the shared data folder: a customer logged in through one server is
    logged in on the other, so the proxy needs no sticky sessions."""
    first, second = servers
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{first['url']}/web/login?db={first['db']}").read().decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    opener.open(
        f"{first['url']}/web/login",
        urllib.parse.urlencode(
            {"login": "portal", "password": "portal", "csrf_token": csrf}
        ).encode(),
    ).read()
    session = next(cookie.value for cookie in jar if cookie.name == "session_id")
    other = urllib.request.build_opener()
    other.addheaders = [("Cookie", f"session_id={session}")]
    response = other.open(f"{second['url']}/my")
    assert response.url.endswith("/my"), response.url  # not sent to the login page
    assert "/web/session/logout" in response.read().decode()
