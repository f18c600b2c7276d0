"""The Docker set-up cannot run here (no engine); it is kept correct by validating it."""

import os
import shutil
import subprocess

import pytest
from conftest import ROOT

DOCKER = os.path.join(ROOT, "docker")


def compose_command():
    if (
        shutil.which("docker")
        and subprocess.run(
            ["docker", "compose", "version"], capture_output=True, check=False
        ).returncode
        == 0
    ):
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    pytest.fail(
        "neither `docker compose` nor `docker-compose` is installed "
        "(tools/suite.py test installs it as root)"
    )


def test_compose_file_is_valid():
    result = subprocess.run(
        [*compose_command(), "-f", os.path.join(DOCKER, "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        cwd=DOCKER,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    config = result.stdout
    assert "postgres:15" in config
    assert "/mnt/extra-addons" in config
    assert "8069" in config


def test_dockerfile_follows_the_official_image():
    with open(os.path.join(DOCKER, "Dockerfile"), encoding="utf-8") as f:
        dockerfile = f.read()
    assert dockerfile.splitlines()[0].startswith("FROM odoo:18.0")
    assert "/mnt/extra-addons" in dockerfile
    assert "requirements.txt" in dockerfile
    with open(os.path.join(DOCKER, "odoo.conf"), encoding="utf-8") as f:
        conf = f.read()
    assert "addons_path" in conf and "/mnt/extra-addons" in conf


def test_compose_serves_every_addon_through_the_suite_entrypoint():
    with open(os.path.join(DOCKER, "docker-compose.yml"), encoding="utf-8") as f:
        compose = f.read()
    assert "--init" not in compose, "initialising on every start belongs to the entrypoint"
    with open(os.path.join(DOCKER, "Dockerfile"), encoding="utf-8") as f:
        dockerfile = f.read()
    assert 'ENTRYPOINT ["/crm-entrypoint.sh"]' in dockerfile
    assert "tools/demo_company.py" in dockerfile


def run_entrypoint(tmp_path, installed, **env):
    """Run docker/crm-entrypoint.sh with stand-ins for the official entrypoint (which records
    each Odoo command line) and for psql (which says whether the database is initialised)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    calls = tmp_path / "calls"
    official = tmp_path / "entrypoint.sh"
    official.write_text(f'#!/bin/bash\necho "$@" >> {calls}\ncat > /dev/null\n')
    psql = tmp_path / "bin" / "psql"
    psql.parent.mkdir(exist_ok=True)
    psql.write_text(f"#!/bin/bash\necho {'1' if installed else ''}\n")
    for script in (official, psql):
        script.chmod(0o755)
    result = subprocess.run(
        ["bash", os.path.join(DOCKER, "crm-entrypoint.sh"), "--workers=2"],
        env=dict(
            os.environ,
            PATH=f"{psql.parent}:{os.environ['PATH']}",
            CRM_OFFICIAL_ENTRYPOINT=str(official),
            **env,
        ),
        input="",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return calls.read_text().splitlines()


ADDONS = "crm_customer_core,crm_software_license,crm_feedback,crm_satisfaction,crm_kpi"


def test_entrypoint_initialises_once_with_every_addon_and_chinese(tmp_path):
    first = run_entrypoint(tmp_path / "first", installed=False)
    assert first[0].startswith("odoo --init=" + ADDONS)
    assert "--load-language=zh_CN" in first[0] and "--without-demo=all" in first[0]
    assert "--stop-after-init" in first[0] and "--database=crm" in first[0]
    assert first[-1] == "odoo --database=crm --db-filter=^crm$ --workers=2"
    later = run_entrypoint(tmp_path / "later", installed=True)
    assert later == [f"odoo --database=crm --db-filter=^crm$ --update={ADDONS} --workers=2"]


def test_entrypoint_builds_the_demo_company_on_request(tmp_path):
    calls = run_entrypoint(tmp_path, installed=False, CRM_DEMO="1")
    assert calls[0].startswith("odoo --init=base")
    assert calls[1] == "odoo shell --database=crm --no-http"
    assert calls[2].startswith(f"odoo --init={ADDONS} --load-language=zh_CN --stop-after-init")
    assert calls[3] == "odoo shell --database=crm --no-http"
    assert "--without-demo" not in " ".join(calls)
