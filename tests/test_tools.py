"""The suite's own tooling, against the database server the suite runs on."""

import importlib.util
import os

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
    monkeypatch.setattr(tool, "LOCAL", str(local))
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
