"""Odoo 18 for the suite: the one installed, ``ODOO_PATH``, or its own set-up under
``.local/`` (a clone of Odoo's source and a virtualenv), and the command that runs it."""

import os
import re
import shutil
import subprocess
import sys

from . import common
from .common import ROOT, die, log, run_step, step

ODOO_SOURCE = "https://github.com/odoo/odoo.git"
ODOO_BRANCH = "18.0"
VENV = os.path.join(common.LOCAL, "venv")
ODOO_TREE = os.path.join(common.LOCAL, "odoo")
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
    suite = os.path.join(ROOT, "tools", "suite.py")
    os.execv(venv_python, [venv_python, suite, *sys.argv[1:]])


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
    requirements = os.path.join(common.LOCAL, "odoo-requirements.txt")
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
    os.makedirs(common.LOCAL, exist_ok=True)
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
            "launcher = os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "
            "'odoo-bin'); "
            "print(r.version_info[0], ','.join(paths), "
            "launcher if os.path.isfile(launcher) else '-')",
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
    major, core_addons, launcher = probe.stdout.split()
    if major != "18":
        die(f"Odoo {major} found, this suite needs Odoo 18.0.")
    if prefix[1:] == ["-m", "odoo"] and launcher != "-":
        # Odoo with --workers starts its websocket server by running its own argv[0] again:
        # with `-m odoo` that is odoo/__main__.py, which cannot run as a script
        prefix = [sys.executable, launcher]
    return prefix, env, core_addons
