"""A spreadsheet as rows of text: XLSX, or CSV in UTF-8 (with or without a BOM)
or GB18030 (what Chinese Excel writes).

Every cell is read as the text it shows: a cell holding a formula is its text
("=SUM(B2:B9)"), never evaluated; numbers and dates become their usual writing.
"""

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.utils.translation import gettext as _


class FileRefused(Exception):
    """The file as a whole cannot be read: the message says why, translated."""


@dataclass
class Table:
    header: list
    rows: list  # (row number in the file, [cell text, …]), blank rows left out


def max_bytes():
    return settings.KAM_IMPORT_MAX_MB * 1024 * 1024


def read_table(file_name, data):
    """The file's first sheet as a Table, or FileRefused."""
    if len(data) > max_bytes():
        raise FileRefused(
            _("The file is larger than %(mb)d MB: split it into smaller files.")
            % {"mb": settings.KAM_IMPORT_MAX_MB}
        )
    name = file_name.lower()
    if name.endswith(".xlsx"):
        lines = _xlsx_lines(data)
    elif name.endswith((".csv", ".txt")):
        lines = _csv_lines(data)
    else:
        raise FileRefused(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    return _table(lines)


def _table(lines):
    limit = settings.KAM_IMPORT_MAX_ROWS
    header = None
    rows = []
    for number, cells in lines:
        cells = [_text(cell) for cell in cells]
        if not any(cells):
            continue
        if header is None:
            header = cells
            continue
        if len(rows) >= limit:
            raise FileRefused(
                _(
                    "The file has more than %(limit)d rows: split it into files of "
                    "at most %(limit)d rows."
                )
                % {"limit": limit}
            )
        rows.append((number, cells))
    if header is None:
        raise FileRefused(_("The file is empty: it needs a header row."))
    return Table(header=header, rows=rows)


def _xlsx_lines(data):
    # Here, not at the top: the worker imports this module at start, and openpyxl is
    # a tenth of a second of it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise FileRefused(
            _("This is not an Excel workbook KAM can read (.xlsx).")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        yield from enumerate(sheet.iter_rows(values_only=True), start=1)
    finally:
        workbook.close()


def _csv_lines(data):
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise FileRefused(
            _("The CSV file is malformed: %(error)s") % {"error": error}
        ) from error


def _decode(data):
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise FileRefused(
            _("The CSV file is neither UTF-8 nor GB18030: save it again as CSV UTF-8.")
        ) from error


def _text(value):
    """A cell's value as the text a person reads in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
