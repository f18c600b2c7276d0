"""The demo command: the Chinese software vendor's database, built once, then served."""

import os
import re
import subprocess
import time

from . import common
from .common import ROOT, die, log, our_addons, port_taken
from .postgres import Postgres, keep_offline
from .runs import Odoo

LOADING_RE = re.compile(r"Loading module (\S+) \((\d+)/(\d+)\)")


def run_with_progress(odoo, db, logfile, *extra):
    """Run Odoo with ``extra`` and print a line per module it loads (Odoo's own log goes to
    ``logfile``); the return code."""
    argv = odoo.argv(db, *extra, "--log-handler=odoo.modules.loading:DEBUG")
    started = time.time()
    os.makedirs(os.path.dirname(logfile), exist_ok=True)
    with open(logfile, "a", encoding="utf-8") as out:
        proc = subprocess.Popen(
            argv, env=odoo.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        for line in proc.stdout:
            out.write(line)
            match = LOADING_RE.search(line)
            if match:
                name, done, total = match.groups()
                log(f"  [{time.time() - started:4.0f}s] {done}/{total} {name}")
        return proc.wait()


def cmd_demo(args):
    if port_taken(args.port):
        die(
            f"port {args.port} is already in use (another demo or Odoo?): stop it, or serve "
            f"this one with `python3 tools/suite.py demo --port {args.port + 1}`."
        )
    pg = Postgres()
    pg.start()
    odoo = Odoo(pg)
    db = args.db
    exists = pg.psql(f"SELECT 1 FROM pg_database WHERE datname = '{db}'")
    if exists.stdout.strip() != "1":
        build_demo(pg, odoo, db, os.path.join(common.LOCAL, "demo-install.log"))
    log(
        f"demo server on http://localhost:{args.port} (database {db}). Logins: admin / admin "
        "(sales manager, all apps), demo / demo (salesperson), portal / portal (customer "
        "portal). Ctrl-C stops it"
    )
    rc, _ = odoo.run(db, f"--http-port={args.port}", "--http-interface=127.0.0.1")
    return rc


DEMO_COMPANY_SCRIPT = os.path.join(ROOT, "tools", "demo_company.py")


def build_demo(pg, odoo, db, logfile):
    """The demo database: a Chinese software vendor (``tools/demo_company.py``) with every
    addon and its demo data, Chinese installed next to English."""
    addons = ",".join(our_addons())
    open(logfile, "w", encoding="utf-8").close()
    # Chinese is switched on in step 2, not here: loaded with the database it would make
    # OdooBot, who installs everything, write half-translated notes ("Contact 创建")
    log(f"creating database {db} (1/3): Odoo itself ({logfile})")
    if run_with_progress(odoo, db, logfile, "-i", "base", "--stop-after-init"):
        die(f"creating the database failed, see {logfile}")
    log(f"creating database {db} (2/3): the company, in China and in CNY, its users in Chinese")
    if odoo.shell(db, demo_company_code("before_addons"), logfile):
        die(f"could not set up the demo company, see {logfile}")
    log(f"creating database {db} (3/3): {addons} with demo data, about 2 min")
    if run_with_progress(
        odoo, db, logfile, "-i", addons, "--load-language=zh_CN", "--stop-after-init"
    ):
        pg.dropdb(db)
        die(f"install failed, see {logfile}")
    if odoo.shell(db, demo_company_code("after_addons"), logfile):
        pg.dropdb(db)
        die(f"could not finish the demo company, see {logfile}")
    keep_offline(pg, db, logfile)


def demo_company_code(step):
    """Code for ``odoo shell`` that runs ``step`` of the demo company script and commits."""
    return (
        f"import runpy\nrunpy.run_path({DEMO_COMPANY_SCRIPT!r})[{step!r}](env)\nenv.cr.commit()\n"
    )
