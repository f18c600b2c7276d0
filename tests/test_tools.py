"""The suite's own tooling, against the database server the suite runs on."""

import argparse
import importlib.util
import os
import socket

import pytest
from conftest import ROOT


def load_suite_module():
    spec = importlib.util.spec_from_file_location("suite", os.path.join(ROOT, "tools", "suite.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_commands_work_with_a_configured_server_and_no_local_folder(tmp_path, monkeypatch, suite):
    """With PGHOST/PGPORT set, nothing creates the checkout's .local/ folder: a command that
    writes its log there (bench, demo) must create it (it once failed with FileNotFoundError)."""
    tool = load_suite_module()
    local = tmp_path / "fresh-checkout" / ".local"
    monkeypatch.setattr(tool.common, "LOCAL", str(local))
    monkeypatch.setenv("PGHOST", os.environ["PGHOST"])
    monkeypatch.setenv("PGPORT", os.environ["PGPORT"])
    pg = tool.Postgres()
    pg.start()
    assert pg.external
    odoo = tool.Odoo(pg)
    logfile = os.path.join(str(local), "bench-install.log")
    rc, output = odoo.run(suite["db"], "--version", logfile=logfile)
    assert rc == 0, output
    assert "Odoo" in output
    assert os.path.isfile(logfile)


def test_database_clock_in_addon_sql_fails_the_static_checks(tmp_path, monkeypatch):
    """A figure computed with PostgreSQL's now() disagrees with frozen-time tests and passes
    only in the week it was written: the static checks refuse it in any addon file."""
    tool = load_suite_module()
    assert tool.database_clock_check()[1], tool.database_clock_check()[2]
    models = tmp_path / "crm_dated" / "models"
    models.mkdir(parents=True)
    (models / "report.py").write_text(
        "SQL = \"SELECT count(*) FILTER (WHERE deadline <= now() at time zone 'UTC')\"\n"
        'LATER = "WHERE day < CURRENT_DATE"\n'
        "fine = fields.Datetime.now()\n"
    )
    monkeypatch.setattr(tool.common, "ADDONS_DIR", str(tmp_path))
    name, ok, output = tool.database_clock_check()
    assert not ok
    assert "crm_dated/models/report.py:1:" in output and "report.py:2:" in output
    assert "report.py:3:" not in output


def test_odoo_runs_pick_their_own_ports(suite):
    """Installs and Odoo's own test servers never ask for 8069/8072, where a demo serves;
    a port given on purpose (the demo's) is kept."""
    tool = load_suite_module()
    pg = tool.Postgres()
    pg.start()
    odoo = tool.Odoo(pg)
    argv = odoo.argv(suite["db"], "-i", "base")
    ports = [int(a.split("=")[1]) for a in argv if a.startswith(("--http-port", "--gevent-port"))]
    assert len(ports) == 2 and not set(ports) & set(tool.DEFAULT_ODOO_PORTS), argv
    served = odoo.argv(suite["db"], "--http-port=8069")
    assert [a for a in served if a.startswith("--http-port")] == ["--http-port=8069"]


def test_demo_on_a_taken_port_says_so_in_one_line(capsys):
    tool = load_suite_module()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert tool.port_taken(port)
        with pytest.raises(SystemExit):
            tool.cmd_demo(argparse.Namespace(port=port, db="never_created"))
    message = capsys.readouterr()
    text = (message.out + message.err).strip()
    assert f"port {port} is already in use" in text and "--port" in text
    assert len(text.splitlines()) == 1, text
