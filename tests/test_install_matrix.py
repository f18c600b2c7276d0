"""Each addon installs alone, all install together, and uninstalling leaves a usable database."""

import ast
import os
import subprocess
import textwrap

from conftest import ROOT, odoo_argv


def psql(db, sql):
    result = subprocess.run(
        ["psql", "-X", "-At", "-d", db, "-c", sql], capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def our_dependencies(addon, ours):
    """``addon`` and the addons of this suite it depends on, transitively."""
    with open(os.path.join(ROOT, "addons", addon, "__manifest__.py"), encoding="utf-8") as f:
        depends = ast.literal_eval(f.read()).get("depends", [])
    found = {addon}
    for dependency in depends:
        if dependency in ours:
            found |= our_dependencies(dependency, ours)
    return found


def auto_installs(addon):
    with open(os.path.join(ROOT, "addons", addon, "__manifest__.py"), encoding="utf-8") as f:
        return bool(ast.literal_eval(f.read()).get("auto_install"))


def test_each_addon_installed_alone(suite):
    """Each addon's database holds it and its declared dependencies, none of the others but
    the bridges they complete with Odoo's own apps (with ``sale``, Odoo installs its
    Dashboards app, and the board of the customer file comes with it)."""
    ours = suite["addons"]
    for addon in ours:
        db = f"crmtest_{addon}"
        if not psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{db}'"):
            continue  # bridge addons have no database of their own
        installed = set(psql(
            db,
            "SELECT name FROM ir_module_module WHERE state = 'installed' "
            f"AND name IN ({','.join(repr(a) for a in ours)}) ORDER BY name",
        ).split("\n"))  # fmt: skip
        expected = our_dependencies(addon, ours)
        bridges = {
            extra for extra in installed - expected
            if auto_installs(extra) and our_dependencies(extra, ours) - {extra} <= expected
        }  # fmt: skip
        assert installed - bridges == expected, f"{db}: {sorted(installed)}"
        assert not {b for b in bridges if not b.endswith("_dashboard")}, f"{db}: {bridges}"


def test_all_addons_installed_together(suite):
    count = psql(
        suite["db"],
        "SELECT count(*) FROM ir_module_module WHERE state = 'installed' "
        f"AND name IN ({','.join(repr(a) for a in suite['addons'])})",
    )
    assert int(count) == len(suite["addons"])


def test_update_of_a_database_with_demo_data(suite):
    """``-u`` on a database in use, demo data included, as the Docker image updates the
    addons at every start: nothing fails, nothing is left half-upgraded."""
    db = "crmtest_uninstall"  # a copy of the all-addons database, with demo data
    assert psql(db, "SELECT count(*) FROM ir_module_module WHERE demo AND name = 'base'") == "1"
    result = subprocess.run(
        odoo_argv(suite, db, "-u", ",".join(suite["addons"]), "--stop-after-init",
                  "--log-level=warn"),
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=900,
    )  # fmt: skip
    errors = [line for line in result.stderr.splitlines() if " ERROR " in line]
    assert result.returncode == 0 and not errors, result.stderr[-5000:]
    states = psql(
        db,
        "SELECT DISTINCT state FROM ir_module_module "
        f"WHERE name IN ({','.join(repr(a) for a in suite['addons'])})",
    )
    assert states == "installed"


def test_uninstall_leaves_a_usable_database(suite):
    db = "crmtest_uninstall"  # tools/suite.py copied it from the all-addons database
    script = textwrap.dedent(f"""
        import odoo
        from odoo.tools import config
        config.parse_config({odoo_argv(suite, db)[len(suite["odoo"]) :]!r})
        registry = odoo.modules.registry.Registry.new({db!r})
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {{}})
            ours = env["ir.module.module"].search([("name", "in", {suite["addons"]!r})])
            ours.button_immediate_uninstall()
        registry = odoo.modules.registry.Registry.new({db!r})
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {{}})
            partner = env["res.partner"].create({{"name": "After uninstall", "is_company": True}})
            env["sale.order"].create({{"partner_id": partner.id}})
            env["ir.ui.view"]._validate_custom_views("res.partner")
            env.ref("base.view_partner_form").get_views([(False, "form")])
            print("UNINSTALL-OK", sorted(env["ir.module.module"].search(
                [("name", "in", {suite["addons"]!r})]).mapped("state")))
    """)
    env = dict(os.environ)
    result = subprocess.run(
        [suite["odoo"][0], "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=900,
    )
    assert "UNINSTALL-OK" in result.stdout, result.stdout[-3000:] + result.stderr[-5000:]
    assert "'installed'" not in result.stdout.split("UNINSTALL-OK")[1]
    columns = psql(
        db,
        "SELECT count(*) FROM information_schema.columns "
        "WHERE table_name = 'res_partner' AND column_name IN "
        "('customer_stage_id', 'customer_code', 'customer_value_tier')",
    )
    assert columns == "0", "customer file columns are dropped"
    assert psql(db, "SELECT to_regclass('crm_customer_followup')") == ""
    psql("postgres", f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
