from odoo import fields, http
from odoo.http import request

from ..wizards.crm_customer_demand_export import DEMAND_DIMENSIONS
from .xlsx import xlsx_response


class CrmCustomerReportController(http.Controller):
    @http.route("/crm_customer_core/tier_report.xlsx", type="http", auth="user", readonly=True)
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

    @http.route("/crm_customer_core/demand_report.xlsx", type="http", auth="user", readonly=True)
    def demand_report_xlsx(self, dimension="visit_method_id", date_from=None, date_to=None):
        """The demand analysis by one dimension over a period, as an Excel file; one grouped
        query under the user's record rules (a salesperson gets their own customers')."""
        Report = request.env["crm.customer.demand.report"]
        if not Report.has_access("read") or dimension not in DEMAND_DIMENSIONS:
            return request.not_found()
        env = request.env
        domain = []
        try:
            if date_from:
                domain.append(("date", ">=", fields.Date.to_date(date_from)))
            if date_to:
                end = fields.Datetime.add(fields.Date.to_date(date_to), days=1)
                domain.append(("date", "<", end))
        except ValueError:
            return request.not_found()
        field = Report._fields[dimension]
        groups = Report._read_group(
            domain,
            [dimension],
            ["amount:sum", "quantity:sum", "order_id:count_distinct", "partner_id:count_distinct"],
            order="amount:sum desc",
        )
        labels = dict(field._description_selection(env)) if field.type == "selection" else {}

        def label(value):
            if field.type == "many2one":
                return value.display_name or env._("Not set")
            return labels.get(value, value) or env._("Not set")

        headers = [
            field._description_string(env),
            env._("Untaxed Amount"),
            env._("Quantity"),
            env._("Orders"),
            env._("Customers"),
        ]
        rows = [
            [label(value), amount, quantity, orders, customers]
            for value, amount, quantity, orders, customers in groups
        ]
        return xlsx_response(
            "customer_demand.xlsx", env._("Demand Analysis"), headers, rows, {1: "money"}
        )
