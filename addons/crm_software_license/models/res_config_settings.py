from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    license_reminder_days = fields.Char(related="company_id.license_reminder_days", readonly=False)
    license_auto_renew = fields.Boolean(related="company_id.license_auto_renew", readonly=False)
    license_public_key = fields.Text(related="company_id.license_public_key")
    license_key_id = fields.Char(related="company_id.license_key_id")
    license_api_rate_limit = fields.Integer(
        string="API Requests per Minute",
        config_parameter="crm_software_license.api_rate_limit",
        default=60,
        help="Verification API requests one client address may make per minute; 0 for no limit.",
    )

    def action_generate_license_signing_key(self):
        self.company_id.action_generate_license_signing_key()
        return True
