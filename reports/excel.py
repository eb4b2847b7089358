"""The tables of a report as an Excel workbook (openpyxl): one sheet per section with tables,
the letterhead on top; text that a spreadsheet would run as a formula is neutralized."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from organizations.spreadsheets.formats import escape_formula

SHEET_NAME_LIMIT = 31
FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _cell(value):
    if isinstance(value, int | float):
        return value
    return escape_formula(str(value))


def _sheet_name(text, used):
    base = text.translate(FORBIDDEN).strip()[:SHEET_NAME_LIMIT] or "Sheet"
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
        summary.append([_cell(line)])
    summary.append([])
    for section in context["sections"]:
        summary.append([_cell(section.heading)])
        summary.cell(row=summary.max_row, column=1).font = bold
        for paragraph in section.paragraphs:
            summary.append([_cell(paragraph)])
        for table in section.tables:
            sheet = workbook.create_sheet(_sheet_name(table.title, used))
            sheet.append([_cell(section.heading)])
            sheet.append([_cell(column) for column in table.columns])
            for cell in sheet[2]:
                cell.font = bold
            for row in table.rows:
                sheet.append([_cell(value) for value in row])
    # Fixed properties: the same data gives the same workbook.
    workbook.properties.creator = "congress_admin"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
