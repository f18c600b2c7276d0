"""The order-line facts the demand analysis reads, kept in step with the orders by PostgreSQL.

Joining every confirmed line to its order and to its ordering contact on each opening is
what made the pivot slow on large databases (0.4 s a grouping over 500,000 lines). The
facts table holds those joins once: one row per confirmed line, with its order's date,
salesperson, team, company and customer (the commercial partner) and its amount in the
company's currency. The customer profile is not copied: the report joins it live, so
profile changes, including the tier and lifecycle classification's bulk updates, show at
once and cost nothing here.

Triggers keep the rows right whatever writes the orders (the ORM, imports, SQL), by
rebuilding the facts of each order concerned:
- new lines;
- lines whose order, product, quantity, amount or kind changes;
- an order whose state, date, customer, salesperson, team, company or rate changes;
- a contact moved to another company (its orders change customer);
- removed lines (with their orders, too).
The order and contact triggers are limited to the columns they read, so other writes on
orders and contacts do not fire them.
"""

from odoo.tools import SQL

FACTS_TABLE = "crm_customer_demand_fact"
# the names of the triggers and of their functions
FACTS_PREFIX = "crm\\_customer\\_demand\\_"

# Rebuild the facts of the orders ``{orders}`` selects (a subquery on order ids) from their
# lines. Whole orders, so that ``order_count`` is 1 on exactly one line of each order: the
# report sums it to count orders without a count(DISTINCT) sort whenever no line-level
# dimension (product, category) is involved.
_REFRESH_ORDERS = """
    DELETE FROM crm_customer_demand_fact WHERE order_id IN ({orders});
    INSERT INTO crm_customer_demand_fact
           (id, order_id, order_count, partner_id, date, product_id, order_user_id, team_id,
            company_id, quantity, amount)
    SELECT l.id, s.id, CASE row_number() OVER (PARTITION BY s.id ORDER BY l.id) WHEN 1
                       THEN 1 ELSE 0 END,
           op.commercial_partner_id, s.date_order, l.product_id, s.user_id, s.team_id,
           s.company_id, l.product_uom_qty,
           l.price_subtotal
               / CASE COALESCE(s.currency_rate, 0) WHEN 0 THEN 1.0 ELSE s.currency_rate END
      FROM sale_order_line l
      JOIN sale_order s ON s.id = l.order_id
      JOIN res_partner op ON op.id = s.partner_id
     WHERE s.state = 'sale' AND l.display_type IS NULL AND l.is_downpayment IS NOT TRUE
       AND l.order_id IN ({orders});
"""

LINE_COLUMNS = (
    "order_id",
    "product_id",
    "product_uom_qty",
    "price_subtotal",
    "display_type",
    "is_downpayment",
)
ORDER_COLUMNS = (
    "state",
    "date_order",
    "partner_id",
    "user_id",
    "team_id",
    "company_id",
    "currency_rate",
)
_LINE_CHANGED = " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in LINE_COLUMNS)
_ORDER_CHANGED = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in ORDER_COLUMNS)

# (trigger, table, timing and events, function body). The line triggers are per statement,
# with the statement's rows as transition tables: a bulk import, a confirmation of many
# lines or an edit of a long order rebuilds each order once, in one set-based query.
_TRIGGERS = (
    (
        "crm_customer_demand_lines_added",
        "sale_order_line",
        "AFTER INSERT ON sale_order_line REFERENCING NEW TABLE AS crm_demand_new "
        "FOR EACH STATEMENT",
        _REFRESH_ORDERS.format(orders="SELECT order_id FROM crm_demand_new"),
    ),
    (
        "crm_customer_demand_lines_changed",
        "sale_order_line",
        "AFTER UPDATE ON sale_order_line "
        "REFERENCING OLD TABLE AS crm_demand_old NEW TABLE AS crm_demand_new "
        "FOR EACH STATEMENT",
        _REFRESH_ORDERS.format(
            orders="SELECT unnest(ARRAY[o.order_id, n.order_id]) FROM crm_demand_old o "
            f"JOIN crm_demand_new n ON n.id = o.id WHERE {_LINE_CHANGED}"
        ),
    ),
    (
        "crm_customer_demand_lines_removed",
        "sale_order_line",
        "AFTER DELETE ON sale_order_line REFERENCING OLD TABLE AS crm_demand_old "
        "FOR EACH STATEMENT",
        _REFRESH_ORDERS.format(orders="SELECT order_id FROM crm_demand_old"),
    ),
    (
        # per row, limited to the columns read: most writes on orders never fire it
        "crm_customer_demand_order_changed",
        "sale_order",
        f"AFTER UPDATE OF {', '.join(ORDER_COLUMNS)} ON sale_order FOR EACH ROW "
        f"WHEN ({_ORDER_CHANGED})",
        _REFRESH_ORDERS.format(orders="NEW.id"),
    ),
    (
        "crm_customer_demand_contact_moved",
        "res_partner",
        "AFTER UPDATE OF commercial_partner_id ON res_partner FOR EACH ROW "
        "WHEN (OLD.commercial_partner_id IS DISTINCT FROM NEW.commercial_partner_id)",
        """
        UPDATE crm_customer_demand_fact f SET partner_id = NEW.commercial_partner_id
          FROM sale_order s
         WHERE s.partner_id = NEW.id AND f.order_id = s.id;
        """,
    ),
)


def install_demand_facts(cr):
    """(Re)create the facts table and its triggers, and fill it from the orders.

    The table holds derived data only, so an upgrade rebuilds it whole: it always matches
    the definition of the installed version."""
    uninstall_demand_facts(cr)
    cr.execute(
        SQL(
            """
            CREATE TABLE crm_customer_demand_fact (
                id integer PRIMARY KEY,
                order_id integer NOT NULL,
                order_count smallint NOT NULL,
                partner_id integer,
                date timestamp,
                product_id integer,
                order_user_id integer,
                team_id integer,
                company_id integer,
                quantity numeric,
                amount numeric
            );
            CREATE INDEX crm_customer_demand_fact_order_id_index
                ON crm_customer_demand_fact (order_id);
            """
        )
    )
    for trigger, _table, definition, body in _TRIGGERS:
        cr.execute(
            SQL(
                f"""
                CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    {body}
                    RETURN NULL;
                END $$;
                CREATE TRIGGER {trigger} {definition} EXECUTE FUNCTION {trigger}();
                """
            )
        )
    cr.execute(SQL(_REFRESH_ORDERS.format(orders="SELECT id FROM sale_order")))
    cr.execute(SQL("ANALYZE crm_customer_demand_fact"))


def uninstall_demand_facts(cr):
    """Drop the triggers before the table: left behind, they would make every order line
    written after the module is uninstalled fail. Found by name, so that those of an older
    version go too."""
    cr.execute(
        SQL(
            """
            SELECT t.tgname, c.relname
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             WHERE t.tgname LIKE %s
            """,
            f"{FACTS_PREFIX}%",
        )
    )
    for trigger, table in cr.fetchall():
        cr.execute(SQL("DROP TRIGGER %s ON %s", SQL.identifier(trigger), SQL.identifier(table)))
    cr.execute(SQL("SELECT proname FROM pg_proc WHERE proname LIKE %s", f"{FACTS_PREFIX}%"))
    for (function,) in cr.fetchall():
        cr.execute(SQL("DROP FUNCTION %s()", SQL.identifier(function)))
    cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(FACTS_TABLE)))
