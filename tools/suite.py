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
import ast
import atexit
import glob
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS_DIR = os.path.join(ROOT, "addons")
LOCAL = os.path.join(ROOT, ".local")
PG_VERSIONS = ("17", "16", "15", "14")


def free_port():
    """A TCP port nobody listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_taken(port):
    """Whether something already listens on ``port`` (as Odoo binds it: every interface)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return True
        return False


def log(msg):
    print(f"[suite] {msg}", flush=True)


def die(msg):
    print(f"[suite] ERROR: {msg}", file=sys.stderr, flush=True)
    sys.exit(2)


# --------------------------------------------------------------------------- set-up
ODOO_SOURCE = "https://github.com/odoo/odoo.git"
ODOO_BRANCH = "18.0"
VENV = os.path.join(LOCAL, "venv")
ODOO_TREE = os.path.join(LOCAL, "odoo")
# needs a compiler and the LDAP headers, and only serves LDAP logins: not for this suite
SKIPPED_REQUIREMENTS = ("python-ldap",)


def odoo_major(python, env=None):
    """Odoo's major version as ``python`` imports it, or None."""
    if not os.path.isfile(python):
        return None
    probe = subprocess.run(
        [python, "-c", "import odoo.release as r; print(r.version_info[0])"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return probe.stdout.strip() if probe.returncode == 0 else None


def step(number, total, message):
    log(f"set-up {number}/{total}: {message}")


def run_step(argv, what, hint="", **kwargs):
    """Run a set-up command; on failure stop with its last lines and what to do."""
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, **kwargs)
    if proc.returncode:
        output = (proc.stdout + proc.stderr).strip()[-2500:]
        die(f"{what} failed:\n{output}\n{hint}".rstrip())
    return proc


def ensure_odoo():
    """Make sure Odoo 18 can be run: the one installed, ``ODOO_PATH``, or the suite's own
    set-up under ``.local/`` (made on the first run, reused after), in which case this
    command starts again inside ``.local/venv``."""
    if os.environ.get("ODOO_PATH") or odoo_major(sys.executable) == "18":
        return
    venv_python = os.path.join(VENV, "bin", "python")
    if os.path.abspath(sys.executable).startswith(os.path.abspath(VENV)):
        die(f"Odoo does not import in {VENV}: run `python3 tools/suite.py clean` and again.")
    if odoo_major(venv_python) == "18":
        log(f"using Odoo 18 of {ODOO_TREE} in {VENV}")
    else:
        bootstrap(venv_python)
    os.environ["PATH"] = os.pathsep.join([os.path.join(VENV, "bin"), os.environ["PATH"]])
    os.execv(venv_python, [venv_python, os.path.abspath(__file__), *sys.argv[1:]])


def bootstrap(venv_python):
    log("Odoo 18 is not installed for this Python: setting it up under .local/ (once)")
    total = 5
    source = os.environ.get("ODOO_SOURCE") or ODOO_SOURCE
    step(1, total, f"Odoo {ODOO_BRANCH} source from {source} into {ODOO_TREE}")
    if not os.path.isfile(os.path.join(ODOO_TREE, "odoo-bin")):
        fetch_odoo(source)
    with open(os.path.join(ODOO_TREE, "odoo", "release.py"), encoding="utf-8") as release:
        if not re.search(r"^version_info = \(18,", release.read(), re.M):
            die(f"{source} is not Odoo {ODOO_BRANCH}: run `python3 tools/suite.py clean`.")

    step(2, total, f"a virtualenv in {VENV}")
    if not os.path.isfile(venv_python):
        argv = [sys.executable, "-m", "venv", VENV]
        if os.environ.get("CRM_SUITE_VENV_SYSTEM_PACKAGES"):
            argv.insert(-1, "--system-site-packages")  # offline: reuse the machine's packages
        run_step(argv, "creating the virtualenv", "Debian/Ubuntu: apt-get install python3-venv")
    pip = [venv_python, "-m", "pip", "install", "--disable-pip-version-check", "-q"]

    step(3, total, "Odoo's requirements (a few minutes the first time)")
    requirements = os.path.join(LOCAL, "odoo-requirements.txt")
    write_odoo_requirements(venv_python, requirements)
    run_step(
        [*pip, "-r", requirements],
        "installing Odoo's requirements",
        "Without network access pip cannot download them; a package without a wheel for this "
        "Python needs a compiler (Debian: apt-get install build-essential python3-dev "
        "libpq-dev libxml2-dev libxslt1-dev libjpeg-dev).",
    )
    step(4, total, "Odoo itself")
    run_step([*pip, "--no-deps", "-e", ODOO_TREE], "installing Odoo")
    step(5, total, "the suite's test tools")
    run_step([*pip, "-r", os.path.join(ROOT, "requirements-dev.txt")], "installing the tools")
    if odoo_major(venv_python) != "18":
        die(f"Odoo still does not import in {VENV}; run `python3 tools/suite.py clean`.")
    log("set-up done: later runs reuse it")


def fetch_odoo(source):
    """A shallow clone of a repository (URL or local git directory), or a copy of a plain
    source tree (hard links where the file system allows)."""
    os.makedirs(LOCAL, exist_ok=True)
    shutil.rmtree(ODOO_TREE, ignore_errors=True)
    plain_tree = os.path.isdir(source) and not (
        os.path.exists(os.path.join(source, ".git")) or os.path.isfile(os.path.join(source, "HEAD"))
    )
    if plain_tree:
        if not os.path.isfile(os.path.join(source, "odoo-bin")):
            die(f"ODOO_SOURCE={source} is not an Odoo source tree (no odoo-bin).")

        def link_or_copy(src, dst):
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)

        shutil.copytree(
            source,
            ODOO_TREE,
            symlinks=True,
            copy_function=link_or_copy,
            ignore=shutil.ignore_patterns(".git", "__pycache__", "*.egg-info"),
        )
        return
    if not shutil.which("git"):
        die("git is needed to get Odoo's source: apt-get install git")
    url = f"file://{os.path.abspath(source)}" if os.path.isdir(source) else source
    branches = subprocess.run(
        ["git", "ls-remote", "--heads", url, ODOO_BRANCH],
        capture_output=True,
        text=True,
        check=False,
    )
    if branches.returncode:
        die(
            f"cannot reach {source}: {branches.stderr.strip()[-500:]}\n"
            "Without network access, set ODOO_SOURCE to a local Odoo 18.0 tree or clone."
        )
    branch = ["--branch", ODOO_BRANCH] if branches.stdout.strip() else []  # else its HEAD
    run_step(
        ["git", "clone", "--quiet", "--depth", "1", *branch, url, ODOO_TREE],
        f"cloning {source}",
    )


