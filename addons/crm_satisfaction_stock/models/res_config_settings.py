from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    satisfaction_sales_trigger = fields.Selection(
        related="company_id.satisfaction_sales_trigger", readonly=False
    )
