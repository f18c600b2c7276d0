"""Open a board of Odoo's *Dashboards* app the way the web client does, for the tests of the
``*_dashboard`` bridges: the file, then for each pivot one ``read_group`` per pair of row
and column groupings it shows, for each list one ``web_search_read`` of the rows its cells
read, for each chart its ``read_group`` - all as the user, through the record rules, with
the global filters at their defaults (this month, this year) on the given day."""

import base64
import gc
import io
import json
import logging
import re
from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo.tests import new_test_user
from odoo.tools import lazy_property
from odoo.tools.safe_eval import safe_eval
from odoo.tools.translate import code_translations, extract_spreadsheet_terms

_logger = logging.getLogger(__name__)

LIST_CELL = re.compile(r"ODOO\.LIST\((\d+),(\d+),")


def _period(global_filter, today):
    """The first day of the default period of a date filter and the first day after it."""
    if global_filter["defaultValue"] == "this_month":
        start = today.replace(day=1)
        return start, start + relativedelta(months=1)
    if global_filter["defaultValue"] == "this_year":
        start = today.replace(month=1, day=1)
        return start, start + relativedelta(years=1)
    raise NotImplementedError(global_filter["defaultValue"])


def source_domain(env, data, source, today):
    """The domain the client sends for a pivot, list or chart: its own (a string is
    evaluated with ``context_today()``, as the client does) and its global filters."""
    domain = source["domain"]
    if isinstance(domain, str):
        moment = datetime.combine(today, time(12))
        domain = safe_eval(domain, {"context_today": lambda: moment})
    domain = list(domain)
    filters = {f["id"]: f for f in data["globalFilters"]}
    for filter_id, match in (source.get("fieldMatching") or {}).items():
        global_filter = filters[filter_id]
        if global_filter["type"] != "date" or not global_filter.get("defaultValue"):
            continue  # a relation filter is empty by default
        start, end = _period(global_filter, today)
        if match["type"] == "datetime":  # the user's midnight, in UTC, as the client sends
            tz = pytz.timezone(env.user.tz or "UTC")
            start, end = (
                tz.localize(datetime.combine(day, time())).astimezone(pytz.utc).replace(tzinfo=None)
                for day in (start, end)
            )
        domain += [(match["chain"], ">=", start), (match["chain"], "<", end)]
    return domain


def open_dashboard(dashboard, today):
    """What the client fetches to draw ``dashboard`` for its environment's user on
    ``today``: {"pivots": {id: {groupby tuple: groups}}, "lists": {id: records}}."""
    env = dashboard.env
    dashboard.get_readonly_dashboard()
    data = json.loads(dashboard.spreadsheet_data)
    result = {"pivots": {}, "lists": {}, "charts": []}
    for pivot_id, pivot in data["pivots"].items():
        model = env[pivot["model"]]
        domain = source_domain(env, data, pivot, today)
        measures = []
        for measure in pivot["measures"]:
            name = measure["fieldName"]
            field = model._fields[name] if name != "__count" else None
            measures.append(f"{name}:{field.aggregator}" if field else "__count")
        rows = [r["fieldName"] for r in pivot["rows"]]
        columns = [c["fieldName"] for c in pivot["columns"]]
        groups = {}
        for i in range(len(rows) + 1):
            for j in range(len(columns) + 1):
                groupby = rows[:i] + columns[:j]
                groups[tuple(groupby)] = model.read_group(domain, measures, groupby, lazy=False)
        result["pivots"][pivot_id] = groups
    positions = {}
    for sheet in data["sheets"]:
        for cell in sheet["cells"].values():
            for list_id, position in LIST_CELL.findall(cell.get("content", "")):
                positions[list_id] = max(positions.get(list_id, 0), int(position))
    for list_id, definition in data["lists"].items():
        model = env[definition["model"]]
        spec = {
            name: {"fields": {"display_name": {}}} if model._fields[name].relational else {}
            for name in definition["columns"]
        }
        order = ", ".join(
            f"{o['name']} {'ASC' if o['asc'] else 'DESC'}" for o in definition["orderBy"]
        )
        result["lists"][list_id] = model.web_search_read(
            source_domain(env, data, definition, today), spec, order=order,
            limit=positions.get(list_id, 0),
        )["records"]  # fmt: skip
    for sheet in data["sheets"]:
        for figure in sheet["figures"]:
            chart = figure["data"]
            if not chart["type"].startswith("odoo_"):
                continue
            meta, search = chart["metaData"], dict(chart["searchParams"])
            search["fieldMatching"] = chart.get("fieldMatching")
            model = env[meta["resModel"]]
            result["charts"].append(
                model.read_group(
                    source_domain(env, data, search, today),
                    [meta["measure"]],
                    meta["groupBy"],
                    lazy=False,
                )  # fmt: skip
            )
    return result


