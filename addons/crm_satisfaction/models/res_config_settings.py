from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    satisfaction_sales_survey_id = fields.Many2one(
        related="company_id.satisfaction_sales_survey_id", readonly=False
    )
    satisfaction_sales_delay = fields.Integer(
        related="company_id.satisfaction_sales_delay", readonly=False
    )
    satisfaction_reminder_delay = fields.Integer(
        related="company_id.satisfaction_reminder_delay", readonly=False
    )
    satisfaction_threshold = fields.Float(
        related="company_id.satisfaction_threshold", readonly=False
    )
    satisfaction_risk_margin = fields.Float(
        related="company_id.satisfaction_risk_margin", readonly=False
    )
    satisfaction_followup_assignee = fields.Selection(
        related="company_id.satisfaction_followup_assignee", readonly=False
    )
