"""The main screens in headless Chromium, as a salesperson's manager sees them."""

import os
import subprocess

import pytest
from conftest import ROOT

BROWSER_PYTHON = os.path.join(ROOT, ".local", "browser-venv", "bin", "python")


def test_main_screens_render(server, suite):
    if not os.path.exists(BROWSER_PYTHON):
        pytest.fail("no browser virtualenv: tools/suite.py test creates .local/browser-venv")
    output = os.path.join(ROOT, ".local", "screenshots")
    result = subprocess.run(
        [
            BROWSER_PYTHON,
            os.path.join(ROOT, "tests", "browser", "screens.py"),
            server["url"],
            server["db"],
            output,
            *(["--licenses"] if "crm_software_license" in suite["addons"] else []),
            *(["--feedback"] if "crm_feedback" in suite["addons"] else []),
            *(["--satisfaction"] if "crm_satisfaction" in suite["addons"] else []),
            *(["--kpi"] if "crm_kpi" in suite["addons"] else []),
            *(["--contracts"] if "crm_contract" in suite["addons"] else []),
            *(["--competitors"] if "crm_competitor" in suite["addons"] else []),
            *(["--dashboards"] if "crm_customer_dashboard" in suite["addons"] else []),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert os.path.getsize(os.path.join(output, "customer-kanban.png")) > 10000
    if "crm_software_license" in suite["addons"]:
        assert os.path.getsize(os.path.join(output, "portal-license.png")) > 10000
    if "crm_feedback" in suite["addons"]:
        assert "ticket closed by the customer: Closed" in result.stdout
    if "crm_customer_dashboard" in suite["addons"]:
        assert "ok dashboard-kpi" in result.stdout
    if "crm_satisfaction" in suite["addons"]:
        assert "ok survey answered" in result.stdout
        assert "ok score on the customer" in result.stdout
