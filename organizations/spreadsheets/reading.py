"""Step 1 of an import: check the bytes, read the cells, parse cell values."""

import datetime
import hashlib
import io
import os
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

from core.text import normalize_text
from organizations import xlsx_checks
from organizations.spreadsheets.formats import (
    _DAY_FIRST_DATE,
    _ISO_DATE,
    MAX_ARCHIVE_ENTRIES,
    MAX_COLUMNS,
    MAX_COMPRESSION_RATIO,
    MAX_FILE_SIZE,
    MAX_ROWS,
    MAX_UNPACKED_SIZE,
    MEMBER_SHEET,
    ORGANIZATION_SHEET,
    RATIO_CHECK_FROM,
    SHEETS,
    CellError,
    ParsedWorkbook,
    SheetData,
    SpreadsheetError,
    _key,
    unescape_formula,
)

# --- Step 1: reading the file --------------------------------------------------------------


def _read_bytes(*, source, max_size):
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        with open(source, "rb") as file:
            data = file.read(max_size + 1)
    else:
        data = source.read(max_size + 1)
    if len(data) > max_size:
        raise SpreadsheetError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(max_size)}
        )
    return data


def _archive_entries(data, not_xlsx):
    """The entries of the zip archive `data`; SpreadsheetError(`not_xlsx`) if it is none."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise SpreadsheetError(not_xlsx) from None


def _check_compression(entries):
    """Refuse an archive with an entry compressed suspiciously well (a zip bomb)."""
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_CHECK_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise SpreadsheetError(
                _("The file is compressed suspiciously well (a “zip bomb”); it was refused.")
            )


def check_archive(*, data):
    """Refuse anything but a well-behaved .xlsx before openpyxl parses a byte of it.

    Python's zipfile never inflates an entry past its declared size (a lying header fails its
    CRC check), so checking the declared sizes bounds what openpyxl can unpack.
    Side effects: none.
    """
    not_xlsx = _("The file is not an Excel workbook (.xlsx).")
    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(not_xlsx)
    entries = _archive_entries(data, not_xlsx)
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise SpreadsheetError(
            _("The file holds more than %(limit)s parts; it was refused.")
            % {"limit": MAX_ARCHIVE_ENTRIES}
        )
    if "[Content_Types].xml" not in {entry.filename for entry in entries}:
        raise SpreadsheetError(not_xlsx)
    if sum(entry.file_size for entry in entries) > MAX_UNPACKED_SIZE:
        raise SpreadsheetError(
            _("The file unpacks to more than %(limit)s; it was refused.")
            % {"limit": filesizeformat(MAX_UNPACKED_SIZE)}
        )
    _check_compression(entries)
    problem = xlsx_checks.content_problem(data)  # rows, cells, shared strings: before parsing
    if problem:
        raise SpreadsheetError(problem)


def read_workbook(*, source, name="", max_size=MAX_FILE_SIZE):
    """The cells of the known sheets of an .xlsx, as a ParsedWorkbook.

    `source` is bytes, a path or a binary file object. Raises SpreadsheetError when the file
    as a whole is refused; problems of single cells are listed in the result's errors.
    Side effects: none (the file is read into memory, at most `max_size` bytes).
    """
    if not openpyxl.DEFUSEDXML:
        # Without defusedxml openpyxl parses entity declarations (billion laughs).
        raise SpreadsheetError(
            _("Spreadsheet import is disabled: the defusedxml library is not installed.")
        )
    data = _read_bytes(source=source, max_size=max_size)
    check_archive(data=data)
    parsed = ParsedWorkbook(
        sheets={}, errors=[], name=name, sha256=hashlib.sha256(data).hexdigest()
    )
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
        try:
            parsed.epoch = workbook.epoch
            _read_sheets(workbook=workbook, parsed=parsed)
        finally:
            workbook.close()
    except _DAMAGED_FILE_ERRORS as error:
        # openpyxl wraps the parser's exception (defusedxml's among them) in its own ValueError.
        if _caused_by(error, DefusedXmlException):
            raise SpreadsheetError(
                _(
                    "The file contains XML entity declarations, which are not allowed; "
                    "it was refused."
                )
            ) from None
        raise SpreadsheetError(_("The file is damaged or is not a valid Excel workbook.")) from None
    if not parsed.sheets and not parsed.errors:
        raise SpreadsheetError(
            _("The file has neither a sheet “%(organizations)s” nor a sheet “%(members)s”.")
            % {"organizations": ORGANIZATION_SHEET.title, "members": MEMBER_SHEET.title}
        )
    return parsed


# What openpyxl and zipfile raise on a damaged or hostile file (this block reads no database):
# a bad CRC or deflate stream, encryption, missing parts, malformed XML or cell values.
_DAMAGED_FILE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    KeyError,
    IndexError,
    AttributeError,
    ParseError,
    ValueError,
    TypeError,
    OSError,
    EOFError,
)


def _caused_by(error, kind):
    while error is not None:
        if isinstance(error, kind):
            return True
        error = error.__cause__ or error.__context__
    return False


def _read_sheets(*, workbook, parsed):
    for sheet_format in SHEETS:
        names = {_key(sheet_format.title), _key(sheet_format.alias)}
        titles = [title for title in workbook.sheetnames if _key(title) in names]
        if len(titles) > 1:
            parsed.errors.append(
                CellError(
                    sheet=titles[1],
                    message=_("The file has two sheets for the same data: %(sheets)s.")
                    % {"sheets": ", ".join(titles)},
                )
            )
        elif titles:
            worksheet = workbook[titles[0]]
            sheet = SheetData(format=sheet_format, title=titles[0], headers={})
            if _read_headers(worksheet=worksheet, sheet=sheet, errors=parsed.errors):
                _read_rows(worksheet=worksheet, sheet=sheet, errors=parsed.errors)
                parsed.sheets[sheet_format.key] = sheet


def _read_headers(*, worksheet, sheet, errors):
    """Map the fields to column positions from row 1; False when a column is missing."""
    wanted = {}
    for column in sheet.format.columns:
        wanted[_key(column.header)] = column
        wanted[_key(column.alias)] = column
    first_row = next(worksheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS), ())
    complete = True
    for position, cell in enumerate(first_row):
        if not isinstance(cell.value, str):
            continue
        column = wanted.get(_key(cell.value))
        if column is None:
            continue  # other columns are ignored
        if column.field in sheet.positions:
            complete = False
            errors.append(
                CellError(
                    sheet=sheet.title,
                    row=1,
                    column=normalize_text(cell.value),
                    message=_("This column appears twice."),
                )
            )
            continue
        sheet.positions[column.field] = position
        sheet.headers[column.field] = normalize_text(cell.value)
    for column in sheet.format.columns:
        if column.required and column.field not in sheet.positions:
            complete = False
            errors.append(
                CellError(
                    sheet=sheet.title,
                    row=1,
                    column=column.header,
                    message=_("This column is missing."),
                )
            )
    return complete


def _is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


# Stands for a cell already reported while reading (a formula, an error value).
REPORTED = object()


def _read_rows(*, worksheet, sheet, errors):
    last = max(sheet.positions.values()) + 1
    for number, cells in enumerate(worksheet.iter_rows(min_row=2, max_col=last), start=2):
        values = {}
        for field_name, position in sheet.positions.items():
            cell = cells[position] if position < len(cells) else None
            if cell is None or cell.value is None:
                continue
            if cell.data_type in ("f", "e"):
                values[field_name] = REPORTED
            if cell.data_type == "f":
                errors.append(
                    CellError(
                        sheet=sheet.title,
                        row=number,
                        column=sheet.header(field_name),
                        message=_("Formulas are not accepted; enter the value itself."),
                    )
                )
            elif cell.data_type == "e":
                errors.append(
                    CellError(
                        sheet=sheet.title,
                        row=number,
                        column=sheet.header(field_name),
                        message=_("The cell holds the error value %(value)s.")
                        % {"value": cell.value},
                    )
                )
            elif not _is_blank(cell.value):
                values[field_name] = cell.value
        if not values and all(_is_blank(cell.value) for cell in cells):
            continue
        if len(sheet.rows) == MAX_ROWS:
            errors.append(
                CellError(
                    sheet=sheet.title,
                    row=number,
                    message=_("The sheet has more than %(limit)s rows; split the file.")
                    % {"limit": MAX_ROWS},
                )
            )
            return
        sheet.rows.append((number, values))


# --- Cell values -----------------------------------------------------------------------------


class _CellValueError(Exception):
    pass


def parse_text(value):
    """A cell as clean text: NFC, single spaces, export escaping removed; "" when empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise _CellValueError(_("Enter text here, not TRUE or FALSE."))
    if isinstance(value, datetime.date | datetime.time):
        raise _CellValueError(_("The cell holds a date; text was expected."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_formula(normalize_text(str(value)))


def parse_date(value, *, epoch=WINDOWS_EPOCH):
    """A cell as a date: a date cell, an Excel serial number (1900 date system unless the
    workbook says 1904) or text dd/mm/yyyy (also with - or .) or yyyy-mm-dd; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if not 1 <= value < 2_958_466:  # 31/12/9999 is serial 2,958,465
            raise _CellValueError(_("%(value)s is not a valid date.") % {"value": value})
        day = from_excel(int(value), epoch=epoch).date()
    elif isinstance(value, str):
        day = _parse_date_text(normalize_text(value))
    else:
        raise _CellValueError(_("%(value)s is not a valid date.") % {"value": value})
    if day.year < 1900:
        raise _CellValueError(_("%(value)s is not a valid date.") % {"value": day.isoformat()})
    return day


def _parse_date_text(text):
    iso = _ISO_DATE.fullmatch(text)
    day_first = _DAY_FIRST_DATE.fullmatch(text)
    if iso:
        year, month, day = iso.group(1), iso.group(2), iso.group(3)
    elif day_first:
        day, month, year = day_first.group(1), day_first.group(3), day_first.group(4)
        if len(year) != 4:
            raise _CellValueError(
                _("%(value)s: write the year with four digits (dd/mm/yyyy).") % {"value": text}
            )
    else:
        raise _CellValueError(_("%(value)s is not a date; write dd/mm/yyyy.") % {"value": text})
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise _CellValueError(_("%(value)s is not a valid date.") % {"value": text}) from None
