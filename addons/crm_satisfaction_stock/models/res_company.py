from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    satisfaction_sales_trigger = fields.Selection(
        [("confirmed", "order's confirmation"), ("delivered", "order's delivery")],
        string="Sales Survey After",
        default="confirmed",
        required=True,
        help="Delivered: the delay counts from the first completed delivery; orders without "
        "deliveries (services) count from their confirmation.",
    )
