from odoo import fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    license_ids = fields.One2many("crm.software.license", "sale_line_id", string="Licenses")
