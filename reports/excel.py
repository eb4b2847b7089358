"""The tables of a report as an Excel workbook (openpyxl): one sheet per table, the letterhead
on a summary sheet; text that a spreadsheet would run as a formula is neutralized.

A share ("46,15 %") is a number with a percent format, so it can be summed and charted; a
column of counts with their share ("18 (46,15 %)" in the PDF, CountShare) becomes two columns,
the count and the share (and a share against a target, two percent columns). A
sheet's name is cut at Excel's 31 characters, so each table sheet starts with its full title
in a title row. The same data gives the same bytes: the document properties carry the
report's date and every zip entry a fixed timestamp (as the PDFs, rendering.py).
"""

import datetime
import re
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from core.workbooks import workbook_bytes
from organizations.spreadsheets.formats import escape_formula

SHEET_NAME_LIMIT = 31
# Characters a sheet's name may not hold, and what stands for them: "Vòng 1: kết quả" →
# "Vòng 1 – kết quả", "53/53" → "53-53" (the full title is the sheet's first row).
FORBIDDEN = str.maketrans({":": " –", "/": "-", "\\": "-", **dict.fromkeys("[]*?", " ")})
# "46,15 %", "46.15 %", "100 %" (a non-breaking space, too): a share alone in its cell.
PERCENT = re.compile(r"^(\d{1,3})(?:[.,](\d+))?[\s\u00a0]?%$")
PERCENT_FORMAT = "0.00%"


def _cell(value):
    """(value, number format or None) of a cell: a share becomes a fraction."""
    if isinstance(value, int | float):
        return value, None
    if isinstance(value, Decimal):  # a share in percent (CountShare, ShareAgainstTarget)
        return float(value / 100), PERCENT_FORMAT
    text = str(value)
    match = PERCENT.match(text.strip())
    if match:
        whole, decimals = match.groups()
        return float(f"{whole}.{decimals or 0}") / 100, PERCENT_FORMAT
    return escape_formula(text), None


def _append(sheet, values):
    cells = [_cell(value) if value is not None else (None, None) for value in values]
    sheet.append([value for value, _format in cells])
    for column, (_value, number_format) in enumerate(cells, start=1):
        if number_format:
            sheet.cell(row=sheet.max_row, column=column).number_format = number_format


def _split_columns(table):
    """(columns, rows) of `table` with each column of cells that are more than one figure
    (CountShare, ShareAgainstTarget: their `workbook_cells`) split into one column per figure.
    A cell of another kind in such a column (a dash) stays in the first."""
    parts = {}  # column index: the headings it splits into
    for row in table.rows:
        for index, cell in enumerate(row):
            if hasattr(cell, "workbook_cells") and index not in parts:
                parts[index] = cell.workbook_columns(table.columns[index])
    if not parts:
        return table.columns, table.rows
    columns = []
    for index, column in enumerate(table.columns):
        columns += parts.get(index, [column])
    rows = []
    for row in table.rows:
        cells = []
        for index, cell in enumerate(row):
            if index not in parts:
                cells.append(cell)
            elif hasattr(cell, "workbook_cells"):
                cells += cell.workbook_cells()
            else:
                cells += [cell] + [None] * (len(parts[index]) - 1)
        rows.append(cells)
    return columns, rows


def _sheet_name(text, used):
    base = " ".join(text.translate(FORBIDDEN).split())[:SHEET_NAME_LIMIT].strip() or "Sheet"
    name, number = base, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        number += 1
    used.add(name.lower())
    return name


def tables_to_xlsx(context):
    """Bytes of a workbook holding every table of the report's sections."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = _sheet_name(context["title"], used := set())
    bold = Font(bold=True)
    for line in [*context.get("issuing_lines", []), context.get("report_date_text", ""),
                 context["title"], context.get("subtitle", "")]:  # fmt: skip
        _append(summary, [line])
    summary.append([])
    for section in context["sections"]:
        _append(summary, [section.heading])
        summary.cell(row=summary.max_row, column=1).font = bold
        for paragraph in section.paragraphs:
            _append(summary, [paragraph])
        for table in section.tables:
            title = table.title or section.heading
            sheet = workbook.create_sheet(_sheet_name(title, used))
            _append(sheet, [title])  # the full title: the sheet's name may be cut
            sheet.cell(row=1, column=1).font = bold
            _append(sheet, [section.heading])
            columns, rows = _split_columns(table)
            _append(sheet, columns)
            for cell in sheet[3]:
                cell.font = bold
            for row in rows:
                _append(sheet, row)
    # Fixed properties: the same data gives the same workbook.
    # The report's own moment (services.document_moment), in UTC: openpyxl writes a naive time
    # with a "Z", so a local time would be written seven hours off.
    as_of = context.get("as_of")
    if as_of is not None and timezone.is_aware(as_of):
        as_of = as_of.astimezone(datetime.UTC)
    return workbook_bytes(workbook, moment=as_of and as_of.replace(tzinfo=None, microsecond=0))