def write_odoo_requirements(venv_python, path):
    """Odoo's requirements.txt as pins for this Python; on Python 3.11 and older its Python
    3.12 pins (the older ones build from source, these install from wheels)."""
    script = (
        "import sys\n"
        "from pip._vendor.packaging.markers import Marker\n"
        "from pip._vendor.packaging.requirements import Requirement\n"
        "env = {}\n"
        "if sys.version_info < (3, 12):\n"
        "    env = {'python_version': '3.12', 'python_full_version': '3.12.3'}\n"
        "skip = set(sys.argv[3:])\n"
        "with open(sys.argv[1]) as src, open(sys.argv[2], 'w') as out:\n"
        "    for line in src:\n"
        "        line = line.split('#')[0].strip()\n"
        "        if not line:\n"
        "            continue\n"
        "        req = Requirement(line)\n"
        "        if req.name.lower() in skip:\n"
        "            continue\n"
        "        if req.marker is None or req.marker.evaluate(env):\n"
        "            out.write(f'{req.name}{req.specifier}\\n')\n"
    )
    run_step(
        [
            venv_python,
            "-c",
            script,
            os.path.join(ODOO_TREE, "requirements.txt"),
            path,
            *SKIPPED_REQUIREMENTS,
        ],
        "reading Odoo's requirements",
    )


def cmd_clean(_args):
    """Stop the throwaway cluster if it runs, then remove .local/."""
    pg = Postgres()
    if not pg.external:
        for base in (os.path.join(LOCAL, "pg"), Postgres.tmp_cluster_dir()):
            datadir = os.path.join(base, "data")
            if os.path.isfile(os.path.join(datadir, "PG_VERSION")):
                pg.bindir, pg.datadir = pg._bindir(), datadir
                pg.stop()
                shutil.rmtree(base, ignore_errors=True)
    shutil.rmtree(LOCAL, ignore_errors=True)
    log(f"removed {LOCAL}")
    return 0


