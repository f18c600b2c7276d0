from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_tier_method = fields.Selection(
        [("amount", "Sales amount thresholds"), ("share", "Share of revenue")],
        string="Tier Method",
        default="amount",
        required=True,
    )
    crm_tier_window_months = fields.Integer(string="Tier Window (months)", default=12)
    crm_tier_a_threshold = fields.Monetary(
        string="Tier A From", default=1000.0, currency_field="currency_id"
    )
    crm_tier_b_threshold = fields.Monetary(
        string="Tier B From", default=300.0, currency_field="currency_id"
    )
    crm_tier_a_share = fields.Float(string="Tier A Revenue Share (%)", default=70.0)
    crm_tier_b_share = fields.Float(string="Tier B Revenue Share (%)", default=20.0)
    crm_lifecycle_exit_days = fields.Integer(string="Exit After (days)", default=365)
    crm_tier_a_interval = fields.Integer(string="Contact A Every (days)", default=7)
    crm_tier_b_interval = fields.Integer(string="Contact B Every (days)", default=30)
    crm_tier_c_interval = fields.Integer(string="Contact C Every (days)", default=90)
    crm_pool_claim_daily_limit = fields.Integer(string="Daily Claim Limit", default=10)
    crm_pool_reclaim_days = fields.Integer(string="Reclaim Waiting Days", default=30)

    @api.constrains(
        "crm_tier_a_threshold",
        "crm_tier_b_threshold",
        "crm_tier_a_share",
        "crm_tier_b_share",
        "crm_tier_window_months",
        "crm_lifecycle_exit_days",
        "crm_tier_a_interval",
        "crm_tier_b_interval",
        "crm_tier_c_interval",
        "crm_pool_claim_daily_limit",
        "crm_pool_reclaim_days",
    )
    def _check_crm_settings(self):
        for company in self:
            numbers = [
                company.crm_tier_a_threshold,
                company.crm_tier_b_threshold,
                company.crm_tier_a_share,
                company.crm_tier_b_share,
                company.crm_lifecycle_exit_days,
                company.crm_tier_a_interval,
                company.crm_tier_b_interval,
                company.crm_tier_c_interval,
                company.crm_pool_claim_daily_limit,
                company.crm_pool_reclaim_days,
            ]
            if any(number < 0 for number in numbers):
                raise ValidationError(
                    self.env._("Thresholds, shares, days and limits cannot be negative.")
                )
            if company.crm_tier_window_months < 1:
                raise ValidationError(self.env._("The tier window must be at least one month."))
            if company.crm_tier_a_threshold < company.crm_tier_b_threshold:
                raise ValidationError(
                    self.env._(
                        "The threshold for tier A cannot be lower than the threshold for tier B."
                    )
                )
            if company.crm_tier_a_share + company.crm_tier_b_share > 100:
                raise ValidationError(
                    self.env._("The revenue shares of tiers A and B exceed 100%.")
                )

    def _crm_customer_code_sequence(self):
        """The company's customer-code sequence, falling back on the shared one."""
        self.ensure_one()
        # Sequences are technical records users cannot read; this only finds the record.
        return (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [("code", "=", "crm.customer.code"), ("company_id", "in", [self.id, False])],
                order="company_id",
                limit=1,
            )
        )
