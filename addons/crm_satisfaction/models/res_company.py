from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    satisfaction_sales_survey_id = fields.Many2one(
        "survey.survey",
        string="Sales Satisfaction Survey",
        domain=[("satisfaction_type", "=", "sales")],
        help="Sent to the customer after a confirmed sale order.",
    )
    satisfaction_sales_delay = fields.Integer(
        string="Days After Confirmation",
        default=7,
        help="The sales survey goes out this many days after the order is confirmed; "
        "0 stops sending it automatically.",
    )
    satisfaction_reminder_delay = fields.Integer(
        string="Reminder After (days)",
        default=5,
        help="One reminder when the survey is still unanswered after this many days; "
        "0 sends no reminder.",
    )
    satisfaction_threshold = fields.Float(
        string="Low Score Threshold",
        default=60.0,
        help="A response scoring below this (0-100), or a detractor, gets a follow-up.",
    )
    satisfaction_risk_margin = fields.Float(
        string="At-Risk Drop",
        default=15.0,
        help="A customer whose last score is this many points below the average of the three "
        "before is marked at risk.",
    )
    satisfaction_followup_assignee = fields.Selection(
        [("salesperson", "Salesperson"), ("team_leader", "Sales team leader")],
        string="Low Score Follow-up By",
        default="salesperson",
        required=True,
    )

    def _satisfaction_survey(self, satisfaction_type):
        """The survey this company sends for ``satisfaction_type``; bridges add theirs."""
        self.ensure_one()
        if satisfaction_type == "sales":
            return self.satisfaction_sales_survey_id
        return self.env["survey.survey"]

    def write(self, vals):
        result = super().write(vals)
        if "satisfaction_risk_margin" in vals:
            self._recompute_satisfaction_risk()
        return result

    def _recompute_satisfaction_risk(self):
        """A new margin applies to every customer at once, not at their next answer."""
        # sudo: the flag is the customer's stored summary, computed from every response of
        # these companies whoever changes the setting
        partners = (
            self.env["crm.satisfaction.response"]
            .sudo()
            .search([("company_id", "in", self.ids)])
            .commercial_partner_id
        )
        Partner = self.env["res.partner"]
        for fname in ("satisfaction_trend", "satisfaction_at_risk"):
            self.env.add_to_compute(Partner._fields[fname], partners)
        partners._recompute_recordset(["satisfaction_trend", "satisfaction_at_risk"])

    @api.constrains(
        "satisfaction_threshold",
        "satisfaction_risk_margin",
        "satisfaction_sales_delay",
        "satisfaction_reminder_delay",
    )
    def _check_satisfaction_settings(self):
        for company in self:
            if not 0 <= company.satisfaction_threshold <= 100:
                raise ValidationError(
                    self.env._("The low score threshold is a score from 0 to 100.")
                )
            if not 0 <= company.satisfaction_risk_margin <= 100:
                raise ValidationError(
                    self.env._("The at-risk drop is a number of points from 0 to 100.")
                )
            if company.satisfaction_sales_delay < 0 or company.satisfaction_reminder_delay < 0:
                raise ValidationError(self.env._("A number of days cannot be negative."))