# --------------------------------------------------------------------------- Odoo
def odoo_command():
    """Return (argv prefix to run Odoo, environment, path of Odoo's own addons)."""
    env = dict(os.environ)
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path:
        odoo_bin = os.path.join(odoo_path, "odoo-bin")
        if not os.path.isfile(odoo_bin):
            die(f"ODOO_PATH={odoo_path} has no odoo-bin; point it at an Odoo 18.0 source tree.")
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [odoo_path, env.get("PYTHONPATH")]))
        prefix = [sys.executable, odoo_bin]
    else:
        prefix = [sys.executable, "-m", "odoo"]
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import odoo, odoo.release as r, os; "
            "core = os.path.join(os.path.dirname(odoo.__file__), 'addons'); "
            "top = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), 'addons'); "
            # the official tree keeps its apps in the top-level addons/, next to odoo/
            "paths = [core] + ([top] if not os.path.isdir(os.path.join(core, 'web')) "
            "and os.path.isdir(top) else []); "
            "print(r.version_info[0], ','.join(paths))",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        die(
            "Odoo 18 is not installed: `python3 -c 'import odoo'` fails.\n"
            "  Install Odoo 18.0 Community from source (https://www.odoo.com/documentation/18.0/"
            "administration/on_premise/source.html): clone it, `pip install -r requirements.txt`"
            " and `pip install -e .`, or set ODOO_PATH to the source tree.\n"
            "  Or use Docker: see docker/README.md.\n" + probe.stderr.strip()[-500:]
        )
    major, core_addons = probe.stdout.split()
    if major != "18":
        die(f"Odoo {major} found, this suite needs Odoo 18.0.")
    return prefix, env, core_addons


