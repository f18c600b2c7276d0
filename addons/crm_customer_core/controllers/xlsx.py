import io

import xlsxwriter

from odoo.http import content_disposition, request

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLSX_FORMATS = {
    "money": {"num_format": "#,##0.00"},
    "date": {"num_format": "yyyy-mm-dd"},
    "percent": {"num_format": "0.0%"},  # a fraction of 1
}


def xlsx_response(filename, sheet_name, headers, rows, formats=None):
    """An HTTP response with one worksheet: a bold header row, then ``rows``.

    :param formats: {column index: "money" | "date" | "percent"}
    """
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet(sheet_name[:31])
    sheet.write_row(0, 0, headers, workbook.add_format({"bold": True}))
    cell_formats = {
        column: workbook.add_format(XLSX_FORMATS[kind]) for column, kind in (formats or {}).items()
    }
    for row_index, row in enumerate(rows, start=1):
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
