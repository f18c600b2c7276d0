"""The benchmark command."""

import os
import subprocess
import sys

from . import common
from .common import ROOT, die, ensure_debian_packages, log, our_addons
from .postgres import Postgres, keep_offline
from .runs import Odoo

BENCH_PACKAGES = [("wrk", "wrk", "loads the license API against /web/health")]


def cmd_bench(args):
    ensure_debian_packages(BENCH_PACKAGES, "the benchmarks")
    pg = Postgres()
    pg.start()
    odoo = Odoo(pg)
    db = "crmbench"
    pg.dropdb(db)
    log("installing the addons without demo data on a fresh database")
    rc, out = odoo.run(
        db,
        "-i",
        # Odoo's own CRM is the floor the feedback gateway is measured against
        ",".join([*our_addons(), "crm"]),
        "--without-demo=all",
        "--stop-after-init",
        "--log-level=warn",
        logfile=os.path.join(common.LOCAL, "bench-install.log"),
    )
    if rc:
        die(f"install failed:\n{out[-3000:]}")
    keep_offline(pg, db, os.path.join(common.LOCAL, "bench-install.log"))
    env = odoo.suite_env(db)
    returncode = 0
    for script in (
        "bench_core.py",
        "bench_license.py",
        "bench_feedback.py",
        "bench_satisfaction.py",
        "bench_kpi.py",
        "bench_contract.py",
        "bench_health.py",
    ):
        log(f"benchmark {script}")
        argv = [sys.executable, os.path.join(ROOT, "tests", "benchmarks", script)]
        if args.small:
            argv.append("--small")
        returncode |= subprocess.run(argv, env=env, check=False).returncode
    return returncode
