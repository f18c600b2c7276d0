from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.float_utils import float_compare


class CrmKpiPlan(models.Model):
    """The items an employee of a department, or in a job position, is assessed on, with their
    weights (summing to 100)."""

    _name = "crm.kpi.plan"
    _description = "KPI Assessment Plan"
    _inherit = ["mail.thread"]
    _order = "name, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    department_id = fields.Many2one(
        "hr.department", index=True, tracking=True,
        help="Employees of this department and of its sub-departments without a plan of "
        "their own.",
    )  # fmt: skip
    job_id = fields.Many2one(
        "hr.job", string="Job Position", index=True, tracking=True,
        help="Employees in this position, whatever their department: before the department's plan.",
    )  # fmt: skip
    period_type = fields.Selection(
        [("month", "Monthly"), ("quarter", "Quarterly"), ("year", "Yearly")],
        required=True,
        default="month",
        tracking=True,
    )
    line_ids = fields.One2many("crm.kpi.plan.line", "plan_id", string="Items", copy=True)
    total_weight = fields.Float(compute="_compute_total_weight")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    @api.depends("line_ids.weight")
    def _compute_total_weight(self):
        for plan in self:
            plan.total_weight = sum(plan.line_ids.mapped("weight"))

    @api.constrains("line_ids", "department_id", "job_id")
    def _check_plan(self):
        for plan in self:
            if not (plan.department_id or plan.job_id):
                raise ValidationError(
                    self.env._(
                        "The plan %(plan)s is for a department or a job position.", plan=plan.name
                    )
                )
            total = sum(plan.line_ids.mapped("weight"))
            if plan.line_ids and float_compare(total, 100.0, precision_digits=2):
                raise ValidationError(
                    self.env._(
                        "The weights of the plan %(plan)s add up to %(total)s: "
                        "they must add up to 100.",
                        plan=plan.name,
                        total=round(total, 2),
                    )
                )

    def _check_weights_before_commit(self):
        """Check these plans' weights when the transaction ends (see the plan lines)."""
        precommit = self.env.cr.precommit
        pending = precommit.data.setdefault("crm_kpi.plans_to_check", set())
        if not pending:
            precommit.add(self._check_pending_plans)
        pending.update(self.ids)

    @api.model
    def _check_pending_plans(self):
        ids = self.env.cr.precommit.data.pop("crm_kpi.plans_to_check", set())
        self.sudo().browse(ids).exists()._check_plan()

    def _plan_of_employees(self, employees, period_type, company):
        """{employee: plan} for the employees a plan of ``period_type`` covers: the plan of
        their job position, else of their department or its nearest parent department."""
        plans = self.search([("period_type", "=", period_type), ("company_id", "=", company.id)])
        by_job = {plan.job_id: plan for plan in plans if plan.job_id}
        by_department = {
            plan.department_id: plan for plan in plans if plan.department_id and not plan.job_id
        }
        result = {}
        for employee in employees:
            plan = by_job.get(employee.job_id)
            department = employee.department_id
            while not plan and department:
                plan = by_department.get(department)
                department = department.parent_id
            if plan:
                result[employee] = plan
        return result
