"""Paths, messages, ports and the addons of the checkout: what every part of the
suite's tooling uses."""

import ast
import glob
import os
import shutil
import socket
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADDONS_DIR = os.path.join(ROOT, "addons")
LOCAL = os.path.join(ROOT, ".local")


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


def our_addons():
    return sorted(
        os.path.basename(os.path.dirname(m))
        for m in glob.glob(os.path.join(ADDONS_DIR, "*", "__manifest__.py"))
    )


def manifest(addon):
    with open(os.path.join(ADDONS_DIR, addon, "__manifest__.py"), encoding="utf-8") as f:
        return ast.literal_eval(f.read())


def step(number, total, message):
    log(f"set-up {number}/{total}: {message}")


def run_step(argv, what, hint="", **kwargs):
    """Run a set-up command; on failure stop with its last lines and what to do."""
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, **kwargs)
    if proc.returncode:
        output = (proc.stdout + proc.stderr).strip()[-2500:]
        die(f"{what} failed:\n{output}\n{hint}".rstrip())
    return proc


def ensure_debian_packages(packages, purpose):
    """``packages``, (probe, Debian package, why) where the probe is a command or
    ``font:<family>``: installed with apt-get when missing (as root), else what to install is
    said and the command stops."""
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    missing = [
        package
        for probe, package, _why in packages
        if (probe[5:] not in fonts if probe.startswith("font:") else not shutil.which(probe))
    ]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        die(f"{purpose} need: sudo apt-get install {' '.join(missing)}")
    log(f"installing what {purpose} need: apt-get install {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run_step(["apt-get", "update", "-qq"], "apt-get update", env=env)
    run_step(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing],
        f"installing what {purpose} need",
        env=env,
    )
