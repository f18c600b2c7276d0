"""The static checks of the test command, each one test."""

import glob
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

from . import common
from .common import ROOT, our_addons


def static_checks():
    """Each check is one test: (name, ok, output)."""
    results = []
    addon_dirs = [os.path.join(common.ADDONS_DIR, a) for a in our_addons()]

    bad_xml = []
    for path in glob.glob(os.path.join(ROOT, "addons", "**", "*.xml"), recursive=True):
        try:
            ET.parse(path)
        except ET.ParseError as exc:
            bad_xml.append(f"{path}: {exc}")
    results.append(("xml well-formed", not bad_xml, "\n".join(bad_xml)))

    def tool(name, argv, cwd=ROOT):
        exe = shutil.which(argv[0])
        if not exe:
            results.append(
                (name, False, f"{argv[0]} is not installed (pip install -r requirements-dev.txt)")
            )
            return
        proc = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
        results.append((name, proc.returncode == 0, (proc.stdout + proc.stderr)[-6000:]))

    tool(
        "pylint-odoo (OCA mandatory)",
        ["pylint", f"--rcfile={os.path.join(ROOT, '.pylintrc-mandatory')}", *addon_dirs],
    )
    tool("oca-checks-odoo-module", ["oca-checks-odoo-module", *addon_dirs])
    po_files = glob.glob(os.path.join(common.ADDONS_DIR, "*", "i18n", "*.po*"))
    tool("oca-checks-po", ["oca-checks-po", *po_files])
    tool("ruff", ["ruff", "check", "addons", "tools", "tests"])
    tool(
        "dashboards match tools/dashboard_boards.py",
        [sys.executable, os.path.join(ROOT, "tools", "dashboards.py"), "--check"],
    )
    results.append(database_clock_check())
    return results


# PostgreSQL's clock in SQL: frozen-time tests and the screens then disagree, and a test
# passes only in the week it was written (GUIDE section 8, "One clock").
DATABASE_CLOCK = re.compile(
    r"(?<![\w.])now\(\)|\b(current_date|current_timestamp|localtimestamp|clock_timestamp"
    r"|statement_timestamp|transaction_timestamp)\b|'now'::",
    re.IGNORECASE,
)


def database_clock_check():
    """A test that fails where addon code reads PostgreSQL's clock instead of Odoo's."""
    found = []
    for path in sorted(
        glob.glob(os.path.join(common.ADDONS_DIR, "*", "**", "*.py"), recursive=True)
    ):
        with open(path, encoding="utf-8") as source:
            for number, line in enumerate(source, 1):
                if DATABASE_CLOCK.search(line):
                    found.append(f"{os.path.relpath(path, ROOT)}:{number}: {line.strip()}")
    hint = "take the time from Odoo instead: fields.Datetime.now() passed as a parameter"
    return ("no database clock in addon SQL", not found, "\n".join(found + [hint] * bool(found)))
