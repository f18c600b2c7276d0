import io

import xlsxwriter

from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_FORMATS = {
    "money": {"num_format": "#,##0.00"},
    "date": {"num_format": "yyyy-mm-dd"},
    "percent": {"num_format": "0.0%"},  # a fraction of 1
    "score": {"num_format": "0.0"},  # a score, shown as the screens show it
}


def xlsx_response(filename, sheet_name, headers, rows, formats=None, title_lines=()):
    """An HTTP response with one worksheet: the title lines if any (the report's title, its
    period), a bold header row, then ``rows``.

    :param formats: {column index: "money" | "date" | "percent" | "score"}
    """
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(sheet_name[:31])
    for line_index, line in enumerate(title_lines):
        sheet.write(line_index, 0, line, workbook.add_format({"bold": not line_index}))
    header_row = len(title_lines) + 1 if title_lines else 0
    sheet.write_row(header_row, 0, headers, workbook.add_format({"bold": True}))
    cell_formats = {
        column: workbook.add_format(XLSX_FORMATS[kind]) for column, kind in (formats or {}).items()
    }
    for row_index, row in enumerate(rows, start=header_row + 1):
        for column, value in enumerate(row):
            if value is None or value is False:
                continue
            sheet.write(row_index, column, value, cell_formats.get(column))
    sheet.set_column(0, len(headers) - 1, 18)
    workbook.close()
    return request.make_response(
        output.getvalue(),
        headers=[
            ("Content-Type", XLSX_MIMETYPE),
            ("Content-Disposition", content_disposition(filename)),
        ],
    )
