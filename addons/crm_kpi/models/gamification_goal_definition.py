from odoo import api, fields, models
from odoo.exceptions import ValidationError


class GamificationGoalDefinition(models.Model):
    """Goal definitions used as KPI metrics: a KPI manager may define them, over models their
    own access rights let them read (a metric is measured as superuser, for the whole
    company, so it must not be a way to total up payroll or another app's records)."""

    _inherit = "gamification.goal.definition"

    kpi_metric = fields.Boolean(
        string="KPI Metric",
        index=True,
        help="Offered to KPI items: counts or sums records per salesperson over a period.",
    )

    @api.constrains("kpi_metric", "model_id", "computation_mode", "batch_mode")
    def _check_kpi_metric(self):
        for definition in self.filtered("kpi_metric"):
            if definition.computation_mode not in ("count", "sum") or not definition.batch_mode:
                raise ValidationError(
                    self.env._(
                        "The KPI metric %(metric)s must count or sum records, per user "
                        "(batch mode).",
                        metric=definition.name,
                    )
                )
            model = definition.model_id.model
            if not self.env.su and model in self.env and not self.env[model].has_access("read"):
                raise ValidationError(
                    self.env._(
                        "You may not read %(model)s: a KPI metric can only measure records "
                        "you can read yourself.",
                        model=definition.model_id.name,
                    )
                )
