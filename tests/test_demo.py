"""The demo database as `python3 tools/suite.py demo` builds it: one Chinese software vendor
in CNY whose people work in Asia/Shanghai and read Chinese, with no English left where a
Chinese user looks."""

import os
import re
import subprocess

import pytest
from conftest import ROOT, Rpc, running_server
from test_browser import BROWSER_PYTHON
from test_tools import load_suite_module

DEMO_DB = "crmtest_demo"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# our models, whose chatter a Chinese user reads in the demo
SUITE_MODELS = [
    "crm.customer.followup",
    "crm.software.license",
    "crm.feedback.ticket",
    "crm.satisfaction.response",
    "crm.kpi.period",
    "crm.kpi.scorecard",
]


@pytest.fixture(scope="module")
def demo(suite):
    tool = load_suite_module()
    pg = tool.Postgres()
    pg.start()
    odoo = tool.Odoo(pg)
    odoo.data_dir = suite["data_dir"]
    tool.build_demo(pg, odoo, DEMO_DB, os.path.join(ROOT, ".local", "logs", "demo-install.log"))
    with running_server(dict(suite, db=DEMO_DB), "demo-server") as server:
        yield server
    pg.dropdb(DEMO_DB)


def test_one_chinese_company_in_cny(demo):
    admin = Rpc(demo, "admin", "admin")
    companies = admin("res.company", "search_read", [], ["name", "currency_id", "country_id"])
    assert len(companies) == 1, companies
    company = companies[0]
    assert CHINESE.search(company["name"]), company
    assert company["currency_id"][1] == "CNY" and company["country_id"][1] in ("China", "中国")
    assert admin("res.users", "read", [admin.uid], ["company_ids"])[0]["company_ids"] == [
        company["id"]
    ]
    for model, some in (("product.pricelist", True), ("sale.order", True), ("account.move", 0)):
        groups = admin(model, "read_group", [], ["currency_id"], ["currency_id"])
        currencies = [group["currency_id"][1] for group in groups]
        assert currencies == ["CNY"] if some else set(currencies) <= {"CNY"}, (model, groups)


def test_people_in_shanghai_reading_chinese(demo):
    admin = Rpc(demo, "admin", "admin")
    users = admin("res.users", "search_read", [("share", "=", False)], ["login", "tz", "lang"])
    users += admin("res.users", "search_read", [("login", "=", "portal")], ["login", "tz", "lang"])
    assert {"admin", "demo", "portal"} <= {user["login"] for user in users}
    for user in users:
        assert (user["tz"], user["lang"]) == ("Asia/Shanghai", "zh_CN"), user


def test_what_was_written_for_people_reads_chinese(demo):
    """Activities, follow-up notes, chatter and departments: in Chinese, no "X created" note
    in the installer's English, no English department in the KPI screens."""
    admin = Rpc(demo, "admin", "admin")
    activities = admin("mail.activity", "search_read", [], ["summary", "res_name"])
    assert activities
    for activity in activities:
        summary = activity["summary"] or ""
        assert not summary or CHINESE.search(summary), activity
    # the suite's records (Odoo's own demo partners and surveys keep Odoo's English notes)
    ours = admin(
        "ir.model.data",
        "search_read",
        [("module", "=like", "crm\\_%"), ("model", "in", ["res.partner", "survey.survey"])],
        ["res_id", "model"],
    )
    customers = [row["res_id"] for row in ours if row["model"] == "res.partner"]
    surveys = [row["res_id"] for row in ours if row["model"] == "survey.survey"]
    assert customers and surveys
    notes = admin(
        "mail.message",
        "search_read",
        [
            ("message_type", "=", "notification"),
            "|",
            "|",
            ("model", "in", SUITE_MODELS),
            "&",
            ("model", "=", "res.partner"),
            ("res_id", "in", customers),
            "&",
            ("model", "=", "survey.survey"),
            ("res_id", "in", surveys),
        ],
        ["body", "model"],
    )
    assert not [n for n in notes if re.search(r"created|创建|License issued", n["body"])], notes[:5]
    followups = admin(
        "mail.message", "search_read", [("body", "ilike", "跟踪记录")], ["body"], limit=5
    )
    assert followups, "follow-up notes on the customers, in the salesperson's language"
    departments = admin("hr.department", "search_read", [], ["name"], context={"lang": "zh_CN"})
    assert departments and all(CHINESE.search(d["name"]) for d in departments), departments
    full_names = admin("hr.department", "search_read", [], ["complete_name"])
    assert not [d for d in full_names if re.search(r"[A-Za-z]{3,}", d["complete_name"])]


def test_main_screens_read_chinese_in_the_browser(demo):
    if not os.path.exists(BROWSER_PYTHON):
        pytest.fail("no browser virtualenv: tools/suite.py test creates .local/browser-venv")
    result = subprocess.run(
        [
            BROWSER_PYTHON,
            os.path.join(ROOT, "tests", "browser", "chinese_demo.py"),
            demo["url"],
            demo["db"],
            os.path.join(ROOT, ".local", "screenshots"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert result.stdout.count("ok ") >= 20, result.stdout
