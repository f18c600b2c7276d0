#!/bin/bash
# Start the CRM suite on the official Odoo image: the first start initialises the database
# with every addon of the suite (their bridges install themselves) and Chinese; later starts
# update the addons and serve. CRM_DEMO=1 on the first start builds the demo company instead
# (a Chinese software vendor in CNY with demo data), as `python3 tools/suite.py demo` does.
set -euo pipefail

DB="${CRM_DB:-crm}"
ADDONS="${CRM_ADDONS:-crm_customer_core,crm_software_license,crm_feedback,crm_satisfaction,crm_kpi}"
OFFICIAL_ENTRYPOINT="${CRM_OFFICIAL_ENTRYPOINT:-/entrypoint.sh}"
DEMO_SCRIPT="${CRM_DEMO_SCRIPT:-/opt/crm-suite/demo_company.py}"

# the official entrypoint adds the database connection (HOST, PORT, USER, PASSWORD) and waits
# for PostgreSQL
odoo_on_db() { "$OFFICIAL_ENTRYPOINT" odoo "$@" --database="$DB" --db-filter="^${DB}\$"; }
odoo_shell() {
    printf 'import runpy\nrunpy.run_path(%s)[%s](env)\nenv.cr.commit()\n' \
        "'$DEMO_SCRIPT'" "'$1'" | "$OFFICIAL_ENTRYPOINT" odoo shell --database="$DB" --no-http
}
installed() {
    PGPASSWORD="${PASSWORD:-odoo}" psql -h "${HOST:-db}" -p "${PORT:-5432}" -U "${USER:-odoo}" \
        -d "$DB" -tAc "SELECT 1 FROM ir_module_module
                        WHERE name = 'crm_customer_core' AND state = 'installed'" \
        2>/dev/null || true
}

if [ "$(installed)" != "1" ]; then
    if [ "${CRM_DEMO:-0}" = "1" ]; then
        echo "crm-suite: first start, building the demo database $DB"
        odoo_on_db --init=base --stop-after-init
        odoo_shell before_addons
        odoo_on_db --init="$ADDONS" --load-language=zh_CN --stop-after-init
        odoo_shell after_addons
    else
        echo "crm-suite: first start, initialising $DB with $ADDONS (without demo data)"
        odoo_on_db --init="$ADDONS" --load-language=zh_CN --without-demo=all --stop-after-init
    fi
    exec "$OFFICIAL_ENTRYPOINT" odoo --database="$DB" --db-filter="^${DB}\$" "$@"
fi
echo "crm-suite: updating $ADDONS in $DB, then serving"
exec "$OFFICIAL_ENTRYPOINT" odoo --database="$DB" --db-filter="^${DB}\$" --update="$ADDONS" "$@"
