"""The fresh-machine set-up of tools/suite.py without reaching Odoo's repository: a Python
that cannot import Odoo, ODOO_SOURCE pointing at the Odoo tree this machine has (copied, not
touched), and a virtualenv that reuses the machine's packages (pip fetches only the pins they
do not match, from the configured index)."""

import os
import shutil
import subprocess
import sys
import time

from conftest import ROOT


def run(argv, cwd, env, timeout=900):
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def copy_tooling(checkout):
    """The working tree's tools/ (suite.py and its package), committed or not."""
    shutil.rmtree(checkout / "tools")
    shutil.copytree(
        os.path.join(ROOT, "tools"), checkout / "tools",
        ignore=shutil.ignore_patterns("__pycache__"),
    )  # fmt: skip


def test_setup_from_a_local_odoo_source_then_reuse_then_clean(tmp_path):
    where = "import odoo, os; print(os.path.dirname(os.path.dirname(odoo.__file__)))"
    odoo_tree = subprocess.run(
        [sys.executable, "-c", where], capture_output=True, text=True, check=True
    ).stdout.strip()
    checkout = tmp_path / "checkout"
    subprocess.run(["git", "clone", "-q", ROOT, str(checkout)], check=True)
    # the working tree's tooling, committed or not
    copy_tooling(checkout)
    bare_python = tmp_path / "python-without-odoo"
    subprocess.run([sys.executable, "-m", "venv", str(bare_python)], check=True)
    python = str(bare_python / "bin" / "python")
    assert run([python, "-c", "import odoo"], checkout, dict(os.environ)).returncode != 0
    env = {
        key: value for key, value in os.environ.items() if key not in ("ODOO_PATH", "PYTHONPATH")
    }
    env.update(ODOO_SOURCE=odoo_tree, CRM_SUITE_VENV_SYSTEM_PACKAGES="1")

    first = run([python, "tools/suite.py", "setup"], checkout, env)
    output = first.stdout + first.stderr
    assert first.returncode == 0, output
    for number in range(1, 6):
        assert f"set-up {number}/5" in output
    local = checkout / ".local"
    imported = run(
        [str(local / "venv" / "bin" / "python"), "-c", "import odoo; print(odoo.__file__)"],
        checkout,
        env,
    )
    assert imported.stdout.startswith(str(local / "odoo")), imported.stdout + imported.stderr

    started = time.monotonic()
    again = run([python, "tools/suite.py", "setup"], checkout, env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "set-up 1/5" not in again.stdout and "using Odoo 18" in again.stdout
    assert time.monotonic() - started < 30, "the second run reuses the set-up"

    cleaned = run([python, "tools/suite.py", "clean"], checkout, env)
    assert cleaned.returncode == 0, cleaned.stdout + cleaned.stderr
    assert not local.exists()


def test_setup_says_what_is_wrong_with_an_unreachable_source(tmp_path):
    checkout = tmp_path / "checkout"
    subprocess.run(["git", "clone", "-q", ROOT, str(checkout)], check=True)
    copy_tooling(checkout)
    bare_python = tmp_path / "python-without-odoo"
    subprocess.run([sys.executable, "-m", "venv", str(bare_python)], check=True)
    env = {key: value for key, value in os.environ.items() if key != "ODOO_PATH"}
    env["ODOO_SOURCE"] = str(tmp_path / "no-such-odoo")
    result = run([str(bare_python / "bin" / "python"), "tools/suite.py", "test"], checkout, env)
    assert result.returncode != 0
    assert "cannot reach" in result.stderr and "ODOO_SOURCE" in result.stderr, result.stderr
