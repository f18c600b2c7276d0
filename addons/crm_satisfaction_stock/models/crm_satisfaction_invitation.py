from odoo import api, models
from odoo.tools import SQL


class CrmSatisfactionInvitation(models.Model):
    _inherit = "crm.satisfaction.invitation"

    @api.model
    def _sales_due_from(self):
        return SQL(
            """CASE WHEN c.satisfaction_sales_trigger = 'delivered'
                    THEN COALESCE(so.effective_date,
                                  CASE WHEN NOT EXISTS (SELECT 1 FROM stock_picking sp
                                                         WHERE sp.sale_id = so.id)
                                       THEN so.date_order END)
                    ELSE %s END""",
            super()._sales_due_from(),
        )
