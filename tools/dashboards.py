#!/usr/bin/env python3
"""The suite's boards in Odoo's *Dashboards* app, written from a short definition.

    python3 tools/dashboards.py          # rewrite addons/*_dashboard/data/files/*.json
    python3 tools/dashboards.py --check  # exit 1 when a committed board differs

Odoo keeps a dashboard as an o-spreadsheet file: cells with formulas over pivots and lists
that the web client loads with ``read_group`` and ``web_search_read`` as the user, so record
rules apply and the data never goes through our code. Written by hand those files are
thousands of lines of positions; here each board is a few tables and scorecards
(``tools/dashboard_boards.py``) and this module lays them out. Texts are ``_t("...")``
formulas and chart titles, which Odoo's translation export picks up from files named
``*_dashboard.json`` under ``data/``.
"""

import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLUMNS = "ABCDEFG"
# the first column holds names; the sixth, wider, the long text of a list (a department)
COLUMN_WIDTHS = (260, 140, 140, 140, 140, 220, 140)
ROW_HEIGHT = 23  # o-spreadsheet's default, so a figure's y is (row - 1) * ROW_HEIGHT
STYLES = {
    "title": {"textColor": "#01666b", "bold": True, "fontSize": 16},
    "header": {"bold": True, "fontSize": 11, "textColor": "#434343"},
    "cell": {"textColor": "#434343", "verticalAlign": "middle"},
    "number": {"textColor": "#434343", "verticalAlign": "middle", "align": "right"},
    "header_number": {"bold": True, "fontSize": 11, "textColor": "#434343", "align": "right"},
}
FORMATS = {"decimal": "0.0", "percent": "0.0%", "integer": "0"}
SCORECARD_COLOURS = ["#EFF6FF", "#F0FDF4", "#FEF2F2", "#FFF7ED", "#F5F3FF"]


def text(label):
    """A translated label: Odoo's export reads ``_t("...")`` from dashboard files."""
    return f'=_t("{label}")'


