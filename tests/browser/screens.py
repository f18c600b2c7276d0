"""Drive headless Chromium through the web client: log in, open the main screens, check
what a person would see, and save screenshots.

    python screens.py URL DB OUTPUT_DIR [--lang zh_CN]

Runs in the browser virtualenv (Playwright) that .ci/run prepares; prints one line per
screen and exits non-zero when a screen does not show what it should.
"""

import argparse
import os
import re
import sys
import xmlrpc.client

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# (file name, path under /odoo, text that must be visible)
SCREENS = [
    ("customer-kanban", "action-crm_customer_core.res_partner_action_customer_file", "Potential"),
    (
        "customer-list",
        "action-crm_customer_core.res_partner_action_customer_file?view_type=list",
        "Customers",
    ),
    ("customer-form", None, "Customer File"),
    (
        "followup-summary",
        "action-crm_customer_core.crm_customer_followup_action_report",
        "Follow-up",
    ),
    ("value-tiers", "action-crm_customer_core.crm_customer_tier_report_action", "Value Tier"),
    (
        "demand-analysis",
        "action-crm_customer_core.crm_customer_demand_report_action",
        "Walk-in",  # a visit method of the demo customers, a row of the pivot
    ),
    (
        "customer-health",
        "action-crm_customer_core.res_partner_action_customer_health?view_type=kanban",
        "Healthy",
    ),
]

# the license addon's screens, when it is installed
LICENSE_SCREENS = [
    ("license-list", "action-crm_software_license.crm_software_license_action", "License Number"),
    ("license-form", "action-crm_software_license.crm_software_license_action", "Activations"),
    (
        "license-renewals",
        "action-crm_software_license.crm_software_license_action_renewals",
        "Upcoming Renewals",
    ),
]
# the feedback addon's screens, when it is installed
FEEDBACK_SCREENS = [
    ("feedback-kanban", "action-crm_feedback.crm_feedback_ticket_action", "In Progress"),
    (
        "feedback-form",
        "action-crm_feedback.crm_feedback_ticket_action?view_type=list",
        "SLA Policy",
    ),
]

# the KPI addon's screens, when it is installed
KPI_SCREENS = [
    ("kpi-scorecard", "action-crm_kpi.crm_kpi_scorecard_action", "Teamwork and attitude"),
    ("kpi-comparison", "action-crm_kpi.crm_kpi_comparison_chart_action", "Employee vs Department"),
]

# the contracts addon's screens, when it is installed
CONTRACT_SCREENS = [
    (
        "contract-kanban",
        "action-crm_contract.sale_order_action_contracts?view_type=kanban",
        "Collecting",
    ),
    ("contract-form", "action-crm_contract.sale_order_action_contracts", "Payment Plan"),
    (
        "contract-ageing",
        "action-crm_contract.crm_contract_receivable_report_action_ageing",
        "31-60 Days",
    ),
]

# portal pages as the demo portal user (Joel Willis) sees them
# the competitors addon's screens, when it is installed
COMPETITOR_SCREENS = [
    ("competitor-kanban", "action-crm_competitor.crm_competitor_action", "博远软件"),
    ("competitor-form", "action-crm_competitor.crm_competitor_action", "Weaknesses"),
    ("winloss-analysis", "action-crm_competitor.crm_competitor_winloss_report_action", "Win Rate"),
]

# the boards of the *_dashboard bridges in Odoo's Dashboards app: (file name, board's name)
DASHBOARD_SCREENS = [
    ("dashboard-customer-file", "Customer File"),
    ("dashboard-service", "Customer Service"),
    ("dashboard-satisfaction", "Customer Satisfaction"),
    ("dashboard-kpi", "Employee KPI"),
]

PORTAL_SCREENS = [
    ("portal-home", "/my", "Your Licenses"),
    ("portal-licenses", "/my/licenses", "Report Designer"),
    ("portal-license", None, "Offline Activation"),
]


def shoot(page, output, name, expected):
    """Screenshot the page; True when ``expected`` text is visible on it."""
    page.wait_for_timeout(1500)
    visible = page.get_by_text(expected).first.is_visible()
    page.screenshot(path=os.path.join(output, f"{name}.png"))
    print(f"{'ok' if visible else 'MISSING'} {name}: '{expected}'", flush=True)
    return visible


