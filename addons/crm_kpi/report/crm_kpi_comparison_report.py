from odoo import fields, models
from odoo.tools import SQL


class CrmKpiComparisonReport(models.Model):
    """Each scorecard against its baseline, its department's average and the company's, with
    its rank in the department: window functions over the scorecards, one query whatever the
    number of employees."""

    _name = "crm.kpi.comparison.report"
    _description = "KPI: Employee vs Department"
    _auto = False
    _order = "period_date desc, department_id, rank_in_department"
    _depends = {
        "crm.kpi.scorecard": [
            "employee_id", "period_id", "period_date", "department_id", "job_id", "state",
            "total_score", "baseline_score", "company_id", "user_id",
        ],
    }  # fmt: skip

    scorecard_id = fields.Many2one("crm.kpi.scorecard", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    user_id = fields.Many2one("res.users", readonly=True)
    period_id = fields.Many2one("crm.kpi.period", readonly=True)
    period_date = fields.Date(string="Period Start", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    job_id = fields.Many2one("hr.job", string="Job Position", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("locked", "Locked"),
        ],
        readonly=True,
    )
    total_score = fields.Float(string="Score", readonly=True, aggregator="avg")
    baseline_score = fields.Float(string="Baseline", readonly=True, aggregator="avg")
    department_average = fields.Float(readonly=True, aggregator="avg")
    company_average = fields.Float(readonly=True, aggregator="avg")
    vs_department = fields.Float(string="vs Department", readonly=True, aggregator="avg")
    rank_in_department = fields.Integer(string="Rank", readonly=True, aggregator="min")
    department_size = fields.Integer(string="Employees Ranked", readonly=True, aggregator="max")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT s.id, s.id AS scorecard_id, s.employee_id, s.user_id, s.period_id,
                   s.period_date, s.department_id, s.job_id, s.company_id, s.state,
                   s.total_score, s.baseline_score,
                   avg(s.total_score) OVER dept AS department_average,
                   avg(s.total_score) OVER (PARTITION BY s.period_id) AS company_average,
                   s.total_score - avg(s.total_score) OVER dept AS vs_department,
                   rank() OVER (dept ORDER BY s.total_score DESC) AS rank_in_department,
                   count(*) OVER dept AS department_size
              FROM crm_kpi_scorecard s
            WINDOW dept AS (PARTITION BY s.period_id, s.department_id)
            """
        )


class CrmKpiComparisonChart(models.Model):
    """The same comparison as one row per employee and series (score, department average,
    company average, baseline), so a bar chart shows them side by side."""

    _name = "crm.kpi.comparison.chart"
    _description = "KPI: Employee vs Department Chart"
    _auto = False
    _depends = CrmKpiComparisonReport._depends

    scorecard_id = fields.Many2one("crm.kpi.scorecard", readonly=True)
    employee_id = fields.Many2one("hr.employee", readonly=True)
    user_id = fields.Many2one("res.users", readonly=True)
    period_id = fields.Many2one("crm.kpi.period", readonly=True)
    period_date = fields.Date(string="Period Start", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    series = fields.Selection(
        [
            ("score", "Score"),
            ("department", "Department average"),
            ("company", "Company average"),
            ("baseline", "Baseline"),
        ],
        readonly=True,
    )
    value = fields.Float(readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT row_number() OVER () AS id, r.scorecard_id, r.employee_id, r.user_id,
                   r.period_id, r.period_date, r.department_id, r.company_id, v.series, v.value
              FROM (%s) r
             CROSS JOIN LATERAL (VALUES ('score', r.total_score),
                                        ('department', r.department_average),
                                        ('company', r.company_average),
                                        ('baseline', r.baseline_score)) AS v(series, value)
            """,
            self.env["crm.kpi.comparison.report"]._table_query,
        )
