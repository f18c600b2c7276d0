"""PostgreSQL for the suite: a configured server, or a throwaway cluster of its own."""

import atexit
import hashlib
import os
import shutil
import subprocess
import tempfile

from . import common
from .common import ROOT, die, free_port, log, run_step

PG_VERSIONS = ("17", "16", "15", "14")


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
        base = os.path.join(common.LOCAL, "pg")
        os.makedirs(base, exist_ok=True)
        if os.geteuid() != 0:
            return base
        shutil.chown(common.LOCAL, "postgres")
        shutil.chown(base, "postgres")
        if self._postgres_can_write(base):
            return base
        base = self.tmp_cluster_dir()
        os.makedirs(base, exist_ok=True)
        shutil.chown(base, "postgres")
        if not self._postgres_can_write(base):
            die(f"the postgres user cannot write {base}; set PGHOST/PGPORT to a server instead.")
        log(f"the postgres user cannot reach {common.LOCAL}: the cluster lives in {base}")
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

    def cluster_env(self):
        """Where the throwaway cluster lives, for the test that makes a standby of it."""
        if self.external or not self.datadir:
            return {}
        return {"CRM_SUITE_PG_BINDIR": self.bindir, "CRM_SUITE_PG_DATADIR": self.datadir}

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
