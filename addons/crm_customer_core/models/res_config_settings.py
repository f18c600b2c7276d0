from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_tier_method = fields.Selection(related="company_id.crm_tier_method", readonly=False)
    crm_tier_window_months = fields.Integer(
        related="company_id.crm_tier_window_months", readonly=False
    )
    crm_tier_a_threshold = fields.Monetary(
        related="company_id.crm_tier_a_threshold", readonly=False
    )
    crm_tier_b_threshold = fields.Monetary(
        related="company_id.crm_tier_b_threshold", readonly=False
    )
    crm_tier_a_share = fields.Float(related="company_id.crm_tier_a_share", readonly=False)
    crm_tier_b_share = fields.Float(related="company_id.crm_tier_b_share", readonly=False)
    crm_lifecycle_exit_days = fields.Integer(
        related="company_id.crm_lifecycle_exit_days", readonly=False
    )
    crm_tier_a_interval = fields.Integer(related="company_id.crm_tier_a_interval", readonly=False)
    crm_tier_b_interval = fields.Integer(related="company_id.crm_tier_b_interval", readonly=False)
    crm_tier_c_interval = fields.Integer(related="company_id.crm_tier_c_interval", readonly=False)
    crm_pool_claim_daily_limit = fields.Integer(
        related="company_id.crm_pool_claim_daily_limit", readonly=False
    )
    crm_pool_reclaim_days = fields.Integer(
        related="company_id.crm_pool_reclaim_days", readonly=False
    )
    crm_health_good_threshold = fields.Integer(
        string="Healthy From",
        config_parameter="crm_customer_core.health_good_threshold",
        default=70,
    )
    crm_health_problem_threshold = fields.Integer(
        string="Problem Below",
        config_parameter="crm_customer_core.health_problem_threshold",
        default=40,
    )
    crm_customer_code_prefix = fields.Char(string="Customer Code Prefix")
    crm_customer_code_next = fields.Integer(string="Next Customer Number")

    @api.model
    def get_values(self):
        values = super().get_values()
        sequence = self.env.company._crm_customer_code_sequence()
        values.update(
            crm_customer_code_prefix=sequence.prefix,
            crm_customer_code_next=sequence.number_next_actual,
        )
        return values

    def set_values(self):
        if self.crm_customer_code_next < 1:
            raise ValidationError(self.env._("The next customer number must be at least 1."))
        if not (0 <= self.crm_health_problem_threshold < self.crm_health_good_threshold <= 100):
            raise ValidationError(
                self.env._(
                    "Health thresholds go 0 ≤ problem below < healthy from ≤ 100: %(problem)s "
                    "and %(good)s are out of order.",
                    problem=self.crm_health_problem_threshold,
                    good=self.crm_health_good_threshold,
                )
            )
        thresholds = self.env["res.partner"]._customer_health_thresholds()
        result = super().set_values()
        if thresholds != (self.crm_health_good_threshold, self.crm_health_problem_threshold):
            self.env["res.partner"]._customer_health_outdated()
        sequence = self.company_id._crm_customer_code_sequence()
        if (sequence.prefix or "", sequence.number_next_actual) != (
            self.crm_customer_code_prefix or "",
            self.crm_customer_code_next,
        ):
            # Settings are for system administrators; the sequence itself is technical.
            sequence.sudo().write(
                {
                    "prefix": self.crm_customer_code_prefix or "",
                    "number_next_actual": self.crm_customer_code_next,
                }
            )
        self.env["res.partner"]._crm_recompute_contact_dates()
        return result