def open_board(page, url, name):
    """Open the board ``name`` of the Dashboards app; True once its sheet is drawn without a
    loading error or an error dialog."""
    page.goto(f"{url}/odoo/dashboards")
    page.wait_for_selector(".o_spreadsheet_dashboard_search_panel", timeout=60000)
    page.locator(".o_search_panel_category_value", has_text=name).first.click()
    page.wait_for_selector(".o_renderer canvas", timeout=60000)
    page.wait_for_timeout(3000)  # the pivots and lists load after the sheet
    failed = page.locator(".dashboard-loading-status.error, .o_error_dialog").count()
    return not failed


def dashboard_screens(page, args):
    failures = 0
    for file_name, board in DASHBOARD_SCREENS:
        drawn = open_board(page, args.url, board)
        page.screenshot(path=os.path.join(args.output, f"{file_name}.png"))
        print(f"{'ok' if drawn else 'BROKEN'} {file_name}: '{board}'", flush=True)
        failures += not drawn
    return failures


def new_customer_scenario(page, args):
    """The first task of a new user: a customer entered with New in the customer file is a
    Potential customer with a code, owned by its creator, and shows in the list."""
    name = f"珠海新客户科技有限公司 {os.getpid()}"
    page.goto(f"{args.url}/odoo/{SCREENS[1][1]}")
    page.wait_for_selector(".o_list_view", timeout=60000)
    page.locator(".o_control_panel_main_buttons .o_list_button_add").first.click()
    page.wait_for_selector(".o_form_view", timeout=60000)
    page.locator(".o_field_widget[name=name] input").first.fill(name)
    page.locator(".o_form_button_save").first.click()
    page.wait_for_function("() => !location.pathname.endsWith('/new')", timeout=30000)
    page.goto(f"{args.url}/odoo/{SCREENS[1][1]}")
    page.wait_for_selector(".o_list_view", timeout=60000)
    search = page.locator(".o_searchview_input")
    search.fill(name)
    search.press("Enter")
    page.wait_for_timeout(1500)
    row = page.locator(".o_data_row", has_text=name)
    found = row.count() == 1
    stage = row.first.inner_text() if found else ""
    ok = (
        found
        and "Potential" in stage
        and "Mitchell Admin" in stage  # the creator owns it: not a pool customer
        and re.search(r"\bC\d{3,}", stage) is not None  # its customer code
    )
    print(f"{'ok' if ok else 'MISSING'} new customer in the list: {stage!r}", flush=True)
    page.screenshot(path=os.path.join(args.output, "customer-new-in-list.png"))
    return 0 if ok else 1


def feedback_portal_scenario(portal, args):
    """A customer reports a problem with a screenshot, sees the answer and closes the ticket.
    The answer is posted by an agent over XML-RPC between the steps."""
    failures = 0
    subject = f"Export button does nothing {os.getpid()}"
    attachment = os.path.join(args.output, "attachment.txt")
    with open(attachment, "w", encoding="utf-8") as handle:
        handle.write("Steps: open the report, press Export. Nothing happens.")
    portal.goto(f"{args.url}/my/tickets/new")
    portal.fill("input[name=subject]", subject)
    portal.fill("textarea[name=description]", "Since this morning the export fails.")
    portal.set_input_files("input[name=attachments]", attachment)
    failures += not shoot(portal, args.output, "portal-ticket-new", "Report a Problem")
    portal.click("#feedback_ticket_form button[type=submit]")
    portal.wait_for_selector("#ticket_stage", timeout=60000)
    ticket_url = portal.url
    ticket_id = int(ticket_url.split("/my/tickets/")[1].split("?")[0])
    common = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/common")
    uid = common.authenticate(args.db, args.login, args.login, {})
    models = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/object", allow_none=True)
    models.execute_kw(
        args.db,
        uid,
        args.login,
        "crm.feedback.ticket",
        "message_post",
        [[ticket_id]],
        {
            "body": "Fixed: please clear the browser cache.",
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
        },
    )
    portal.goto(ticket_url)
    portal.wait_for_load_state("networkidle")
    portal.get_by_text("Fixed: please clear the browser cache.").first.wait_for(timeout=30000)
    failures += not shoot(portal, args.output, "portal-ticket", "attachment.txt")
    portal.click("#feedback_close")
    portal.wait_for_load_state("networkidle")
    failures += not shoot(portal, args.output, "portal-ticket-closed", "Reopen")
    stage = portal.locator("#ticket_stage").inner_text()
    print(f"{'ok' if stage == 'Closed' else 'MISSING'} ticket closed by the customer: {stage}")
    failures += stage != "Closed"
    portal.goto(f"{args.url}/my/tickets")
    failures += not shoot(portal, args.output, "portal-tickets", subject)
    return failures


