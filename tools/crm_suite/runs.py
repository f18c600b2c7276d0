"""Odoo runs: installs, Odoo's own tests and their counts."""

import json
import os
import re
import subprocess

from . import common
from .common import free_port
from .install import odoo_command


class Odoo:
    def __init__(self, pg):
        self.prefix, self.env, core_addons = odoo_command()
        self.env.update(pg.env())
        self.pg = pg
        self.addons_path = f"{core_addons},{common.ADDONS_DIR}"
        self.data_dir = os.path.join(common.LOCAL, "odoo-data")

    def suite_env(self, db, **extra):
        """The environment of the scripts that start Odoo on ``db`` themselves (the
        cross-addon tests, the benchmarks): how to run it and where."""
        return dict(
            self.env,
            CRM_SUITE_DB=db,
            CRM_SUITE_ADDONS_PATH=self.addons_path,
            CRM_SUITE_DATA_DIR=self.data_dir,
            CRM_SUITE_ODOO=json.dumps(self.prefix),
            **extra,
        )

    def argv(self, db, *extra):
        # Ports of their own unless asked for: Odoo's test servers and installs then run
        # beside a demo (or anything else) on 8069 and 8072.
        ports = [
            f"--{option}={free_port()}"
            for option in ("http-port", "gevent-port")
            if not any(arg.startswith(f"--{option}") for arg in extra)
        ]
        return [
            *self.prefix,
            f"--addons-path={self.addons_path}",
            f"--data-dir={self.data_dir}",
            *self.pg.odoo_args(),
            "-d",
            db,
            f"--db-filter=^{re.escape(db)}$",
            *ports,
            *extra,
        ]

    def run(self, db, *extra, logfile=None):
        argv = self.argv(db, *extra)
        if logfile:
            # the folder exists with a throwaway cluster only: with PGHOST it may not yet
            os.makedirs(os.path.dirname(logfile), exist_ok=True)
            with open(logfile, "w", encoding="utf-8") as out:
                proc = subprocess.run(
                    argv, env=self.env, stdout=out, stderr=subprocess.STDOUT, check=False
                )
            with open(logfile, encoding="utf-8", errors="replace") as f:
                return proc.returncode, f.read()
        return subprocess.run(argv, env=self.env, check=False).returncode, ""

    def shell(self, db, code, logfile):
        """Run Python ``code`` in ``odoo shell`` on ``db`` (``env`` is there); the return code."""
        argv = self.argv(db, "--no-http")
        argv.insert(len(self.prefix), "shell")
        with open(logfile, "a", encoding="utf-8") as out:
            return subprocess.run(
                argv,
                input=code,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                text=True,
                check=False,
            ).returncode

    def install_and_test(self, db, addons, test_tags, logfile):
        """Install ``addons`` on ``db`` with the tests selected by ``test_tags``; the log."""
        _rc, output = self.run(
            db,
            "-i",
            ",".join(addons),
            "--test-enable",
            f"--test-tags={test_tags}",
            "--stop-after-init",
            "--log-level=test",
            logfile=logfile,
        )
        return output


# Odoo modules that only a bridge of ours needs (crm_satisfaction_stock: sale_stock; the
# *_dashboard bridges: the Dashboards app)
BRIDGED_CORE_MODULES = ["sale_stock", "spreadsheet_dashboard"]

RESULT_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
FAIL_RE = re.compile(r"^\S+ \S+ \d+ (?:ERROR|CRITICAL) .*$", re.M)


def odoo_test_counts(output):
    """(passed, failed) from an Odoo --test-enable log; a run without a report is one failure."""
    reports = RESULT_RE.findall(output)
    if not reports:
        return 0, 1
    failures, errors, total = (int(n) for n in reports[-1])
    failed = failures + errors
    if total == 0:
        return 0, 1
    return total - failed, failed
