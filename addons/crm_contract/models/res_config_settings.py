from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    contract_approval_amount = fields.Monetary(
        related="company_id.contract_approval_amount", readonly=False
    )
    contract_approval_discount = fields.Float(
        related="company_id.contract_approval_discount", readonly=False
    )
    contract_reminder_days = fields.Integer(
        related="company_id.contract_reminder_days", readonly=False
    )
    contract_escalation_days = fields.Integer(
        related="company_id.contract_escalation_days", readonly=False
    )
    contract_renewal_days = fields.Integer(
        related="company_id.contract_renewal_days", readonly=False
    )

    @api.constrains(
        "contract_approval_amount",
        "contract_approval_discount",
        "contract_reminder_days",
        "contract_escalation_days",
        "contract_renewal_days",
    )
    def _check_contract_settings(self):
        for settings in self:
            if (
                settings.contract_approval_amount < 0
                or not 0 <= settings.contract_approval_discount <= 100
                or min(
                    settings.contract_reminder_days,
                    settings.contract_escalation_days,
                    settings.contract_renewal_days,
                )
                < 0
            ):
                raise ValidationError(
                    self.env._(
                        "Contract limits and delays are positive, and a discount is at most 100 %."
                    )
                )
