import io

import xlsxwriter

from odoo import http
from odoo.http import content_disposition, request


class CrmCustomerReportController(http.Controller):
    @http.route("/crm_customer_core/tier_report.xlsx", type="http", auth="user")
    def tier_report_xlsx(self):
        """The value tier table as an Excel file; access rights apply as in the web client."""
        Report = request.env["crm.customer.tier.report"]
        if not Report.has_access("read"):
            return request.not_found()
        tiers = dict(Report._fields["value_tier"]._description_selection(request.env))
        env = request.env
        headers = [
            env._("Company"),
            env._("Value Tier"),
            env._("Customers"),
            env._("Share of Customers (%)"),
            env._("Sales in Window"),
            env._("Share of Revenue (%)"),
        ]
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(env._("Value Tiers"))
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        sheet.write_row(0, 0, headers, bold)
        for row, line in enumerate(Report.search([]), start=1):
            sheet.write(row, 0, line.company_id.name)
            sheet.write(row, 1, tiers.get(line.value_tier, ""))
            sheet.write_number(row, 2, line.customer_count)
            sheet.write_number(row, 3, line.customer_share)
            sheet.write_number(row, 4, line.revenue, money)
            sheet.write_number(row, 5, line.revenue_share)
        sheet.set_column(0, 5, 18)
        workbook.close()
        return request.make_response(
            output.getvalue(),
            headers=[
                (
                    "Content-Type",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                ),
                ("Content-Disposition", content_disposition("customer_value_tiers.xlsx")),
            ],
        )
