"""The verification API under real concurrency: a server with two worker processes, and
many clients activating seats of one license at the same time."""

import json
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import Rpc, free_port, running_server


@pytest.fixture(scope="module")
def prefork_server(suite):
    with running_server(
        suite, "api-prefork-server", "--workers=2", f"--gevent-port={free_port()}"
    ) as srv:
        yield srv


def post(url, body):
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_twenty_concurrent_activations_of_five_seats(prefork_server):
    admin = Rpc(prefork_server, "admin", "admin")
    admin("ir.config_parameter", "set_param", "crm_software_license.api_rate_limit", "0")
    tag = uuid.uuid4().hex[:6]
    partner = admin("res.partner", "create", {"name": f"Concurrent {tag}", "is_company": True})
    product = admin(
        "product.product",
        "create",
        {
            "name": f"Seats {tag}",
            "type": "service",
            "is_software_license": True,
            "license_type": "perpetual",
            "license_seats_per_unit": 5,
        },
    )
    license_id = admin(
        "crm.software.license",
        "create",
        {"partner_id": partner, "product_id": product, "seats": 5, "state": "active"},
    )
    number = admin("crm.software.license", "read", [license_id], ["name"])[0]["name"]
    url = f"{prefork_server['url']}/api/license/activate"
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(
            pool.map(
                lambda i: post(url, {"number": number, "fingerprint": f"machine-{tag}-{i:02d}"}),
                range(20),
            )
        )
    statuses = sorted(status for status, _payload in results)
    assert statuses.count(200) == 5, results
    assert statuses.count(409) == 15, results
    assert all(
        payload["error"]["code"] == "no_seat_available"
        for status, payload in results
        if status == 409
    )
    stored = admin(
        "crm.software.license.activation",
        "search_count",
        [("license_id", "=", license_id), ("active", "=", True)],
    )
    assert stored == 5
    assert admin("crm.software.license", "read", [license_id], ["seats_used"])[0]["seats_used"] == 5
    # every request is in the log, with its outcome
    outcomes = admin(
        "crm.software.license.request",
        "read_group",
        [("license_id", "=", license_id)],
        ["outcome"],
        ["outcome"],
    )
    assert {row["outcome"]: row["outcome_count"] for row in outcomes} == {
        "ok": 5,
        "no_seat_available": 15,
    }
