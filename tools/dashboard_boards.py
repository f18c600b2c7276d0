"""The four boards of the suite in Odoo's *Dashboards* app; ``tools/dashboards.py`` lays
them out. Each is shipped by a bridge ``<addon>_dashboard`` that auto-installs with Odoo's
``spreadsheet_dashboard``."""

import uuid

from dashboards import Board

# the customers of the customer file that have a salesperson: the pool is counted by claims
CUSTOMERS = [
    ("customer_stage_id", "!=", False), ("parent_id", "=", False), ("user_id", "!=", False),
]  # fmt: skip
TODAY = "context_today().strftime('%Y-%m-%d')"


def key(name):
    """A global filter id that stays the same from one generation to the next."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"crm-suite-dashboard/{name}"))


def customer_file():
    board = Board()
    period = board.date_filter(key("customer/period"), "Period")
    seller = board.relation_filter(key("customer/user"), "Salesperson", "res.users")
    team = board.relation_filter(key("customer/team"), "Sales Team", "crm.team")
    owner = {seller: ("user_id", "many2one"), team: ("team_id", "many2one")}
    by_stage = board.pivot(
        "Customers by Stage and Tier", "res.partner", CUSTOMERS,
        rows=["customer_stage_id"], columns=["customer_value_tier"], match=owner,
    )  # fmt: skip
    new = board.pivot(
        "New Customers", "res.partner", CUSTOMERS,
        match={**owner, period: ("create_date", "datetime")},
    )  # fmt: skip
    followups = board.pivot(
        "Follow-ups by Salesperson", "crm.customer.followup", [], rows=["user_id"],
        match={**owner, period: ("date", "datetime")}, sort="__count",
    )  # fmt: skip
    due = str(CUSTOMERS + [("customer_next_contact_date", "<=", "TODAY")]).replace("'TODAY'", TODAY)
    to_contact = board.pivot("To Contact Today", "res.partner", due, match=owner)
    claims = board.pivot(
        "Pool Claims by Salesperson", "crm.customer.pool.log", [("action", "=", "claim")],
        rows=["user_id"], match={seller: ("user_id", "many2one"), period: ("date", "datetime")},
        sort="__count",
    )  # fmt: skip
    board.scorecards([
        ("Customers", f"=PIVOT.VALUE({by_stage},\"__count\")", None),
        ("New Customers", f"=PIVOT.VALUE({new},\"__count\")", None),
        ("Follow-ups", f"=PIVOT.VALUE({followups},\"__count\")", None),
        ("To Contact Today", f"=PIVOT.VALUE({to_contact},\"__count\")", None),
        ("Pool Claims", f"=PIVOT.VALUE({claims},\"__count\")", None),
    ])  # fmt: skip
    board.cross_table("Customers by Stage and Tier", by_stage, 5, "Stage", "Total", 4)
    board.side_by_side(
        ("Follow-ups This Period", followups, 8, "Salesperson", [("Follow-ups", "__count", None)]),
        ("Pool Claims This Period", claims, 8, "Salesperson", [("Claims", "__count", None)]),
    )
    contact_list = board.list(
        "To Contact Today", "res.partner", due,
        ["name", "user_id", "customer_stage_id", "customer_value_tier",
         "customer_last_contact_date", "customer_next_contact_date"],
        [("customer_next_contact_date", True)], match=owner,
    )  # fmt: skip
    board.list_table("To Contact Today", contact_list, 10)
    return board


def service():
    board = Board()
    period = board.date_filter(key("service/period"), "Period")
    team = board.relation_filter(key("service/team"), "Team", "crm.feedback.team")
    agent = board.relation_filter(key("service/user"), "Assigned to", "res.users")
    owner = {team: ("team_id", "many2one"), agent: ("user_id", "many2one")}
    still_open = [("is_closed", "=", False), ("stage_type", "!=", "solved")]
    overdue_domain = still_open + [("sla_status", "=", "breached")]
    open_by_team = board.pivot(
        "Open Tickets by Team", "crm.feedback.ticket", still_open, rows=["team_id"],
        match=owner, sort="__count",
    )  # fmt: skip
    overdue = board.pivot(
        "Overdue Tickets by Team", "crm.feedback.ticket", overdue_domain, rows=["team_id"],
        match=owner, sort="__count",
    )  # fmt: skip
    received = board.pivot(
        "Received This Period", "crm.feedback.ticket", [], rows=["team_id"],
        match={**owner, period: ("date_received", "datetime")}, sort="__count",
    )  # fmt: skip
    # the SLA is judged when a ticket is solved (see _compute_report_measures)
    solved = board.pivot(
        "SLA Compliance by Team", "crm.feedback.ticket",
        [("solved_date", "!=", False), ("sla_id", "!=", False)], rows=["team_id"],
        measures=["__count", "sla_success_rate", "first_response_hours", "resolution_hours"],
        match={**owner, period: ("solved_date", "datetime")}, sort="__count",
    )  # fmt: skip
    solved_count = f'PIVOT.VALUE({solved},"__count")'
    board.scorecards([
        ("Open Tickets", f"=PIVOT.VALUE({open_by_team},\"__count\")", None),
        ("Overdue", f"=PIVOT.VALUE({overdue},\"__count\")", None),
        ("Received", f"=PIVOT.VALUE({received},\"__count\")", None),
        # "-" rather than 0 % while nothing was solved in the period
        ("SLA Compliance",
         f"=IF(AND(ISNUMBER({solved_count}),{solved_count}>0),"
         f"PIVOT.VALUE({solved},\"sla_success_rate\")/100,\"-\")", "percent"),
    ])  # fmt: skip
    board.side_by_side(
        ("Open Tickets by Team", open_by_team, 8, "Team", [("Open", "__count", None)]),
        ("Overdue Tickets by Team", overdue, 8, "Team", [("Overdue", "__count", None)]),
    )
    board.row = board.pivot_table(
        "Solved This Period: SLA by Team", solved, 8, "Team",
        [("Solved", "__count", None), ("SLA Compliance (%)", "sla_success_rate", "decimal"),
         ("First Response (h)", "first_response_hours", "decimal"),
         ("Resolution (h)", "resolution_hours", "decimal")],
    )  # fmt: skip
    late = board.list(
        "Overdue Tickets", "crm.feedback.ticket", overdue_domain,
        ["number", "name", "partner_id", "team_id", "user_id", "sla_deadline"],
        [("sla_deadline", True)], match=owner,
    )  # fmt: skip
    board.list_table("Overdue Tickets", late, 10)
    return board


def satisfaction():
    board = Board()
    period = board.date_filter(key("satisfaction/period"), "Period", "year", "this_year")
    team = board.relation_filter(key("satisfaction/team"), "Sales Team", "crm.team")
    seller = board.relation_filter(key("satisfaction/user"), "Salesperson", "res.users")
    owner = {team: ("team_id", "many2one"), seller: ("user_id", "many2one")}
    dated = {**owner, period: ("date", "datetime")}
    nps_items = [("is_nps", "=", True)]
    answers = board.pivot(
        "Satisfaction", "crm.satisfaction.response", [], measures=["__count", "score"],
        match=dated,
    )  # fmt: skip
    nps = board.pivot(
        "NPS", "crm.satisfaction.response.line", nps_items, measures=["__count", "nps_points"],
        match=dated,
    )  # fmt: skip
    by_team = board.pivot(
        "Satisfaction by Sales Team", "crm.satisfaction.response", [], rows=["team_id"],
        measures=["__count", "score"], match=dated, sort="score",
    )  # fmt: skip
    nps_by_team = board.pivot(
        "NPS by Sales Team", "crm.satisfaction.response.line", nps_items, rows=["team_id"],
        measures=["__count", "nps_points"], match=dated, sort="nps_points",
    )  # fmt: skip
    at_risk_domain = [("satisfaction_at_risk", "=", True), ("parent_id", "=", False)]
    at_risk = board.pivot(
        "Customers at Risk", "res.partner", at_risk_domain,
        match={seller: ("user_id", "many2one"), team: ("team_id", "many2one")},
    )  # fmt: skip
    board.scorecards([
        ("Responses", f"=PIVOT.VALUE({answers},\"__count\")", None),
        ("Average Score", f"=PIVOT.VALUE({answers},\"score\")", "decimal"),
        ("NPS", f"=PIVOT.VALUE({nps},\"nps_points\")", "decimal"),
        ("Customers at Risk", f"=PIVOT.VALUE({at_risk},\"__count\")", None),
    ])  # fmt: skip
    board.charts(
        ("line", "Average Score by Month", "crm.satisfaction.response", [], "date:month",
         "score", dated),
        ("line", "NPS by Month", "crm.satisfaction.response.line", nps_items, "date:month",
         "nps_points", dated),
    )  # fmt: skip
    board.side_by_side(
        ("Score by Sales Team", by_team, 6, "Sales Team",
         [("Responses", "__count", None), ("Average Score", "score", "decimal")]),
        ("NPS by Sales Team", nps_by_team, 6, "Sales Team",
         [("Answers", "__count", None), ("NPS", "nps_points", "decimal")]),
    )  # fmt: skip
    risky = board.list(
        "Customers at Risk", "res.partner", at_risk_domain,
        ["name", "user_id", "satisfaction_last_score", "satisfaction_trend"],
        [("satisfaction_trend", True)],
        match={seller: ("user_id", "many2one"), team: ("team_id", "many2one")},
    )  # fmt: skip
    board.list_table("Customers at Risk", risky, 10)
    return board


def kpi():
    board = Board()
    period = board.date_filter(key("kpi/period"), "Period", "year", "this_year")
    department = board.relation_filter(key("kpi/department"), "Department", "hr.department")
    scope = {period: ("period_date", "date"), department: ("department_id", "many2one")}
    model = "crm.kpi.comparison.report"
    overall = board.pivot(
        "KPI Scorecards", model, [], measures=["__count", "total_score", "company_average"],
        match=scope,
    )  # fmt: skip
    by_department = board.pivot(
        "Department Averages", model, [], rows=["department_id"],
        measures=["__count", "department_average", "baseline_score"], match=scope,
        sort="department_average",
    )  # fmt: skip
    board.scorecards([
        ("Scorecards", f"=PIVOT.VALUE({overall},\"__count\")", None),
        ("Company Average", f"=PIVOT.VALUE({overall},\"company_average\")", "decimal"),
        ("Average Score", f"=PIVOT.VALUE({overall},\"total_score\")", "decimal"),
    ])  # fmt: skip
    board.row = board.pivot_table(
        "Department Averages", by_department, 8, "Department",
        [("Scorecards", "__count", None), ("Department Average", "department_average",
                                            "decimal"),
         ("Baseline", "baseline_score", "decimal")],
    )  # fmt: skip
    ranking = board.list(
        "Ranking", model, [],
        ["employee_id", "period_id", "total_score", "vs_department", "rank_in_department",
         "department_id"],
        [("period_date", False), ("total_score", False)], match=scope,
    )  # fmt: skip
    board.list_table("Ranking", ranking, 15)
    return board


BOARDS = {
    "addons/crm_customer_dashboard/data/files/customer_file_dashboard.json": customer_file,
    "addons/crm_feedback_dashboard/data/files/service_dashboard.json": service,
    "addons/crm_satisfaction_dashboard/data/files/satisfaction_dashboard.json": satisfaction,
    "addons/crm_kpi_dashboard/data/files/kpi_dashboard.json": kpi,
}
