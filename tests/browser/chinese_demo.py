"""A Chinese user's first walk through the demo: the main screens in zh_CN, failing on the
English a Chinese reader would notice (names of screens and menus of the suite, activity
summaries and chatter notes written in English, English departments, a foreign company or
currency).

    python chinese_demo.py URL DB OUTPUT_DIR

Runs in the browser virtualenv; prints one line per screen and exits non-zero on a leftover.
"""

import argparse
import os
import re
import sys

from playwright.sync_api import sync_playwright
from screens import CHROMIUM_ARGS, DASHBOARD_SCREENS, open_board

# (file name, path under /odoo or None for the first record of the previous list)
SCREENS = [
    ("zh-customer-kanban", "action-crm_customer_core.res_partner_action_customer_file"),
    ("zh-customer-form", None),
    ("zh-customers-today", "action-crm_customer_core.res_partner_action_customer_today"),
    ("zh-followups", "action-crm_customer_core.crm_customer_followup_action"),
    ("zh-orders", "action-sale.action_orders"),
    ("zh-licenses", "action-crm_software_license.crm_software_license_action"),
    ("zh-tickets", "action-crm_feedback.crm_feedback_ticket_action?view_type=list"),
    ("zh-feedback-staff", "action-crm_feedback.crm_feedback_staff_action"),
    ("zh-satisfaction", "action-crm_satisfaction.crm_satisfaction_response_action"),
    ("zh-satisfaction-form", None),
    ("zh-kpi-scorecards", "action-crm_kpi.crm_kpi_scorecard_action"),
    ("zh-kpi-scorecard", None),
    ("zh-kpi-periods", "action-crm_kpi.crm_kpi_period_action"),
    ("zh-kpi-period", None),
    ("zh-contracts", "action-crm_contract.sale_order_action_contracts"),
    ("zh-contract", None),
    ("zh-receivables", "action-crm_contract.crm_contract_receivable_report_action"),
    ("zh-ageing", "action-crm_contract.crm_contract_receivable_report_action_ageing"),
    ("zh-health", "action-crm_customer_core.res_partner_action_customer_health"),
    (
        "zh-health-kanban",
        "action-crm_customer_core.res_partner_action_customer_health?view_type=kanban",
    ),
    ("zh-competitors", "action-crm_competitor.crm_competitor_action"),
    ("zh-competitor", None),
    ("zh-winloss", "action-crm_competitor.crm_competitor_winloss_report_action"),
]

# the boards of the Dashboards app, by their Chinese names
BOARDS = {
    "Customer File": "客户档案",
    "Customer Service": "客户服务",
    "Customer Satisfaction": "客户满意度",
    "Employee KPI": "员工绩效",
}

# English a Chinese reader noticed in the demo; names of people and customers may be English
LEFTOVERS = {
    "an activity written in English": r"\b(Call|Contact) \S+.*|satisfaction \d+/100",
    "a chatter note in English": r"\b\w+ created\b",
    "an English department": r"\b(Management|Sales|Professional Services|Administration)\b",
    "a foreign company or currency": r"My Company|CN Company|San Francisco|\bUSD\b|\$\s?\d",
    "the suite in English": (
        r"\b(Customer File|Customer Pool|Follow-ups?|Potential|Feedback|Tickets?|Scorecards?"
        r"|Licenses?|Satisfaction|Overdue|Unassigned|Renewals?|Contracts?|Receivables"
        r"|Payment Plans?|Ageing|Customer Health|Problem Customers|Competitors?|Win/Loss"
        r"|Lost Reasons?)\b"
    ),
}


def visible_text(page):
    """What the user reads on the screen, the chatter of a form included."""
    return page.locator(".o_action_manager").inner_text()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("db")
    parser.add_argument("output")
    args = parser.parse_args()
    os.makedirs(args.output, exist_ok=True)
    failures = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for login in ("admin", "demo"):
            page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
            page.goto(f"{args.url}/web/login?db={args.db}")
            page.fill("input[name=login]", login)
            page.fill("input[name=password]", login)
            page.click("button[type=submit]")
            page.wait_for_selector(".o_main_navbar", timeout=60000)
            boards = [(f"zh-{name}", BOARDS[board]) for name, board in DASHBOARD_SCREENS]
            for name, path in SCREENS + boards:
                if path in BOARDS.values():
                    if not open_board(page, args.url, path):
                        print(f"BROKEN {login} {name}", flush=True)
                        failures += 1
                elif path:
                    page.goto(f"{args.url}/odoo/{path}")
                    page.wait_for_selector(".o_action_manager .o_content", timeout=60000)
                else:
                    record = page.locator(".o_kanban_record, .o_data_row").first
                    if not record.count():
                        print(f"skip {login} {name}: nothing to open", flush=True)
                        continue
                    # a list row opens from its first cell: its middle may be an avatar, whose
                    # click opens the person's card instead
                    cell = record.locator("td.o_data_cell")
                    (cell.first if cell.count() else record).click()
                    page.wait_for_selector(".o_form_view", timeout=60000)
                page.wait_for_timeout(1500)
                text = visible_text(page)
                found = {
                    what: match.group(0)
                    for what, pattern in LEFTOVERS.items()
                    if (match := re.search(pattern, text))
                }
                if not re.search(r"[\u4e00-\u9fff]", text):
                    found["no Chinese at all"] = text[:80]
                page.screenshot(path=os.path.join(args.output, f"{name}-{login}.png"))
                for what, example in found.items():
                    print(f"LEFTOVER {login} {name}: {what}: {example!r}", flush=True)
                if not found:
                    print(f"ok {login} {name}", flush=True)
                failures += bool(found)
            page.close()
        browser.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