# --------------------------------------------------------------------------- PostgreSQL
class Postgres:
    """A configured server (PG* variables) or a throwaway local cluster."""

    def __init__(self):
        self.external = bool(os.environ.get("PGHOST") or os.environ.get("PGPORT"))
        self.host = os.environ.get("PGHOST", "127.0.0.1")
        self.port = os.environ.get("PGPORT", "5432")
        self.user = os.environ.get("PGUSER", "odoo")
        self.password = os.environ.get("PGPASSWORD", "")
        self.bindir = None
        self.datadir = None

    def _bindir(self):
        for version in PG_VERSIONS:
            path = f"/usr/lib/postgresql/{version}/bin"
            if os.path.isfile(os.path.join(path, "initdb")):
                return path
        found = shutil.which("initdb")
        if found:
            return os.path.dirname(found)
        if os.geteuid() == 0 and shutil.which("apt-get"):
            log("PostgreSQL server binaries missing: apt-get install postgresql")
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            run_step(["apt-get", "update", "-qq"], "apt-get update", env=env)
            run_step(
                ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
                "installing PostgreSQL",
                env=env,
            )
            return self._bindir()
        die(
            "No PostgreSQL server binaries (initdb) found. Install them "
            "(Debian/Ubuntu: sudo apt-get install postgresql) or set PGHOST/PGPORT to a server."
        )

    @staticmethod
    def tmp_cluster_dir():
        digest = hashlib.sha1(ROOT.encode()).hexdigest()[:10]
        return os.path.join(tempfile.gettempdir(), f"crm-suite-pg-{digest}")

    def _cluster_dir(self):
        """``.local/pg`` of the checkout; when run as root and the postgres user cannot reach
        the checkout (a home folder closed to others), a folder of its own under /tmp."""
        base = os.path.join(LOCAL, "pg")
        os.makedirs(base, exist_ok=True)
        if os.geteuid() != 0:
            return base
        shutil.chown(LOCAL, "postgres")
        shutil.chown(base, "postgres")
        if self._postgres_can_write(base):
            return base
        base = self.tmp_cluster_dir()
        os.makedirs(base, exist_ok=True)
        shutil.chown(base, "postgres")
        if not self._postgres_can_write(base):
            die(f"the postgres user cannot write {base}; set PGHOST/PGPORT to a server instead.")
        log(f"the postgres user cannot reach {LOCAL}: the cluster lives in {base}")
        return base

    @staticmethod
    def _postgres_can_write(path):
        test = ["runuser", "-u", "postgres", "--", "test", "-w", path]
        return subprocess.run(test, check=False).returncode == 0

    def _as_owner(self, argv):
        # PostgreSQL refuses to run as root: run its binaries as the postgres user then.
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *argv]
        return argv

    def start(self):
        if self.external:
            log(f"using PostgreSQL at {self.host}:{self.port} as {self.user}")
            return
        self.bindir = self._bindir()
        base = self._cluster_dir()
        self.datadir = os.path.join(base, "data")
        if not os.path.isfile(os.path.join(self.datadir, "PG_VERSION")):
            log(f"initialising a throwaway PostgreSQL cluster in {self.datadir}")
            subprocess.run(
                self._as_owner(
                    [
                        os.path.join(self.bindir, "initdb"),
                        "-D",
                        self.datadir,
                        "--auth=trust",
                        "-U",
                        "postgres",
                        "-E",
                        "UTF8",
                        "--locale=C",
                    ]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        self._stop_quietly()
        self.port = str(free_port())
        self.host = "127.0.0.1"
        options = (
            f"-p {self.port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
            "-c shared_buffers=512MB -c work_mem=32MB -c maintenance_work_mem=256MB"
        )
        subprocess.run(
            self._as_owner(
                [
                    os.path.join(self.bindir, "pg_ctl"),
                    "-D",
                    self.datadir,
                    "-o",
                    options,
                    "-l",
                    os.path.join(base, "server.log"),
                    "-w",
                    "start",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        atexit.register(self.stop)
        subprocess.run(
            [
                "psql",
                "-h",
                self.host,
                "-p",
                self.port,
                "-U",
                "postgres",
                "-qc",
                "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='odoo') "
                "THEN CREATE ROLE odoo SUPERUSER LOGIN; END IF; END$$",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.user = "odoo"
        log(f"local PostgreSQL started on 127.0.0.1:{self.port}")

    def _stop_quietly(self):
        subprocess.run(
            self._as_owner(
                [os.path.join(self.bindir, "pg_ctl"), "-D", self.datadir, "-m", "fast", "stop"]
            ),
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def stop(self):
        if self.datadir:
            self._stop_quietly()
            log("local PostgreSQL stopped")
            self.datadir = None

    def env(self):
        return {
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
        }

    def odoo_args(self):
        args = [f"--db_host={self.host}", f"--db_port={self.port}", f"--db_user={self.user}"]
        if self.password:
            args.append(f"--db_password={self.password}")
        return args

    def psql(self, sql, db="postgres"):
        env = dict(os.environ, **self.env())
        return subprocess.run(
            ["psql", "-X", "-At", "-d", db, "-c", sql],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    def dropdb(self, name):
        self.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def copydb(self, source, target):
        self.dropdb(target)
        result = self.psql(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
        if result.returncode:
            die(result.stderr)


# Odoo's online services (IAP partner autocomplete, SMS, the update notification) are pointed
# at a closed loopback port in the databases this tool creates: tests and demos stay offline.
OFFLINE_SQL = """
INSERT INTO ir_config_parameter (key, value, create_date, write_date)
SELECT k, 'http://127.0.0.1:9', now(), now()
  FROM unnest(ARRAY['iap.endpoint', 'iap.partner_autocomplete.endpoint', 'enrich.endpoint',
                    'sms.endpoint', 'snailmail.endpoint']) k
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
UPDATE ir_cron SET active = false WHERE id IN (
    SELECT res_id FROM ir_model_data
     WHERE model = 'ir.cron' AND name = 'ir_cron_module_update_notification');
DO $$BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'res_company'
               AND column_name = 'iap_enrich_auto_done') THEN
        UPDATE res_company SET iap_enrich_auto_done = true;
    END IF;
END$$;
"""


def keep_offline(pg, db, logfile):
    installed = pg.psql("SELECT to_regclass('ir_config_parameter') IS NOT NULL", db=db)
    if installed.stdout.strip() != "t":
        die(f"Odoo did not install database {db}: the reason is at the end of {logfile}")
    result = pg.psql(OFFLINE_SQL, db=db)
    if result.returncode:
        die(f"could not configure {db} offline: {result.stderr}")


# --------------------------------------------------------------------------- Odoo runs
def our_addons():
    return sorted(
        os.path.basename(os.path.dirname(m))
        for m in glob.glob(os.path.join(ADDONS_DIR, "*", "__manifest__.py"))
    )


def manifest(addon):
    with open(os.path.join(ADDONS_DIR, addon, "__manifest__.py"), encoding="utf-8") as f:
        return ast.literal_eval(f.read())


class Odoo:
    def __init__(self, pg):
        self.prefix, self.env, core_addons = odoo_command()
        self.env.update(pg.env())
        self.pg = pg
        self.addons_path = f"{core_addons},{ADDONS_DIR}"
        self.data_dir = os.path.join(LOCAL, "odoo-data")

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


# --------------------------------------------------------------------------- static checks
def static_checks():
    """Each check is one test: (name, ok, output)."""
    results = []
    addon_dirs = [os.path.join(ADDONS_DIR, a) for a in our_addons()]

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
    po_files = glob.glob(os.path.join(ADDONS_DIR, "*", "i18n", "*.po*"))
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
    for path in sorted(glob.glob(os.path.join(ADDONS_DIR, "*", "**", "*.py"), recursive=True)):
        with open(path, encoding="utf-8") as source:
            for number, line in enumerate(source, 1):
                if DATABASE_CLOCK.search(line):
                    found.append(f"{os.path.relpath(path, ROOT)}:{number}: {line.strip()}")
    hint = "take the time from Odoo instead: fields.Datetime.now() passed as a parameter"
    return ("no database clock in addon SQL", not found, "\n".join(found + [hint] * bool(found)))


# --------------------------------------------------------------------------- commands
# what the tests use beyond Python: (command or font, Debian package, why)
TEST_PACKAGES = [
    ("chromium", "chromium", "the browser tests"),
    ("docker-compose", "docker-compose", "validates docker/"),
    ("wkhtmltopdf", "wkhtmltopdf", "QWeb PDF reports"),
    ("pdftotext", "poppler-utils", "reads the PDFs"),
    ("psql", "postgresql-client", "the cross-addon tests"),
    ("font:Noto Sans CJK", "fonts-noto-cjk", "Chinese in screenshots"),
]
BROWSER_VENV = os.path.join(LOCAL, "browser-venv")


def ensure_test_tools():
    """The Debian packages and the Playwright virtualenv the tests need: installed when
    missing (packages only as root), else what to install is said."""
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    missing = [
        package
        for probe, package, _why in TEST_PACKAGES
        if (probe[5:] not in fonts if probe.startswith("font:") else not shutil.which(probe))
    ]
    if missing:
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            die(f"the tests need: sudo apt-get install {' '.join(missing)}")
        log(f"installing what the tests need: apt-get install {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run_step(["apt-get", "update", "-qq"], "apt-get update", env=env)
        run_step(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
            "installing the test packages",
            env=env,
        )
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
    os.makedirs(os.path.join(LOCAL, "logs"), exist_ok=True)
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
        logfile = os.path.join(LOCAL, "logs", f"{addon}.log")
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
    logfile = os.path.join(LOCAL, "logs", "all.log")
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
    junit = os.path.join(LOCAL, "logs", "pytest.xml")
    env = dict(
        odoo.env,
        CRM_SUITE_DB=all_db,
        CRM_SUITE_ADDONS_PATH=odoo.addons_path,
        CRM_SUITE_DATA_DIR=odoo.data_dir,
        CRM_SUITE_ODOO=json.dumps(odoo.prefix),
        CRM_SUITE_ADDONS=",".join(addons),
    )
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
        build_demo(pg, odoo, db, os.path.join(LOCAL, "demo-install.log"))
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


def cmd_bench(args):
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
        logfile=os.path.join(LOCAL, "bench-install.log"),
    )
    if rc:
        die(f"install failed:\n{out[-3000:]}")
    keep_offline(pg, db, os.path.join(LOCAL, "bench-install.log"))
    env = dict(
        odoo.env,
        CRM_SUITE_DB=db,
        CRM_SUITE_ADDONS_PATH=odoo.addons_path,
        CRM_SUITE_DATA_DIR=odoo.data_dir,
        CRM_SUITE_ODOO=json.dumps(odoo.prefix),
    )
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
    os.makedirs(LOCAL, exist_ok=True)
    ensure_odoo()
    commands = {"test": cmd_test, "demo": cmd_demo, "bench": cmd_bench, "setup": cmd_setup}
    return commands[args.command](args)


def cmd_setup(_args):
    prefix, _env, core_addons = odoo_command()
    log(f"Odoo 18 ready: {' '.join(prefix)} (addons {core_addons})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
