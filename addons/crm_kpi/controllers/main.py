from odoo import http
from odoo.http import request

from odoo.addons.crm_customer_core.controllers.xlsx import xlsx_response


class KpiReport(http.Controller):
    @http.route("/crm_kpi/department.xlsx", type="http", auth="user", readonly=True)
    def department_xlsx(self, period_id=None, department_id=None):
        """A department's scorecards of a period as an Excel sheet: one row per employee with
        each item's score, the total, the baseline, the department average and the rank;
        what the user may read only."""
        env = request.env
        try:
            period = env["crm.kpi.period"].browse(int(period_id)).exists()
            department = env["hr.department"].browse(int(department_id or 0)).exists()
        except (TypeError, ValueError):
            return request.not_found()
        if not period or not period.has_access("read"):
            return request.not_found()
        domain = [("period_id", "=", period.id)]
        if department:
            domain.append(("department_id", "child_of", department.id))
        rows = env["crm.kpi.comparison.report"].search(
            domain, order="department_id, rank_in_department"
        )
        cards = rows.scorecard_id
        items = cards.line_ids.item_id.sorted(lambda i: (i.category_id.sequence, i.sequence, i.id))
        score_of = {(line.scorecard_id.id, line.item_id.id): line.score for line in cards.line_ids}
        headers = [
            env._("Rank"),
            env._("Employee"),
            env._("Department"),
            env._("Job Position"),
            *items.mapped("name"),
            env._("Score"),
            env._("Baseline"),
            env._("Department Average"),
            env._("vs Department"),
            env._("Status"),
        ]
        states = dict(env["crm.kpi.scorecard"]._fields["state"]._description_selection(env))
        data = [
            [
                row.rank_in_department,
                row.employee_id.name,
                row.department_id.name or "",
                row.job_id.name or "",
                *(score_of.get((row.scorecard_id.id, item.id)) for item in items),
                row.total_score,
                row.baseline_score,
                row.department_average,
                row.vs_department,
                states.get(row.state),
            ]
            for row in rows
        ]
        name = f"kpi-{period.name}-{department.name or 'all'}.xlsx".replace(" ", "-")
        return xlsx_response(name, period.name, headers, data)