def satisfaction_scenario(browser, page, args):
    """A customer answers the sales survey of the e-mail on Odoo's survey page (not logged
    in); the score then shows on the customer's form, and the comparison report opens."""
    common = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/common")
    uid = common.authenticate(args.db, args.login, args.login, {})
    models = xmlrpc.client.ServerProxy(f"{args.url}/xmlrpc/2/object", allow_none=True)

    def call(model, method, *params, **kw):
        return models.execute_kw(args.db, uid, args.login, model, method, list(params), kw)

    [invitation] = call(
        "crm.satisfaction.invitation",
        "search_read",
        [("state", "=", "sent"), ("satisfaction_type", "=", "sales")],
        fields=["survey_url", "commercial_partner_id", "survey_id"],
        limit=1,
    )
    questions = call(
        "survey.question",
        "search_read",
        [("survey_id", "=", invitation["survey_id"][0])],
        fields=["question_type", "satisfaction_nps"],
    )
    choices = call(
        "survey.question.answer",
        "search_read",
        [("question_id", "in", [q["id"] for q in questions])],
        fields=["question_id", "answer_score"],
    )
    customer = browser.new_page(viewport={"width": 1280, "height": 1400})
    customer.goto(invitation["survey_url"])
    customer.click("button[value=start]")
    customer.wait_for_selector(".o_survey_form_content .js_question-wrapper", timeout=60000)
    for question in questions:
        qid = question["id"]
        if question["question_type"] == "scale":
            value = 10 if question["satisfaction_nps"] else 9
            customer.click(f'label[for="{qid}_{value}"]')
        elif question["question_type"] == "simple_choice":
            best = max(
                (c for c in choices if c["question_id"][0] == qid), key=lambda c: c["answer_score"]
            )
            customer.click(f'label[for="{qid}_{best["id"]}"]')
        elif question["question_type"] == "text_box":
            customer.fill(f'textarea[name="{qid}"]', "售后响应很及时，谢谢！")
    failures = not shoot(customer, args.output, "satisfaction-survey-page", "Sales Satisfaction")
    customer.click("button[value=finish]")
    customer.wait_for_selector(".o_survey_finished", timeout=60000)
    responses = call(
        "crm.satisfaction.response",
        "search_read",
        [("invitation_id.survey_id", "=", invitation["survey_id"][0]),
         ("commercial_partner_id", "=", invitation["commercial_partner_id"][0])],
        fields=["score"],
        order="id desc",
        limit=1,
    )  # fmt: skip
    score = responses[0]["score"] if responses else None
    print(f"{'ok' if score and score > 90 else 'MISSING'} survey answered, score {score}")
    failures += not (score and score > 90)
    partner_id = invitation["commercial_partner_id"][0]
    page.goto(f"{args.url}/odoo/{SCREENS[0][1]}/{partner_id}")
    page.wait_for_selector(".o_form_view", timeout=60000)
    # the 360° summary of the customer file tab (the smart button may sit under "More")
    page.get_by_role("tab", name="Customer File").click()
    field = page.locator(".o_field_widget[name=satisfaction_last_score]")
    try:
        field.first.wait_for(timeout=30000)
        shown = field.first.inner_text()
        field.first.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
    except PlaywrightTimeout:
        shown = ""
    expected = f"{score:.1f}" if score else "?"
    print(f"{'ok' if expected in shown else 'MISSING'} score on the customer: {shown!r}")
    failures += expected not in shown
    page.screenshot(path=os.path.join(args.output, "satisfaction-customer.png"))
    page.goto(f"{args.url}/odoo/action-crm_satisfaction.crm_satisfaction_comparison_action_open")
    page.wait_for_selector(".o_satisfaction_comparison", timeout=60000)
    failures += not shoot(page, args.output, "satisfaction-comparison", "Company average")
    return failures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("db")
    parser.add_argument("output")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--licenses", action="store_true", help="also the license screens")
    parser.add_argument("--feedback", action="store_true", help="also the feedback screens")
    parser.add_argument("--kpi", action="store_true", help="also the KPI screens")
    parser.add_argument("--contracts", action="store_true", help="also the contract screens")
    parser.add_argument("--competitors", action="store_true", help="also the competitor screens")
    parser.add_argument("--dashboards", action="store_true", help="also the Dashboards app")
    parser.add_argument(
        "--satisfaction", action="store_true", help="also a customer answering a survey"
    )
    args = parser.parse_args()
    os.makedirs(args.output, exist_ok=True)
    failures = 0
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{args.url}/web/login?db={args.db}")
        page.fill("input[name=login]", args.login)
        page.fill("input[name=password]", args.login)
        page.click("button[type=submit]")
        page.wait_for_selector(".o_main_navbar", timeout=60000)
        screens = (
            SCREENS
            + (LICENSE_SCREENS if args.licenses else [])
            + (FEEDBACK_SCREENS if args.feedback else [])
            + (KPI_SCREENS if args.kpi else [])
            + (CONTRACT_SCREENS if args.contracts else [])
            + (COMPETITOR_SCREENS if args.competitors else [])
        )
        for name, path, expected in screens:
            if path:
                page.goto(f"{args.url}/odoo/{path}")
                page.wait_for_selector(
                    ".o_action_manager .o_view_controller .o_content", timeout=60000
                )
            if name == "feedback-form":  # the high-priority demo ticket
                page.get_by_text("升级后报表打不开").first.click()
                page.wait_for_selector(".o_form_view", timeout=60000)
            elif name == "kpi-scorecard":  # the demo salesperson's scorecard of this month
                page.get_by_text("Marc Demo").first.click()
                page.wait_for_selector(".o_form_view", timeout=60000)
            elif name == "contract-form":  # the demo implementation project, its contract tab
                page.get_by_text("Deco Addict").first.click()
                page.wait_for_selector(".o_form_view", timeout=60000)
                page.get_by_role("tab", name="Contract").click()
            elif name == "competitor-form":  # the demo competitor that won a deal on price
                page.get_by_text("博远软件").first.click()
                page.wait_for_selector(".o_form_view", timeout=60000)
            elif name == "license-form":  # the license sold to the demo portal customer
                page.get_by_text("Joel Willis").first.click()
                page.wait_for_selector(".o_form_view", timeout=60000)
            elif not path:  # the form of the first customer in the kanban
                page.goto(f"{args.url}/odoo/{SCREENS[0][1]}")
                page.wait_for_selector(".o_kanban_record", timeout=60000)
                page.locator(".o_kanban_record").first.click()
                page.wait_for_selector(".o_form_view", timeout=60000)
                page.get_by_role("tab", name="Customer File").click()
            failures += not shoot(page, args.output, name, expected)
        if args.dashboards:
            failures += dashboard_screens(page, args)
        failures += new_customer_scenario(page, args)
        if args.satisfaction:
            failures += satisfaction_scenario(browser, page, args)
        if args.licenses or args.feedback:
            portal = browser.new_page(viewport={"width": 1280, "height": 860})
            portal.goto(f"{args.url}/web/login?db={args.db}")
            portal.fill("input[name=login]", "portal")
            portal.fill("input[name=password]", "portal")
            portal.click("button[type=submit]")
            portal.wait_for_url("**/my**", timeout=60000)
        if args.feedback:
            failures += feedback_portal_scenario(portal, args)
        if args.licenses:
            for name, path, expected in PORTAL_SCREENS:
                if path:
                    portal.goto(f"{args.url}{path}")
                else:  # the first license of the list
                    portal.goto(f"{args.url}/my/licenses")
                    portal.locator("td.font-monospace a").first.click()
                portal.wait_for_load_state("networkidle")
                failures += not shoot(portal, args.output, name, expected)
        browser.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
