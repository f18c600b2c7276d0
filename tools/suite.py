#!/usr/bin/env python3
"""Run the CRM addon suite: a demo server, the whole test suite, or the benchmark.

    python3 tools/suite.py demo     # all addons with demo data on http://localhost:8069
    python3 tools/suite.py test     # static checks, each addon's Odoo tests, cross-addon tests
    python3 tools/suite.py bench    # scale benchmark, prints JSON and a table

    python3 tools/suite.py clean    # remove .local/ (the set-up, the cluster, the logs)

Odoo 18: the one ``python3`` imports, or the source tree named by ``ODOO_PATH``; otherwise the
commands set it up themselves: Odoo 18.0 source from ``ODOO_SOURCE`` (default: the official
repository's 18.0 branch; a local git directory or a plain tree works too) into
``.local/odoo``, a virtualenv ``.local/venv`` with its requirements and ours, then they run
inside it. PostgreSQL: ``PGHOST``/``PGPORT``/``PGUSER``/``PGPASSWORD`` when set, otherwise a
throwaway local cluster under ``.local/`` of this checkout, stopped at exit (the server
binaries are installed with apt-get when missing and run as root).
"""

import argparse
import os
import shutil
import sys

# the tooling lives next to this file, one concern per module of crm_suite/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from crm_suite import common  # noqa: E402
from crm_suite.bench import cmd_bench  # noqa: E402
from crm_suite.checks import database_clock_check, static_checks  # noqa: E402, F401
from crm_suite.common import log, port_taken  # noqa: E402, F401
from crm_suite.demo import build_demo, cmd_demo  # noqa: E402, F401
from crm_suite.install import ensure_odoo, odoo_command  # noqa: E402
from crm_suite.postgres import Postgres  # noqa: E402
from crm_suite.runs import Odoo  # noqa: E402, F401
from crm_suite.testing import DEFAULT_ODOO_PORTS, cmd_test  # noqa: E402, F401


def cmd_clean(_args):
    """Stop the throwaway cluster if it runs, then remove .local/."""
    pg = Postgres()
    if not pg.external:
        for base in (os.path.join(common.LOCAL, "pg"), Postgres.tmp_cluster_dir()):
            datadir = os.path.join(base, "data")
            if os.path.isfile(os.path.join(datadir, "PG_VERSION")):
                pg.bindir, pg.datadir = pg._bindir(), datadir
                pg.stop()
                shutil.rmtree(base, ignore_errors=True)
    shutil.rmtree(common.LOCAL, ignore_errors=True)
    log(f"removed {common.LOCAL}")
    return 0


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    test = sub.add_parser("test", help="static checks, Odoo tests per addon, cross-addon tests")
    test.add_argument("--addons", help="comma-separated subset of addons")
    test.add_argument("--skip-static", action="store_true")
    demo = sub.add_parser("demo", help="serve all addons with demo data")
    demo.add_argument("--port", type=int, default=8069)
    demo.add_argument("--db", default="crm_demo")
    bench = sub.add_parser("bench", help="scale benchmark")
    bench.add_argument("--small", action="store_true", help="a tenth of the sizes, for a try")
    sub.add_parser("setup", help="only set Odoo up under .local/ when it is not installed")
    sub.add_parser("clean", help="remove .local/: the set-up, the local cluster, the logs")
    args = parser.parse_args()
    if args.command == "clean":
        return cmd_clean(args)
    os.makedirs(common.LOCAL, exist_ok=True)
    ensure_odoo()
    commands = {"test": cmd_test, "demo": cmd_demo, "bench": cmd_bench, "setup": cmd_setup}
    return commands[args.command](args)


def cmd_setup(_args):
    prefix, _env, core_addons = odoo_command()
    log(f"Odoo 18 ready: {' '.join(prefix)} (addons {core_addons})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
