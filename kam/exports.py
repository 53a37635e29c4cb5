"""Tables as CSV and XLSX downloads.

A cell that starts like a formula (=, +, -, @) is written as text, so a value a user
typed can never run as a formula in the spreadsheet that opens the export.

The XLSX reads like a report: amounts as numbers with thousands separators, dates
as dates, columns as wide as what they hold, the header row frozen.
"""

import csv
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


class _Echo:
    def write(self, value):
        return value


def csv_response(filename, header, rows):
    """Stream ``rows`` as UTF-8 CSV with a BOM, which Excel needs to read Chinese."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([str(h) for h in header])
        for row in rows:
            yield writer.writerow([_csv_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _xlsx_value(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, int | float | Decimal | date):
        return value
    return str(value)


AMOUNT = "#,##0.00"
MOMENT = "yyyy-mm-dd hh:mm"
DAY = "yyyy-mm-dd"
WIDEST = 60  # characters; longer text wraps in the spreadsheet


def _number_format(value):
    if isinstance(value, datetime):
        return MOMENT
    if isinstance(value, date):
        return DAY
    if isinstance(value, Decimal | float):
        return AMOUNT
    return None


def _xlsx_cell(sheet, value):
    value = _xlsx_value(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
    shown = _number_format(value)
    if shown:
        cell.number_format = shown
    return cell


def _shown_width(value):
    """How many character widths a value takes in the sheet (a hanzi takes two)."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return len("2026-01-01 00:00")
    if isinstance(value, date):
        return len("2026-01-01")
    if isinstance(value, Decimal | float):
        return len(f"{value:,.2f}")
    text = str(value)
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def _widths(header, rows):
    widths = [_shown_width(str(label)) for label in header]
    for row in rows:
        for index, value in enumerate(row[: len(widths)]):
            widths[index] = max(widths[index], _shown_width(_xlsx_value(value)))
    return [min(width + 2, WIDEST) for width in widths]


def xlsx_response(filename, title, header, rows):
    rows = list(rows)  # read once: the widths are set before the first row
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for index, width in enumerate(_widths(header, rows), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for label in header:
        cell = WriteOnlyCell(sheet, value=str(label))
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
