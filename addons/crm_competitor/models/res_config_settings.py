from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    quotation_lost_reason_required = fields.Boolean(
        related="company_id.quotation_lost_reason_required", readonly=False
    )
