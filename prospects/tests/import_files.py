"""Spreadsheets for the import tests, written as a team's Excel would."""

from io import BytesIO

from openpyxl import Workbook


def csv_bytes(rows, encoding="utf-8", bom=False):
    text = "\r\n".join(",".join(_quoted(cell) for cell in row) for row in rows)
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def _quoted(cell):
    cell = str(cell)
    if any(c in cell for c in ',"\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def xlsx_bytes(rows, formulas=()):
    """An .xlsx of ``rows``; ``formulas`` are (row, column) cells written as formulas."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    for row, column in formulas:
        cell = sheet.cell(row=row, column=column)
        cell.value = str(cell.value)
        cell.data_type = "f"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