class Board:
    """One dashboard: a 'Dashboard' sheet with tables and charts and a 'Data' sheet that the
    scorecards at its top read."""

    def __init__(self):
        self.cells, self.data_cells = {}, {}
        self.styles, self.formats = {}, {}
        self.figures, self.filters, self.pivots, self.lists = [], [], {}, {}
        self.row = 7  # below the scorecards

    # ---------------------------------------------------------------- sources
    def date_filter(self, key, label, range_type="month", default="this_month"):
        self.filters.append(
            {"id": key, "type": "date", "label": label, "rangeType": range_type,
             "defaultValue": default}
        )  # fmt: skip
        return key

    def relation_filter(self, key, label, model):
        self.filters.append(
            {"id": key, "type": "relation", "label": label, "modelName": model,
             "defaultValue": [], "defaultValueDisplayNames": [], "rangeType": "year"}
        )  # fmt: skip
        return key

    def _matching(self, match):
        """Global filter id -> {"chain": field path, "type": field type}."""
        return {key: dict(chain=chain, type=kind, **({"offset": 0} if kind in ("date", "datetime")
                                                     else {}))
                for key, (chain, kind) in (match or {}).items()}  # fmt: skip

    def pivot(self, name, model, domain, rows=(), columns=(), measures=("__count",),
              match=None, sort=None):  # fmt: skip
        """A pivot the cells read; ``domain`` a list, or a string when it needs today's date
        (the client evaluates it with ``context_today()``). Its id."""
        pivot_id = str(len(self.pivots) + 1)
        self.pivots[pivot_id] = {
            "type": "ODOO", "id": pivot_id, "formulaId": pivot_id, "name": name,
            "model": model, "domain": domain, "context": {},
            "rows": [{"fieldName": f} for f in rows],
            "columns": [{"fieldName": f} for f in columns],
            "measures": [{"id": m, "fieldName": m} for m in measures],
            "sortedColumn": sort and {"groupId": [[], []], "measure": sort, "order": "desc"},
            "fieldMatching": self._matching(match),
        }  # fmt: skip
        return pivot_id

    def list(self, name, model, domain, columns, order, match=None):
        list_id = str(len(self.lists) + 1)
        self.lists[list_id] = {
            "id": list_id, "name": name, "model": model, "domain": domain, "context": {},
            "columns": list(columns),
            "orderBy": [{"name": f, "asc": asc} for f, asc in order],
            "fieldMatching": self._matching(match),
        }  # fmt: skip
        return list_id

    # ---------------------------------------------------------------- layout
    def _put(self, column, row, content, style="cell", fmt=None):
        ref = f"{COLUMNS[column]}{row}"
        self.cells[ref] = {"content": content}
        self.styles[ref] = style
        if fmt:
            self.formats[ref] = fmt

    def scorecards(self, cards):
        """[(title, formula, format or None)]: one card each across the top."""
        width = 1000 // len(cards) - 10
        for index, (title, formula, fmt) in enumerate(cards):
            row = index + 1
            self.data_cells[f"A{row}"] = {"content": text(title)}
            self.data_cells[f"B{row}"] = {"content": formula, "format": fmt}
            self.figures.append({
                "id": f"scorecard-{row}", "tag": "chart",
                "x": index * (width + 10), "y": 12, "width": width, "height": 100,
                "data": {
                    "type": "scorecard", "title": {"text": title, "bold": True,
                                                   "color": "#434343"},
                    "background": SCORECARD_COLOURS[index % len(SCORECARD_COLOURS)],
                    "keyValue": f"Data!B{row}", "baselineMode": "text",
                    "baselineColorUp": "#00A04A", "baselineColorDown": "#DC6965",
                    "humanize": False,
                },
            })  # fmt: skip

    def title(self, label, column=0, row=None):
        self._put(column, row or self.row, text(label), "title")

    def pivot_table(self, label, pivot_id, size, heading, values, column=0, row=None):
        """The first ``size`` rows of a pivot grouped by one field, under ``heading``, with
        ``values``: [(heading, measure, format or None)]. The next free row."""
        row = row or self.row
        field = self.pivots[pivot_id]["rows"][0]["fieldName"]
        self.title(label, column, row)
        self._put(column, row + 1, text(heading), "header")
        for offset, (value_heading, _measure, _fmt) in enumerate(values, start=1):
            self._put(column + offset, row + 1, text(value_heading), "header_number")
        for position in range(1, size + 1):
            r = row + 1 + position
            self._put(column, r, f'=PIVOT.HEADER({pivot_id},"#{field}",{position})')
            for offset, (_heading, measure, fmt) in enumerate(values, start=1):
                self._put(
                    column + offset, r,
                    f'=PIVOT.VALUE({pivot_id},"{measure}","#{field}",{position})', "number", fmt,
                )  # fmt: skip
        return row + size + 3

    def cross_table(self, label, pivot_id, size, corner, total, column_count):
        """A pivot with one row and one column field, counted, with row totals."""
        row = self.row
        pivot = self.pivots[pivot_id]
        across, down = pivot["columns"][0]["fieldName"], pivot["rows"][0]["fieldName"]
        self.title(label, 0, row)
        self._put(0, row + 1, text(corner), "header")
        for j in range(1, column_count + 1):
            self._put(j, row + 1, f'=PIVOT.HEADER({pivot_id},"#{across}",{j})', "header_number")
        self._put(column_count + 1, row + 1, text(total), "header_number")
        for i in range(1, size + 1):
            r = row + 1 + i
            self._put(0, r, f'=PIVOT.HEADER({pivot_id},"#{down}",{i})')
            for j in range(1, column_count + 1):
                self._put(
                    j, r, f'=PIVOT.VALUE({pivot_id},"__count","#{down}",{i},"#{across}",{j})',
                    "number",
                )  # fmt: skip
            self._put(column_count + 1, r, f'=PIVOT.VALUE({pivot_id},"__count","#{down}",{i})',
                      "number")  # fmt: skip
        self.row = row + size + 3

    def list_table(self, label, list_id, size):
        """The first ``size`` records of a list, one column per field, headed by the fields'
        own (translated) labels."""
        row = self.row
        columns = self.lists[list_id]["columns"]
        self.title(label, 0, row)
        for column, field in enumerate(columns):
            self._put(column, row + 1, f'=ODOO.LIST.HEADER({list_id},"{field}")', "header")
            for position in range(1, size + 1):
                self._put(column, row + 1 + position,
                          f'=ODOO.LIST({list_id},{position},"{field}")')  # fmt: skip
        self.row = row + size + 3

    def side_by_side(self, *tables):
        """Tables of ``pivot_table`` arguments next to each other, from column A and E."""
        self.row = max(
            self.pivot_table(*args, column=4 * index, row=self.row)
            for index, args in enumerate(tables)
        )

    def charts(self, *charts, rows=12):
        """Odoo charts side by side over ``rows`` rows of the sheet, each drawn from its own
        ``read_group``: (kind "bar" or "line", title, model, domain, group by, measure,
        global filter matching)."""
        width = 1000 // len(charts)
        for index, (kind, title, model, domain, group_by, measure, match) in enumerate(charts):
            self.figures.append({
                "id": f"chart-{len(self.figures) + 1}", "tag": "chart",
                "x": index * width, "y": (self.row - 1) * ROW_HEIGHT,
                "width": width - 10, "height": rows * ROW_HEIGHT,
                "data": {
                    "type": f"odoo_{kind}", "background": "#FFFFFF", "legendPosition": "none",
                    "title": {"text": title, "bold": True, "color": "#434343"},
                    "stacked": False, "verticalAxisPosition": "left", "fillArea": kind == "line",
                    "metaData": {"groupBy": [group_by], "measure": measure, "order": None,
                                 "resModel": model, "mode": kind},
                    "searchParams": {"comparison": None, "context": {}, "domain": domain,
                                     "groupBy": [group_by], "orderBy": []},
                    "fieldMatching": self._matching(match),
                },
            })  # fmt: skip
        self.row += rows + 1

    # ---------------------------------------------------------------- output
    def spreadsheet(self):
        style_ids = {name: str(i) for i, name in enumerate(STYLES, start=1)}
        format_ids = {name: str(i) for i, name in enumerate(FORMATS, start=1)}
        data_formats = {
            ref: format_ids[cell.pop("format")]
            for ref, cell in self.data_cells.items() if cell.get("format")
        }  # fmt: skip
        for cell in self.data_cells.values():
            cell.pop("format", None)
        sheet = {
            "id": "dashboard", "name": "Dashboard", "colNumber": 7, "rowNumber": self.row + 5,
            "cols": {str(i): {"size": size} for i, size in enumerate(COLUMN_WIDTHS)},
            "rows": {}, "merges": [], "cells": self.cells,
            "styles": {ref: style_ids[s] for ref, s in self.styles.items()},
            "formats": {ref: format_ids[f] for ref, f in self.formats.items()},
            "borders": {}, "conditionalFormats": [], "figures": self.figures, "tables": [],
            "areGridLinesVisible": False, "isVisible": True,
            "headerGroups": {"ROW": [], "COL": []}, "dataValidationRules": [], "comments": {},
        }  # fmt: skip
        data = dict(
            sheet, id="data", name="Data", rowNumber=len(self.data_cells) + 5,
            cells=self.data_cells, styles={}, formats=data_formats, figures=[],
            areGridLinesVisible=True,
        )  # fmt: skip
        return {
            "version": 21, "odooVersion": 12, "revisionId": "START_REVISION",
            "uniqueFigureIds": True, "sheets": [sheet, data],
            "styles": {style_ids[n]: s for n, s in STYLES.items()},
            "formats": {format_ids[n]: f for n, f in FORMATS.items()}, "borders": {},
            "settings": {}, "customTableStyles": {}, "globalFilters": self.filters,
            "pivots": self.pivots, "pivotNextId": len(self.pivots) + 1,
            "lists": self.lists, "listNextId": len(self.lists) + 1,
            "chartOdooMenusReferences": {},
        }  # fmt: skip


def render(board):
    return json.dumps(board.spreadsheet(), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main():
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from dashboard_boards import BOARDS  # noqa: PLC0415 (the boards import this module)

    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    stale = []
    for path, build in BOARDS.items():
        content = render(build())
        full = os.path.join(ROOT, path)
        with open(full, encoding="utf-8") if os.path.exists(full) else open(os.devnull) as f:
            current = f.read()
        if current == content:
            continue
        stale.append(path)
        if not args.check:
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(content)
    for path in stale:
        print(f"{'stale' if args.check else 'written'}: {path}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
