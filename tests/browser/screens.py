"""Drive headless Chromium through the web client: log in, open the main screens, check
what a person would see, and save screenshots.

    python screens.py URL DB OUTPUT_DIR [--lang zh_CN]

Runs in the browser virtualenv (Playwright) that .ci/run prepares; prints one line per
screen and exits non-zero when a screen does not show what it should.
"""

import argparse
import os
import sys

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
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("db")
    parser.add_argument("output")
    parser.add_argument("--login", default="admin")
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
        for name, path, expected in SCREENS:
            if path:
                page.goto(f"{args.url}/odoo/{path}")
                page.wait_for_selector(
                    ".o_action_manager .o_view_controller .o_content", timeout=60000
                )
            else:  # the form of the first customer in the kanban
                page.goto(f"{args.url}/odoo/{SCREENS[0][1]}")
                page.wait_for_selector(".o_kanban_record", timeout=60000)
                page.locator(".o_kanban_record").first.click()
                page.wait_for_selector(".o_form_view", timeout=60000)
                page.get_by_role("tab", name="Customer File").click()
            page.wait_for_timeout(1500)
            visible = page.get_by_text(expected).first.is_visible()
            page.screenshot(path=os.path.join(args.output, f"{name}.png"))
            print(f"{'ok' if visible else 'MISSING'} {name}: '{expected}'", flush=True)
            failures += not visible
        browser.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
