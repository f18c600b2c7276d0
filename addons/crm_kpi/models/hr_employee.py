from markupsafe import Markup

from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    kpi_scorecard_ids = fields.One2many(
        "crm.kpi.scorecard", "employee_id", string="KPI Scorecards", groups="base.group_user"
    )

    def write(self, vals):
        moved = self.browse()
        if "department_id" in vals or "job_id" in vals:
            moved = self.filtered(
                lambda e: (
                    ("department_id" in vals and e.department_id.id != vals["department_id"])
                    or ("job_id" in vals and e.job_id.id != vals["job_id"])
                )
            )
        result = super().write(vals)
        if moved:
            self._kpi_follow_move(moved)
        return result

    def _kpi_follow_move(self, moved):
        """A move (可实时调整岗位) applies to the periods not yet locked: their scorecards go back
        to draft and are made again for the new department or position."""
        # the employee's HR officer moves them: the scorecards are the company's to redo
        cards = (
            self.env["crm.kpi.scorecard"]
            .sudo()
            .search([("employee_id", "in", moved.ids), ("state", "!=", "locked")])
        )
        if not cards:
            return
        reopened = cards.filtered(lambda card: card.state != "draft")
        reopened.write({"state": "draft"})
        for card in reopened:
            card.message_post(
                body=Markup("<p>%s</p>")
                % self.env._("Back to draft: the employee moved to another department or position.")
            )
        for period, period_cards in cards.grouped("period_id").items():
            period._compute_scorecards(period_cards.employee_id)
