from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_customer_core.models.periods import period_domain, period_tz


class CrmKpiItem(models.Model):
    """An assessment item (考核项目): what is measured, how it is scored, and what is expected.

    Computed items take their value from a gamification goal definition (model, domain, date
    field, user field, count or sum): one grouped query per item and period for every
    employee at once.
    """

    _name = "crm.kpi.item"
    _description = "KPI Item"
    _order = "category_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category_id = fields.Many2one("crm.kpi.category", required=True, ondelete="restrict")
    description = fields.Text(translate=True)
    company_id = fields.Many2one("res.company", index=True)
    scoring_rule = fields.Selection(
        [
            ("linear", "Linear up to the target"),
            ("bands", "Thresholds"),
            ("manual", "Scored by the manager"),
        ],
        required=True,
        default="linear",
    )
    direction = fields.Selection(
        [("higher", "Higher is better"), ("lower", "Lower is better")],
        required=True,
        default="higher",
    )
    target = fields.Float(help="The value that scores 100.")
    score_cap = fields.Float(default=120.0, help="The highest score beating the target can earn.")
    baseline_score = fields.Float(
        default=60.0,
        help="Base score (基础分值) expected of every employee on this item.",
    )
    default_weight = fields.Float(default=10.0, help="Weight proposed when added to a plan.")
    manual_min = fields.Float(string="Lowest Score", default=0.0)
    manual_max = fields.Float(string="Highest Score", default=100.0)
    band_ids = fields.One2many("crm.kpi.item.band", "item_id", string="Thresholds")
    definition_id = fields.Many2one(
        "gamification.goal.definition",
        string="Metric",
        ondelete="restrict",
        domain=[("kpi_metric", "=", True)],
        help="Counts or sums records of any model per user over the period.",
    )
    metric_aggregate = fields.Selection(
        [("definition", "As the metric says (count or sum)"), ("avg", "Average of the field")],
        default="definition",
        required=True,
    )
    unit = fields.Char(related="definition_id.suffix")
    target_display = fields.Char(
        string="Target with Unit",
        compute="_compute_target_display",
        help="What scores, in its unit.",
    )

    @api.depends_context("lang")
    @api.depends(
        "scoring_rule", "direction", "target", "unit", "band_ids.threshold", "band_ids.score",
        "manual_min", "manual_max",
    )  # fmt: skip
    def _compute_target_display(self):
        """The target as a reader needs it: with its unit, the thresholds of a threshold
        item, the range of a manager's score (no "target 0.00" where there is none)."""
        for item in self:
            sign = "≤" if item.direction == "lower" else "≥"
            if item.scoring_rule == "manual":
                low, high = f"{item.manual_min:g}", f"{item.manual_max:g}"
                item.target_display = self.env._(
                    "Manager's score %(low)s-%(high)s", low=low, high=high
                )
            elif item.scoring_rule == "bands":
                item.target_display = " · ".join(
                    f"{sign} {band.threshold:g}: {band.score:g}"
                    for band in item.band_ids.sorted("threshold")
                )
            else:
                item.target_display = f"{item.target:,.2f} {item.unit or ''}".strip()

    @api.constrains("scoring_rule", "target", "manual_min", "manual_max", "definition_id")
    def _check_scoring(self):
        for item in self:
            if item.scoring_rule == "manual":
                if item.manual_min >= item.manual_max:
                    raise ValidationError(
                        self.env._(
                            "The lowest score of %(item)s must be below its highest.",
                            item=item.name,
                        )
                    )
                continue
            if not item.definition_id:
                raise ValidationError(
                    self.env._("The computed item %(item)s needs a metric.", item=item.name)
                )
            if item.scoring_rule == "linear" and item.target <= 0:
                raise ValidationError(
                    self.env._("The target of %(item)s must be above zero.", item=item.name)
                )
            item._kpi_metric_query_parts(check_reader=True)

    # ------------------------------------------------------------------ metric
    def _kpi_metric_query_parts(self, check_reader=False):
        """(model, domain, date field, user field, aggregate) of the item's metric; a clear
        error when the definition cannot be measured per user over a period.

        :param check_reader: also refuse a model the current user may not read (when an item
            is configured; measuring is the system's and reads everything)
        """
        self.ensure_one()
        # the metric's configuration (models and fields are technical records): managers
        # recomputing a scorecard read it without being administrators
        definition = self.sudo().definition_id

        def refuse(reason):
            raise ValidationError(
                self.env._(
                    "The metric %(metric)s of %(item)s cannot be used: %(reason)s",
                    metric=definition.name,
                    item=self.name,
                    reason=reason,
                )
            )

        if definition.computation_mode not in ("count", "sum") or not definition.model_id:
            refuse(self.env._("it must count or sum the records of a model."))
        if definition.model_id.model not in self.env:
            refuse(self.env._("its model is not installed."))
        Model = self.env[definition.model_id.model]
        if check_reader and not self.env.su and not Model.has_access("read"):
            refuse(self.env._("you may not read its records yourself."))
        user_field = Model._fields.get(definition.batch_distinctive_field.name or "")
        if not (
            definition.batch_mode
            and user_field
            and user_field.type == "many2one"
            and user_field.comodel_name == "res.users"
            and user_field.store
        ):
            refuse(self.env._("it must be in batch mode, per a stored user field."))
        date_field = Model._fields.get(definition.field_date_id.name or "")
        if not (date_field and date_field.store and date_field.type in ("date", "datetime")):
            refuse(self.env._("it needs a stored date field."))
        value_field = Model._fields.get(definition.field_id.name or "")
        needs_field = definition.computation_mode == "sum" or self.metric_aggregate == "avg"
        if needs_field and not (value_field and value_field.store):
            refuse(self.env._("the field to sum is missing or not stored."))
        try:
            domain = safe_eval(definition.domain or "[]", {"user": self.env.user})
            # only builds the query (nothing is read): record rules must not hide a bad field
            Model.sudo()._search(domain)
        except Exception as error:  # noqa: BLE001 - any parse or field error is the user's
            refuse(self.env._("its domain is not valid (%(error)s).", error=error))
        if self.metric_aggregate == "avg":
            aggregate = f"{value_field.name}:avg"
        elif definition.computation_mode == "sum":
            aggregate = f"{value_field.name}:sum"
        else:
            aggregate = "__count"
        return Model, domain, date_field, user_field.name, aggregate

    def _kpi_measure(self, date_from, date_to, users, company=None, tz_name=None):
        """The item's value for each of ``users`` over the period, in one grouped query: the
        records of ``company`` only (default: the current one), the days cut in ``tz_name``
        (default: the user's, else the company's time zone).

        :return: {user id: value}
        """
        self.ensure_one()
        company = company or self.env.company
        tz_name = tz_name or period_tz(self.env, company)
        Model, domain, date_field, user_field, aggregate = self._kpi_metric_query_parts()
        domain = [
            *domain,
            *period_domain(date_field, date_from, date_to, tz_name),
            (user_field, "in", users.ids),
        ]
        company_field = Model._fields.get("company_id")
        if company_field and company_field.store:
            # read as superuser below: the multi-company rules do not apply, so filter here
            domain.append(("company_id", "=", company.id))
        # a company-wide measure: the scheduled action and the manager read every record
        groups = Model.sudo()._read_group(domain, [user_field], [aggregate])
        return {user.id: value or 0.0 for user, value in groups}

    def _kpi_score(self, actual):
        """The 0-to-cap score of ``actual`` by the item's rule."""
        self.ensure_one()
        if self.scoring_rule == "linear":
            if self.direction == "higher":
                ratio = actual / self.target
            else:
                ratio = self.target / actual if actual > 0 else self.score_cap / 100
            return round(min(max(ratio * 100, 0.0), self.score_cap), 2)
        bands = self.band_ids.sorted("threshold")
        if self.direction == "higher":
            reached = bands.filtered(lambda band: actual >= band.threshold)
            return reached[-1].score if reached else 0.0
        reached = bands.filtered(lambda band: actual <= band.threshold)
        return reached[0].score if reached else 0.0

    def _kpi_manual_score(self, value):
        """A manager's score within the item's range, as 0-100."""
        self.ensure_one()
        if not self.manual_min <= value <= self.manual_max:
            raise ValidationError(
                self.env._(
                    "The score of %(item)s must be between %(low)s and %(high)s.",
                    item=self.name,
                    low=self.manual_min,
                    high=self.manual_max,
                )
            )
        return round(100 * (value - self.manual_min) / (self.manual_max - self.manual_min), 2)
