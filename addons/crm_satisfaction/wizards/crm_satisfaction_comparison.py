from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, date_utils, format_date

from odoo.addons.crm_customer_core.models.periods import period_domain, period_tz


class CrmSatisfactionComparison(models.TransientModel):
    """Each salesperson's average satisfaction against their team's and the company's over a
    period, overall and per category (某一销售员 vs 部门平均)."""

    _name = "crm.satisfaction.comparison"
    _description = "Satisfaction: Salesperson vs Team vs Company"

    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_period()[0]
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: self._default_period()[1]
    )
    satisfaction_type = fields.Selection(
        [("sales", "Sales satisfaction"), ("service", "Service satisfaction")],
        string="Type",
        help="Leave empty to compare both.",
    )
    comparison_html = fields.Html(
        string="Comparison", compute="_compute_comparison_html", sanitize=False
    )

    @api.depends("date_from", "date_to")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._(
                "Salesperson vs Team, %(start)s - %(end)s",
                start=format_date(self.env, wizard.date_from),
                end=format_date(self.env, wizard.date_to),
            )

    @api.model
    def _default_period(self):
        today = fields.Date.context_today(self)
        return date_utils.get_quarter(today)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The period ends before it starts."))

    @api.depends("date_from", "date_to", "satisfaction_type")
    def _compute_comparison_html(self):
        for wizard in self:
            if not (wizard.date_from and wizard.date_to) or wizard.date_from > wizard.date_to:
                wizard.comparison_html = False
                continue
            wizard.comparison_html = self.env["ir.qweb"]._render(
                "crm_satisfaction.comparison_table", {"data": wizard._comparison_data()}
            )

    def _comparison_data(self):
        self.ensure_one()
        return self._compare(self.date_from, self.date_to, self.satisfaction_type)

    @api.model
    def _compare(self, date_from, date_to, satisfaction_type=False):
        """Averages per salesperson, team and company in two grouped queries, whatever the
        number of salespeople and responses; the user's record rules apply.

        :return: {"categories", "teams": [{team, count, score, by_category, salespeople}],
            "company": {count, score, by_category}}
        """
        # the days of the period in the user's time zone (else the company's), as the dates
        # of the responses show on screen
        Response = self.env["crm.satisfaction.response"]
        domain = period_domain(Response._fields["date"], date_from, date_to, period_tz(self.env))
        if satisfaction_type:
            domain.append(("satisfaction_type", "=", satisfaction_type))
        responses = self.env["crm.satisfaction.response"]._search(domain)
        overall = self.env.execute_query(
            SQL(
                """
                SELECT r.team_id, r.user_id, GROUPING(r.team_id), GROUPING(r.user_id),
                       count(*), avg(r.score)
                  FROM crm_satisfaction_response r
                 WHERE r.id IN %s
              GROUP BY GROUPING SETS ((r.team_id, r.user_id), (r.team_id), ())
                """,
                responses.subselect(),
            )
        )
        per_category = self.env.execute_query(
            SQL(
                """
                SELECT r.team_id, r.user_id, l.category_id,
                       GROUPING(r.team_id), GROUPING(r.user_id),
                       sum(l.score * l.weight) / nullif(sum(l.weight), 0)
                  FROM crm_satisfaction_response_line l
                  JOIN crm_satisfaction_response r ON r.id = l.response_id
                 WHERE r.id IN %s AND l.category_id IS NOT NULL
              GROUP BY GROUPING SETS ((r.team_id, r.user_id, l.category_id),
                                      (r.team_id, l.category_id), (l.category_id))
                """,
                responses.subselect(),
            )
        )
        # one prefetch set each, so reading the names costs one query per model
        Team = self.env["crm.team"].browse({row[0] for row in overall if row[0]})
        User = self.env["res.users"].browse({row[1] for row in overall if row[1]})
        categories = (
            self.env["crm.satisfaction.category"]
            .with_context(active_test=False)
            .browse(sorted({row[2] for row in per_category}))
            .sorted()
        )
        company = {"count": 0, "score": 0.0, "by_category": {}}
        teams, people = {}, {}

        def team_row(team_id):
            return teams.setdefault(
                team_id,
                {
                    "team": Team.browse(team_id).with_prefetch(Team.ids),
                    "count": 0,
                    "score": 0.0,
                    "by_category": {},
                    "salespeople": [],
                },
            )

        for team_id, user_id, no_team, no_user, count, score in overall:
            if no_team:
                company.update(count=count, score=score or 0.0)
            elif no_user:
                team_row(team_id).update(count=count, score=score or 0.0)
            else:
                person = {
                    "user": User.browse(user_id).with_prefetch(User.ids),
                    "count": count,
                    "score": score or 0.0,
                    "by_category": {},
                }
                people[team_id, user_id] = person
                team_row(team_id)["salespeople"].append(person)
        for team_id, user_id, category_id, no_team, no_user, score in per_category:
            if no_team:
                company["by_category"][category_id] = score
            elif no_user:
                team_row(team_id)["by_category"][category_id] = score
            else:
                people[team_id, user_id]["by_category"][category_id] = score
        for team in teams.values():
            team["salespeople"].sort(key=lambda p: -p["score"])
            for person in team["salespeople"]:
                person["vs_team"] = person["score"] - team["score"]
                person["vs_company"] = person["score"] - company["score"]
        return {
            "date_from": date_from,
            "date_to": date_to,
            "categories": categories,
            "teams": sorted(teams.values(), key=lambda t: t["team"].name or ""),
            "company": company,
        }

    @api.model
    def action_open(self):
        """The comparison of this quarter, saved, so that the screen has its title."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Salesperson vs Team"),
            "res_model": self._name,
            "res_id": self.create({}).id,
            "views": [(False, "form")],
            "target": "current",
        }

    def action_print(self):
        self.ensure_one()
        return self.env.ref("crm_satisfaction.action_report_satisfaction_comparison").report_action(
            self
        )

    def action_export(self):
        self.ensure_one()
        params = f"date_from={self.date_from}&date_to={self.date_to}"
        if self.satisfaction_type:
            params += f"&satisfaction_type={self.satisfaction_type}"
        return {
            "type": "ir.actions.act_url",
            "url": f"/crm_satisfaction/comparison.xlsx?{params}",
            "target": "download",
        }
