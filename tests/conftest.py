"""Cross-addon tests: they run against the database ``tools/suite.py test`` prepared with
every addon installed, through a real Odoo server started here."""

import contextlib
import json
import os
import socket
import subprocess
import time
import urllib.request
import xmlrpc.client

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def suite_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.exit(
            f"{name} is not set: run these tests through `python3 tools/suite.py test`",
            returncode=2,
        )
    return value


@pytest.fixture(scope="session")
def suite():
    return {
        "db": suite_env("CRM_SUITE_DB"),
        "addons_path": suite_env("CRM_SUITE_ADDONS_PATH"),
        "data_dir": suite_env("CRM_SUITE_DATA_DIR"),
        "odoo": json.loads(suite_env("CRM_SUITE_ODOO")),
        "addons": suite_env("CRM_SUITE_ADDONS").split(","),
    }


def odoo_argv(suite, db, *extra):
    return [
        *suite["odoo"],
        f"--addons-path={suite['addons_path']}",
        f"--data-dir={suite['data_dir']}",
        f"--db_host={os.environ['PGHOST']}",
        f"--db_port={os.environ['PGPORT']}",
        f"--db_user={os.environ['PGUSER']}",
        "-d",
        db,
        f"--db-filter=^{db}$",
        *extra,
    ]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_server(suite, name, *extra, env=None):
    """An Odoo server on the suite database, on a free port, logged to .local/logs/NAME.log."""
    port = free_port()
    log_path = os.path.join(ROOT, ".local", "logs", f"{name}.log")
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            odoo_argv(
                suite,
                suite["db"],
                f"--http-port={port}",
                "--http-interface=127.0.0.1",
                "--max-cron-threads=0",
                "--log-level=warn",
                *extra,
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                urllib.request.urlopen(f"{url}/web/health", timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"the Odoo server exited at start; see {log_path}")
                time.sleep(1)
        else:
            proc.kill()
            pytest.fail("the Odoo server did not answer within 120 s")
        try:
            yield {"url": url, "db": suite["db"]}
        finally:
            proc.terminate()
            proc.wait(30)


@pytest.fixture(scope="session")
def server(suite):
    with running_server(suite, "e2e-server") as srv:
        yield srv


class Rpc:
    """An XML-RPC session as one user."""

    def __init__(self, server, login, password):
        self.db, self.password = server["db"], password
        common = xmlrpc.client.ServerProxy(f"{server['url']}/xmlrpc/2/common")
        self.uid = common.authenticate(self.db, login, password, {})
        assert self.uid, f"login {login} refused"
        self.models = xmlrpc.client.ServerProxy(f"{server['url']}/xmlrpc/2/object", allow_none=True)

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(
            self.db, self.uid, self.password, model, method, list(args), kwargs
        )


@pytest.fixture(scope="session")
def admin(server):
    return Rpc(server, "admin", "admin")


@pytest.fixture(scope="session")
def rpc_as(server):
    return lambda login, password: Rpc(server, login, password)
