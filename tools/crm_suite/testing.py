"""The test command: static checks, each addon alone, all together, cross-addon tests."""

import atexit
import os
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

from . import common
from .checks import static_checks
from .common import ROOT, ensure_debian_packages, log, manifest, our_addons, run_step
from .postgres import Postgres, keep_offline
from .runs import BRIDGED_CORE_MODULES, FAIL_RE, Odoo, odoo_test_counts

TEST_PACKAGES = [
    ("chromium", "chromium", "the browser tests"),
    ("docker-compose", "docker-compose", "validates docker/"),
    ("wkhtmltopdf", "wkhtmltopdf", "QWeb PDF reports"),
    ("pdftotext", "poppler-utils", "reads the PDFs"),
    ("psql", "postgresql-client", "the cross-addon tests"),
    ("font:Noto Sans CJK", "fonts-noto-cjk", "Chinese in screenshots"),
]
BROWSER_VENV = os.path.join(common.LOCAL, "browser-venv")


def ensure_test_tools():
    """The Debian packages and the Playwright virtualenv the tests need: installed when
    missing (packages only as root), else what to install is said."""
    ensure_debian_packages(TEST_PACKAGES, "the tests")
    browser_python = os.path.join(BROWSER_VENV, "bin", "python")
    if not os.path.isfile(browser_python):
        log(f"a virtualenv with Playwright for the browser tests in {BROWSER_VENV}")
        run_step([sys.executable, "-m", "venv", BROWSER_VENV], "creating the browser virtualenv")
        run_step(
            [browser_python, "-m", "pip", "install", "-q", "--disable-pip-version-check",
             "-r", os.path.join(ROOT, "tests", "browser", "requirements.txt")],
            "installing Playwright",
        )  # fmt: skip


# Odoo's default HTTP and long-polling ports, where a demo or a developer's Odoo serves
DEFAULT_ODOO_PORTS = (8069, 8072)


def hold_default_ports():
    """Listen on Odoo's default ports while the tests run, where nothing else does: every run
    then proves that the test command works beside a running demo."""
    held = []
    for port in DEFAULT_ODOO_PORTS:
        sock = socket.socket()
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
            held.append(sock)
        except OSError:
            sock.close()  # taken already, by a demo perhaps: the same proof
    atexit.register(lambda: [sock.close() for sock in held])
    log(f"ports {' and '.join(map(str, DEFAULT_ODOO_PORTS))} are kept busy: tests use their own")


def cmd_test(args):
    ensure_test_tools()
    hold_default_ports()
    pg = Postgres()
    pg.start()
    odoo = Odoo(pg)
    os.makedirs(os.path.join(common.LOCAL, "logs"), exist_ok=True)
    passed = failed = 0
    report = []

    if not args.skip_static:
        log("static checks")
        for name, ok, output in static_checks():
            report.append(("static", name, 1 if ok else 0, 0 if ok else 1))
            if ok:
                passed += 1
            else:
                failed += 1
                print(f"--- static check failed: {name}\n{output}", flush=True)

    addons = args.addons.split(",") if args.addons else our_addons()
    bridges = [a for a in addons if manifest(a).get("auto_install")]
    for addon in [a for a in addons if a not in bridges]:
        db = f"crmtest_{addon}"
        pg.dropdb(db)
        logfile = os.path.join(common.LOCAL, "logs", f"{addon}.log")
        log(f"{addon}: install alone on a fresh database and run its tests ({logfile})")
        started = time.time()
        output = odoo.install_and_test(db, [addon], f"/{addon}", logfile)
        ok, ko = odoo_test_counts(output)
        report.append(("odoo", addon, ok, ko))
        passed, failed = passed + ok, failed + ko
        log(f"{addon}: {ok} passed, {ko} failed in {time.time() - started:.0f}s")
        if ko:
            print("\n".join(m.group(0) for m in FAIL_RE.finditer(output))[-12000:], flush=True)

    # All addons together (bridges install themselves); bridges' own tests run here.
    all_db = "crmtest_all"
    pg.dropdb(all_db)
    logfile = os.path.join(common.LOCAL, "logs", "all.log")
    tags = ",".join(f"/{b}" for b in bridges) or "/nothing_to_run"
    log(f"all addons together: {', '.join(addons)} ({logfile})")
    # with the Odoo modules our bridges to core apps wait for, so that they install and test
    output = odoo.install_and_test(all_db, [*addons, *BRIDGED_CORE_MODULES], tags, logfile)
    keep_offline(pg, all_db, logfile)
    pg.copydb(all_db, "crmtest_uninstall")  # copied now: later the e2e server holds the template
    installed = pg.psql(
        "SELECT count(*) FROM ir_module_module WHERE state='installed' "
        f"AND name IN ({','.join(repr(a) for a in addons)})",
        db=all_db,
    )
    all_ok = installed.stdout.strip() == str(len(addons))
    if bridges:
        ok, ko = odoo_test_counts(output)
    else:
        ok, ko = (1, 0) if all_ok else (0, 1)
    report.append(("odoo", "all addons together", ok, ko))
    passed, failed = passed + ok, failed + ko
    if ko:
        print("\n".join(m.group(0) for m in FAIL_RE.finditer(output))[-12000:], flush=True)

    # Cross-addon tests (pytest) against that database.
    log("cross-addon tests (tests/)")
    junit = os.path.join(common.LOCAL, "logs", "pytest.xml")
    env = odoo.suite_env(all_db, CRM_SUITE_ADDONS=",".join(addons), **pg.cluster_env())
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--junitxml={junit}",
            os.path.join(ROOT, "tests"),
        ],
        env=env,
        cwd=ROOT,
        check=False,
    )
    try:
        suite = ET.parse(junit).getroot()
        suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
        total = int(suite.get("tests"))
        ko = int(suite.get("failures")) + int(suite.get("errors"))
        ok = total - ko - int(suite.get("skipped"))
        if total == 0:
            ok, ko = 0, 1
    except (ET.ParseError, OSError, TypeError):
        ok, ko = 0, 1
    report.append(("pytest", "tests/", ok, ko))
    passed, failed = passed + ok, failed + ko

    print("\n=== summary ===")
    for kind, name, ok, ko in report:
        print(f"{kind:7} {name:40} {ok:4} passed {ko:3} failed")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
