"""The schedule as a workbook and back (issue 18, item 10): the grid's congresses downloaded as
an .xlsx, edited in a spreadsheet, uploaded again and saved by congresses.scheduling.

The upload is read by organizations.spreadsheets (its size, zip and XML checks before any
parsing, calamine for the cells) and its cells by its CellReader, so the errors name the
sheet, row and column as the organizations import does. The same data gives the same bytes:
fixed document properties and zip timestamps (as reports.excel does).
"""

import datetime

import openpyxl
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from congresses.scheduling import Row, window_of
from core.forms import parse_id
from core.workbooks import workbook_bytes
from organizations.spreadsheets import CellError, read_workbook
from organizations.spreadsheets.cells import CellReader
from organizations.spreadsheets.formats import DATE_FORMAT, Column, SheetFormat, escape_formula
from organizations.spreadsheets.reading import REPORTED

SHEET = SheetFormat(
    key="schedule",
    title="Lịch đại hội",
    alias="Schedule",
    columns=(
        Column("congress", "Mã đại hội", "Congress id"),
        Column("version", "Phiên bản", "Version"),
        Column("organization_code", "Mã tổ chức", "Organization code", required=False),
        Column("organization", "Tổ chức", "Organization", required=False),
        Column("level", "Cấp", "Level", required=False),
        Column("window", "Thời gian của cấp", "Level window", required=False),
        Column("planned_date", "Ngày đại hội", "Planned date"),
        Column("venue", "Địa điểm", "Venue"),
        Column("is_pilot", "Đại hội điểm", "Pilot"),
    ),
)
WIDTHS = (12, 10, 18, 48, 24, 24, 14, 36, 12)
PILOT_YES = "Có"
_YES = {"có", "co", "x", "yes", "true", "1"}
_NO = {"", "không", "khong", "no", "false", "0"}


def _shown(day):
    return day.strftime("%d/%m/%Y") if day else "…"


def _cells(worksheet, values, *, bold=False):
    cells = []
    for value in values:
        cell = WriteOnlyCell(worksheet, value=escape_formula(value))
        if isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
        if bold:
            cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _congress_values(congress, labels, windows):
    start, end = window_of(congress, windows)
    return (
        congress.pk,
        congress.version,
        congress.organization.code,
        congress.organization.name,
        labels.get(congress.level, str(congress.level)),
        f"{_shown(start)}–{_shown(end)}" if start or end else "",
        congress.planned_date,
        congress.venue,
        PILOT_YES if congress.is_pilot else "",
    )


def schedule_workbook(congresses, *, labels, windows):
    """`congresses` (with their organizations) as .xlsx bytes, one row each; `labels` names
    the levels, `windows` ({level: (start, deadline)}) fills the window column."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET.title)
    for letter, width in zip("ABCDEFGHI", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.append(_cells(sheet, [column.header for column in SHEET.columns], bold=True))
    for congress in congresses:
        sheet.append(_cells(sheet, _congress_values(congress, labels, windows)))
    return workbook_bytes(workbook)


class _Reader(CellReader):
    """CellReader's text and date cells, and the schedule's number and yes/no cells; the
    problems as CellErrors."""

    def __init__(self, workbook):
        self.workbook = workbook
        self.errors = list(workbook.errors)
        self.clean_cells = {}  # CellReader's cache of values read without a problem

    def error(self, sheet, number, field_name, message):
        self.errors.append(
            CellError(
                sheet=sheet.title, row=number, column=sheet.header(field_name), message=message
            )
        )

    def number(self, sheet, number, values, field_name):
        raw = values.get(field_name)
        if raw is REPORTED:
            return None
        value = parse_id(str(raw)) if raw is not None and not isinstance(raw, bool) else None
        if not value:
            self.error(sheet, number, field_name, _("Write the number the download gave here."))
        return value

    def pilot(self, sheet, number, values):
        text = self.text(sheet, number, values, "is_pilot", max_length=20, required=False)
        if text is None:
            return None
        text = text.casefold()
        if text not in _YES | _NO:
            self.error(sheet, number, "is_pilot", _("Write “Có” or leave the cell empty."))
            return None
        return text in _YES


def _row(reader, sheet, number, values):
    """The Row of one sheet row, or None (its problems reported)."""
    read = {
        "congress": reader.number(sheet, number, values, "congress"),
        "version": reader.number(sheet, number, values, "version"),
        "planned_date": reader.date(sheet, number, values, "planned_date", required=False),
        "venue": reader.text(sheet, number, values, "venue", max_length=255, required=False),
        "is_pilot": reader.pilot(sheet, number, values),
    }
    empty_date = values.get("planned_date") is None
    if any(value is None for name, value in read.items() if name != "planned_date") or (
        read["planned_date"] is None and not empty_date
    ):
        return None
    return Row(
        key=number,
        congress_id=read["congress"],
        version=read["version"],
        values={name: read[name] for name in ("planned_date", "venue", "is_pilot")},
    )


def read_schedule(data, *, name=""):
    """(rows, errors) of an uploaded schedule: Rows keyed by their row number, and every
    CellError. Raises SpreadsheetError when the file as a whole is refused."""
    # Read inside the request: at most SCHEDULE_MAX_ROWS rows.
    workbook = read_workbook(
        source=data, name=name, sheets=(SHEET,), max_rows=settings.SCHEDULE_MAX_ROWS
    )
    reader = _Reader(workbook)
    sheet = workbook.sheets.get(SHEET.key)
    rows = []
    for number, values in sheet.rows if sheet else ():
        row = _row(reader, sheet, number, values)
        if row is not None:
            rows.append(row)
    return rows, reader.errors


def problem_cells(problems):
    """congresses.scheduling Problems (keyed by row number) as CellErrors of the sheet."""
    return [
        CellError(
            sheet=SHEET.title,
            row=problem.key,
            column=SHEET.column(problem.field).header if problem.field else "",
            message=f"{problem.name}: {problem.message}" if problem.name else problem.message,
        )
        for problem in problems
    ]
