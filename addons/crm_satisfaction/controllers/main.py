from odoo import fields, http
from odoo.http import request
from odoo.tools import format_date

from odoo.addons.crm_customer_core.controllers.xlsx import xlsx_response


class SatisfactionReport(http.Controller):
    @http.route("/crm_satisfaction/comparison.xlsx", type="http", auth="user", readonly=True)
    def comparison_xlsx(self, date_from=None, date_to=None, satisfaction_type=None):
        """The salesperson vs team vs company comparison as an Excel sheet."""
        Comparison = request.env["crm.satisfaction.comparison"]
        if not Comparison.has_access("create"):
            return request.not_found()
        try:
            start, end = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        except ValueError:
            return request.not_found()
        if (
            not (start and end)
            or start > end
            or satisfaction_type not in (None, "sales", "service")
        ):
            return request.not_found()
        env = request.env
        data = Comparison._compare(start, end, satisfaction_type)
        categories = data["categories"]
        headers = [
            env._("Salesperson"),
            env._("Sales Team"),
            env._("Responses"),
            env._("Score"),
            env._("vs Team"),
            env._("vs Company"),
            *categories.mapped("name"),
        ]

        def scores(row):
            return [row["by_category"].get(category.id) for category in categories]

        rows = []
        for team in data["teams"]:
            team_name = team["team"].name or env._("No team")
            for person in team["salespeople"]:
                rows.append(
                    [
                        person["user"].name or env._("No salesperson"),
                        team_name,
                        person["count"],
                        person["score"],
                        person["vs_team"],
                        person["vs_company"],
                        *scores(person),
                    ]
                )
            rows.append(
                [env._("Team average"), team_name, team["count"], team["score"], None, None]
                + scores(team)
            )
        company = data["company"]
        rows.append(
            [env._("Company average"), "", company["count"], company["score"], None, None]
            + scores(company)
        )
        score_columns = [3, 4, 5, *range(6, len(headers))]
        rows = [
            [round(v, 1) if i in score_columns and v is not None else v for i, v in enumerate(row)]
            for row in rows
        ]
        period = env._(
            "From %(start)s to %(end)s", start=format_date(env, start), end=format_date(env, end)
        )
        if satisfaction_type:
            types = dict(Comparison._fields["satisfaction_type"]._description_selection(env))
            period += " · " + types[satisfaction_type]
        title = env._("Customer Satisfaction: Salesperson vs Team vs Company")
        return xlsx_response(
            env._("Satisfaction %(start)s %(end)s.xlsx", start=start, end=end),
            env._("Satisfaction"),
            headers,
            rows,
            dict.fromkeys(score_columns, "score"),
            title_lines=(title, period),
        )
