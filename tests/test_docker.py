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
