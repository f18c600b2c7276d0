from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    satisfaction_service_survey_id = fields.Many2one(
        related="company_id.satisfaction_service_survey_id", readonly=False
    )
    satisfaction_service_delay = fields.Integer(
        related="company_id.satisfaction_service_delay", readonly=False
    )
    satisfaction_low_score_ticket = fields.Boolean(
        related="company_id.satisfaction_low_score_ticket", readonly=False
    )