def total(opened, pivot_id, measure="__count"):
    """The grand total of a pivot, as a scorecard reads it."""
    groups = opened["pivots"][pivot_id][()]
    return groups[0][measure] if groups else 0


def queries_to_open(dashboard, today):
    """The queries of opening ``dashboard`` with Odoo's caches empty, as after a restart:
    warm caches would make the count depend on what ran before rather than on the data."""
    open_dashboard(dashboard, today)
    dashboard.env.invalidate_all()
    dashboard.env.registry.clear_all_caches()
    # Environments are kept in a weak set, with what they computed once (the user's
    # companies...): whether the last opening's are still alive is up to the garbage
    # collector, and it made the count vary by one. Start both from none.
    gc.collect()
    for env in list(dashboard.env.transaction.envs):
        lazy_property.reset_all(env)
    before = dashboard.env.cr.sql_log_count
    open_dashboard(dashboard, today)
    count = dashboard.env.cr.sql_log_count - before
    _logger.info("dashboard %r opens in %d queries", dashboard.name, count)
    return count


def assert_translated(case, dashboard, addon, chinese_name):
    """``dashboard`` reads Chinese to a Chinese user: its name, and every text of its file
    (the ``_t`` cells, titles and filter labels the client translates) in the web
    translations Odoo serves for ``addon``."""
    case.env["res.lang"]._activate_lang("zh_CN")
    case.env["ir.module.module"]._load_module_terms([addon], ["zh_CN"], overwrite=True)
    case.assertEqual(dashboard.with_context(lang="zh_CN").name, chinese_name)
    terms = {
        term for _line, _func, term, _comments in extract_spreadsheet_terms(
            io.BytesIO(base64.b64decode(dashboard.spreadsheet_binary_data)), [], [], {}
        )
    }  # fmt: skip
    case.assertGreater(len(terms), 5)
    web = code_translations.get_web_translations(addon, "zh_CN")["messages"]
    chinese = {message["id"]: message["string"] for message in web}
    missing = sorted(term for term in terms if not chinese.get(term))
    case.assertFalse(missing, f"{addon}: no Chinese for {missing}")


def assert_listed_for(case, dashboard, reader, group_xmlid):
    """``dashboard`` sits in the Dashboards app of ``reader``, under ``group_xmlid``; an
    employee with no other right does not see it (unless it is meant for all employees),
    nor does a portal user."""
    Dashboard = case.env["spreadsheet.dashboard"]
    case.assertEqual(dashboard.dashboard_group_id, case.env.ref(group_xmlid))
    case.assertTrue(dashboard.is_published)
    case.assertIn(dashboard, Dashboard.with_user(reader).search([]))
    employee = new_test_user(case.env, login=f"{dashboard.id}_employee", groups="base.group_user")
    for_everyone = dashboard.group_ids == case.env.ref("base.group_user")
    case.assertEqual(dashboard in Dashboard.with_user(employee).search([]), for_everyone)
    portal = new_test_user(case.env, login=f"{dashboard.id}_portal", groups="base.group_portal")
    case.assertFalse(dashboard.with_user(portal).has_access("read"))
