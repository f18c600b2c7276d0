from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    contract_license_grace_days = fields.Integer(
        related="company_id.contract_license_grace_days", readonly=False
    )
    contract_license_notice_days = fields.Integer(
        related="company_id.contract_license_notice_days", readonly=False
    )

    @api.constrains("contract_license_grace_days", "contract_license_notice_days")
    def _check_contract_license_days(self):
        for settings in self:
            if min(settings.contract_license_grace_days, settings.contract_license_notice_days) < 0:
                raise ValidationError(self.env._("The license grace and notice days are positive."))
