from odoo import http
from odoo.http import request

from odoo.addons.crm_customer_core.controllers.xlsx import xlsx_response


class ContractReport(http.Controller):
    @http.route("/crm_contract/receivables.xlsx", type="http", auth="user", readonly=True)
    def receivables_xlsx(self):
        """The open milestones the user may read, as an Excel sheet."""
        env = request.env
        Milestone = env["crm.contract.milestone"]
        if not Milestone.has_access("read"):
            return request.not_found()
        milestones = Milestone.search(
            [("state", "not in", ("paid", "cancelled"))], order="date_due, id"
        )
        states = dict(Milestone._fields["state"]._description_selection(env))
        headers = [
            env._("Contract"),
            env._("Customer"),
            env._("Milestone"),
            env._("Due Date"),
            env._("Currency"),
            env._("Amount"),
            env._("Received"),
            env._("Outstanding"),
            env._("Days Overdue"),
            env._("Status"),
            env._("Salesperson"),
        ]
        rows = [
            [
                m.order_id.contract_number or m.order_id.name,
                m.partner_id.name,
                m.name,
                m.date_due,
                m.currency_id.name,
                m.amount,
                m.amount_received,
                m.amount_outstanding,
                m.days_overdue,
                states[m.state],
                m.user_id.name or "",
            ]
            for m in milestones
        ]
        return xlsx_response(
            env._("Receivables.xlsx"),
            env._("Receivables"),
            headers,
            rows,
            {3: "date", 5: "money", 6: "money", 7: "money"},
            title_lines=(env._("Receivables to collect"),),
        )
