"""The addons as OCA publishes them: a wheel per addon (``whool``), installed with pip, found
by Odoo with no addons path to this checkout."""

import ast
import email.parser
import glob
import os
import subprocess
import sys
import zipfile

from conftest import ROOT, odoo_argv

ADDONS_DIR = os.path.join(ROOT, "addons")
# Odoo modules only our bridges wait for (as tools/suite.py installs them)
BRIDGED_CORE_MODULES = ["sale_stock", "spreadsheet_dashboard"]


def manifest(addon):
    with open(os.path.join(ADDONS_DIR, addon, "__manifest__.py"), encoding="utf-8") as f:
        return ast.literal_eval(f.read())


def wheel_requirements(path):
    with zipfile.ZipFile(path) as wheel:
        name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(wheel.read(name).decode())
    return {requirement.split("=")[0].split(">")[0].split("<")[0].strip().lower()
            for requirement in metadata.get_all("Requires-Dist") or []}  # fmt: skip


def psql(db, sql):
    result = subprocess.run(
        ["psql", "-X", "-At", "-d", db, "-c", sql], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_wheels_install_and_odoo_finds_the_addons_without_the_checkout(suite, tmp_path):
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    ours = suite["addons"]
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    # every wheel, as an integrator builds them (whool reads the manifest)
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels),
         *(os.path.join(ADDONS_DIR, addon) for addon in ours)],
        check=True, cwd=ROOT,
    )  # fmt: skip
    built = {
        os.path.basename(path).split("-")[0].removeprefix("odoo_addon_"): path
        for path in glob.glob(str(wheels / "*.whl"))
    }
    assert sorted(built) == sorted(ours)
    for addon, path in built.items():
        wanted = manifest(addon)
        requirements = wheel_requirements(path)
        assert "odoo" in requirements, addon
        for dependency in wanted.get("depends", []):
            if dependency in ours:
                assert f"odoo-addon-{dependency}" in requirements, (addon, dependency)
        for package in wanted.get("external_dependencies", {}).get("python", []):
            assert package.lower() in requirements, (addon, package)
    # lunar-python and chinesecalendar come with the wheels of the addons that use them
    assert "lunar_python" in wheel_requirements(built["crm_customer_core"])
    assert "chinesecalendar" in wheel_requirements(built["crm_feedback"])

    subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(site), *built.values()], check=True
    )
    # Odoo's own addons only: ours come from the installed wheels, found through sys.path
    odoo_only = ",".join(
        path for path in suite["addons_path"].split(",")
        if os.path.realpath(path) != os.path.realpath(ADDONS_DIR)
    )  # fmt: skip
    db = "crmtest_wheels"
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    argv = odoo_argv(dict(suite, addons_path=odoo_only), db)
    # Odoo's own tree first: the wheels' odoo/addons folders must not hide the odoo package
    # (an editable Odoo is found by an import hook that comes after them)
    odoo_root = subprocess.run(
        [suite["odoo"][0], "-c", "import odoo, os; print(os.path.dirname(odoo.__path__[0]))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([odoo_root, str(site)]))
    addons = [a for a in ours if not manifest(a).get("auto_install")]
    try:
        result = subprocess.run(
            [*argv, "-i", ",".join(addons + BRIDGED_CORE_MODULES), "--without-demo=all",
             "--stop-after-init", "--log-level=warn"],
            capture_output=True, text=True, env=env, cwd=str(tmp_path), timeout=1200,
            check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-4000:]
        installed = psql(
            db,
            "SELECT name FROM ir_module_module WHERE state = 'installed' "
            f"AND name IN ({','.join(repr(a) for a in ours)}) ORDER BY name",
        ).split("\n")
        assert sorted(installed) == sorted(ours), "bridges install themselves too"
        # and they were imported from the wheels, not from this checkout
        probe = "import odoo.addons.crm_customer_core as addon; print(addon.__file__)"
        where = subprocess.run(
            [suite["odoo"][0], "-c", probe],
            capture_output=True, text=True, env=env, cwd=str(tmp_path), check=True,
        ).stdout  # fmt: skip
        assert where.startswith(str(site)), where
    finally:
        subprocess.run(["dropdb", "--if-exists", db], check=False)
