"""Real PDFs: the license certificate rendered by wkhtmltopdf on a running server (Odoo's
test mode renders HTML instead), for its customer only."""

import os
import re
import shutil
import subprocess
import urllib.parse
import uuid
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, build_opener

import pytest
from conftest import ROOT


class NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def portal_session(server, login):
    """An HTTP session logged in as ``login`` (password = login); redirects not followed."""
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    page = opener.open(f"{server['url']}/web/login?db={server['db']}").read().decode()
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    opener.open(
        f"{server['url']}/web/login",
        urllib.parse.urlencode({"login": login, "password": login, "csrf_token": csrf}).encode(),
    ).read()
    cookies = next(h for h in opener.handlers if isinstance(h, HTTPCookieProcessor))
    return build_opener(cookies, NoRedirect)


def pdf_text(content):
    return subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


def first_page_png(content, name):
    """The PDF's first page as .local/screenshots/<name>.png (the README's screenshot)."""
    output = os.path.join(ROOT, ".local", "screenshots")
    os.makedirs(output, exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-",
         os.path.join(output, name)],
        input=content,
        check=True,
    )  # fmt: skip
    return os.path.join(output, f"{name}.png")


def test_license_certificate_pdf_for_its_customer_only(server, admin, suite):
    if "crm_software_license" not in suite["addons"]:
        pytest.skip("crm_software_license is not installed")
    for tool in ("wkhtmltopdf", "pdftotext"):
        assert shutil.which(tool), f"{tool} is missing: .ci/run installs it (apt-get)"
    tag = uuid.uuid4().hex[:6]
    portal_group = admin("ir.model.data", "check_object_reference", "base", "group_portal")[1]
    product = admin(
        "product.product",
        "create",
        {"name": f"PDF suite {tag}", "type": "service", "is_software_license": True},
    )
    licenses = {}
    for who in ("owner", "stranger"):
        company = admin("res.partner", "create", {"name": f"PDF {who} {tag}", "is_company": True})
        login = f"pdf_{who}_{tag}"
        user = admin(
            "res.users",
            "create",
            {
                "name": login,
                "login": login,
                "password": login,
                "groups_id": [(6, 0, [portal_group])],
            },
        )
        partner = admin("res.users", "read", [user], ["partner_id"])[0]["partner_id"][0]
        admin("res.partner", "write", [partner], {"parent_id": company})
        licenses[who] = admin(
            "crm.software.license",
            "create",
            {"partner_id": company, "product_id": product, "state": "active"},
        )
    number = admin("crm.software.license", "read", [licenses["owner"]], ["name"])[0]["name"]
    url = f"{server['url']}/my/licenses/{licenses['owner']}?report_type=pdf&download=true"

    owner = portal_session(server, f"pdf_owner_{tag}")
    response = owner.open(url, timeout=120)
    content = response.read()
    assert response.status == 200
    assert content.startswith(b"%PDF"), content[:200]
    assert number in pdf_text(content)

    stranger = portal_session(server, f"pdf_stranger_{tag}")
    with pytest.raises(HTTPError) as refused:
        stranger.open(url, timeout=120)
    assert refused.value.code in (302, 303), "another customer is sent back to /my"
    assert "/my" in refused.value.headers["Location"]


def test_satisfaction_comparison_pdf_for_managers_only(server, admin, suite):
    """The salesperson vs team vs company report as a real PDF; its first page is the
    README's screenshot."""
    if "crm_satisfaction" not in suite["addons"]:
        pytest.skip("crm_satisfaction is not installed")
    comparison = admin(
        "crm.satisfaction.comparison",
        "create",
        {"date_from": "2000-01-01", "date_to": "2100-12-31", "satisfaction_type": "sales"},
    )
    url = f"{server['url']}/report/pdf/crm_satisfaction.report_satisfaction_comparison/{comparison}"
    admin_session = portal_session(server, "admin")
    content = admin_session.open(url, timeout=120).read()
    assert content.startswith(b"%PDF"), content[:200]
    # the report's web font is drawn as outlines by Debian's wkhtmltopdf (pdftotext finds no
    # text): the words are checked in the HTML the PDF is made from, the page in the image
    html = admin_session.open(url.replace("/report/pdf/", "/report/html/"), timeout=120)
    html = html.read().decode()
    assert "Company average" in html and "Team average" in html
    # the company's letterhead is on the page where this wkhtmltopdf drops the layout's header
    version = subprocess.run(["wkhtmltopdf", "--version"], capture_output=True, text=True).stdout
    assert ("o_crm_letterhead" in html) == ("patched qt" not in version)
    assert os.path.getsize(first_page_png(content, "satisfaction-comparison-pdf")) > 20000
    # a plain salesperson may not run the comparison, nor print someone else's
    tag = uuid.uuid4().hex[:6]
    salesman_group = admin(
        "ir.model.data", "check_object_reference", "sales_team", "group_sale_salesman"
    )[1]
    login = f"pdf_sales_{tag}"
    admin(
        "res.users",
        "create",
        {"name": login, "login": login, "password": login, "groups_id": [(6, 0, [salesman_group])]},
    )
    with pytest.raises(HTTPError):
        portal_session(server, login).open(url, timeout=120)


def test_kpi_scorecard_pdf_for_its_managers_only(server, admin, suite):
    """The printed scorecard as a real PDF for a KPI manager; refused to an employee who
    does not manage its owner."""
    if "crm_kpi" not in suite["addons"]:
        pytest.skip("crm_kpi is not installed")
    [card] = admin(
        "crm.kpi.scorecard",
        "search_read",
        [("employee_id.name", "=", "Marc Demo")],
        fields=["id"],
        order="period_date desc",
        limit=1,
    )
    url = f"{server['url']}/report/pdf/crm_kpi.report_kpi_scorecard/{card['id']}"
    session = portal_session(server, "admin")
    content = session.open(url, timeout=120).read()
    assert content.startswith(b"%PDF"), content[:200]
    html = session.open(url.replace("/report/pdf/", "/report/html/"), timeout=120).read().decode()
    assert "Teamwork and attitude" in html and "Marc Demo" in html
    assert os.path.getsize(first_page_png(content, "kpi-scorecard-pdf")) > 20000
    tag = uuid.uuid4().hex[:6]
    login = f"pdf_employee_{tag}"
    employee_group = admin("ir.model.data", "check_object_reference", "base", "group_user")[1]
    admin(
        "res.users",
        "create",
        {"name": login, "login": login, "password": login, "groups_id": [(6, 0, [employee_group])]},
    )
    with pytest.raises(HTTPError):
        portal_session(server, login).open(url, timeout=120)
