from odoo import http
from odoo.http import request

from .xlsx import xlsx_response


class CrmCustomerReportController(http.Controller):
    @http.route("/crm_customer_core/tier_report.xlsx", type="http", auth="user")
    def tier_report_xlsx(self):
        """The value tier table as an Excel file; access rights apply as in the web client."""
        Report = request.env["crm.customer.tier.report"]
        if not Report.has_access("read"):
            return request.not_found()
        env = request.env
        tiers = dict(Report._fields["value_tier"]._description_selection(env))
        headers = [
            env._("Company"),
            env._("Value Tier"),
            env._("Customers"),
            env._("Share of Customers"),
            env._("Sales in Window"),
            env._("Share of Revenue"),
        ]
        rows = [
            [
                line.company_id.name,
                tiers.get(line.value_tier, ""),
                line.customer_count,
                line.customer_share,
                line.revenue,
                line.revenue_share,
            ]
            for line in Report.search([])
        ]
        return xlsx_response(
            "customer_value_tiers.xlsx",
            env._("Value Tiers"),
            headers,
            rows,
            {3: "percent", 4: "money", 5: "percent"},
        )
