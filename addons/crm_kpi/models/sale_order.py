from odoo import fields, models
from odoo.tools import SQL


class SaleOrder(models.Model):
    _inherit = "sale.order"

    kpi_first_order = fields.Boolean(
        string="First Order of the Customer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer's first confirmed order: a new customer won.",
    )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state", "sale") != "sale":
            # a cancelled (or reopened) first order won nobody: the customer's first order
            # still confirmed takes its place, else the customer could never count as won
            unflagged = self.filtered("kpi_first_order")
            if unflagged:
                unflagged.write({"kpi_first_order": False})
                unflagged._kpi_flag_first_orders()
        return result

    def action_confirm(self):
        result = super().action_confirm()
        self._kpi_flag_first_orders()
        return result

    def _kpi_flag_first_orders(self):
        """Flag the first confirmed order of each customer that has none flagged yet; one query
        for the whole batch (``self`` empty: every customer)."""
        self.env.flush_all()
        customer_filter = (
            SQL(
                """AND p.commercial_partner_id IN (
                    SELECT pp.commercial_partner_id FROM sale_order s
                      JOIN res_partner pp ON pp.id = s.partner_id WHERE s.id = ANY(%s))""",
                self.ids,
            )
            if self
            else SQL()
        )
        self.env.cr.execute(
            SQL(
                """
                UPDATE sale_order SET kpi_first_order = true
                 WHERE id IN (
                    SELECT DISTINCT ON (p.commercial_partner_id) o.id
                      FROM sale_order o JOIN res_partner p ON p.id = o.partner_id
                     WHERE o.state = 'sale' %s
                  ORDER BY p.commercial_partner_id, o.date_order, o.id)
                   AND kpi_first_order IS NOT TRUE
                   AND NOT EXISTS (
                        SELECT 1 FROM sale_order f
                          JOIN res_partner fp ON fp.id = f.partner_id
                          JOIN res_partner me ON me.id = sale_order.partner_id
                         WHERE f.kpi_first_order
                           AND fp.commercial_partner_id = me.commercial_partner_id)
                """,
                customer_filter,
            )
        )
        self.invalidate_recordset(["kpi_first_order"])
