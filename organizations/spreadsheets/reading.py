"""Step 1 of an import: check the bytes, read the cells, parse cell values."""

import datetime
import functools
import hashlib
import io
import os
import posixpath
import threading
import time
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

import openpyxl
import python_calamine
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as defused_tree
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

from core import bulk
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
    """The file's bytes; refused by its size before a byte is read when the size is known."""
    too_large = SpreadsheetError(
        _("The file is larger than %(limit)s.") % {"limit": filesizeformat(max_size)}
    )
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    elif isinstance(source, str | os.PathLike):
        if os.path.getsize(source) > max_size:
            raise too_large
        with open(source, "rb") as file:
            data = file.read(max_size + 1)
    else:
        if (getattr(source, "size", None) or 0) > max_size:  # an UploadedFile, a stored File
            raise too_large
        data = source.read(max_size + 1)
    if len(data) > max_size:
        raise too_large
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


def check_archive(*, data, on_progress=None):
    """Refuse anything but a well-behaved .xlsx before a byte of its XML is parsed; the
    xlsx_checks.Scan of its parts (formula and error cells by part).

    Python's zipfile never inflates an entry past its declared size (a lying header fails its
    CRC check), so checking the declared sizes bounds what the reader can unpack.
    `on_progress(checked, total)`, if given, hears the bytes of XML scanned (xlsx_checks.scan).
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
    try:
        # Rows, cells, shared strings, entity declarations: before parsing.
        scan = xlsx_checks.scan(data, on_progress=on_progress)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, OSError, EOFError):
        raise _damaged() from None
    if scan.problem:
        raise SpreadsheetError(scan.problem)
    return scan


@bulk.cyclic_gc_paused()
def read_workbook(
    *,
    source,
    name="",
    max_size=None,
    max_rows=None,
    on_progress=None,
    on_stage=None,
    sheets=SHEETS,
    stream=False,
):
    """The cells of the known sheets of an .xlsx (`sheets`, SheetFormats: the organizations
    and members by default), as a ParsedWorkbook.

    With `stream`, the member sheet's rows are not read here: its `rows` is an iterator that
    reads them as it is iterated (once), telling `on_progress` and adding the problems of
    its cells to the result's `errors` as it goes (import_workbook plans and writes a city's
    rows block by block while the rest are read: docs/benchmarks.md). The sheet is opened
    and its header read here all the same, so every refusal of the file as a whole is
    raised here.

    `source` is bytes, a path or a binary file object; `max_size` defaults to MAX_FILE_SIZE
    (setting IMPORT_MAX_UPLOAD_BYTES), `max_rows` (per sheet) to MAX_ROWS (IMPORT_MAX_ROWS).
    The cells are read with calamine (a Rust reader) after check_archive has bounded the file
    and refused entity declarations. `on_progress(rows)`, if given, is told the rows kept so
    far (of all sheets) every PROGRESS_EVERY rows read and after each sheet.
    `on_stage(stage, done, total)`, if given, hears the steps before the first row: "file",
    the bytes of XML checked of the total (at least every xlsx_checks.PROGRESS_BYTES), then
    "opening", the seconds calamine has spent loading a sheet (every OPENING_EVERY seconds)
    of the bytes of its XML. Raises SpreadsheetError when the file as a whole is refused;
    problems of single cells are listed in the result's errors.
    Side effects: none (the file is read into memory, at most `max_size` bytes).
    """
    if not openpyxl.DEFUSEDXML:
        # The small parts read here (workbook, relations) are parsed with defusedxml, as the
        # exports and templates are checked with it; without it the import stays off.
        raise SpreadsheetError(
            _("Spreadsheet import is disabled: the defusedxml library is not installed.")
        )
    data = _read_bytes(source=source, max_size=MAX_FILE_SIZE if max_size is None else max_size)
    scan = check_archive(data=data, on_progress=on_stage and functools.partial(on_stage, "file"))
    parsed = ParsedWorkbook(
        sheets={}, errors=[], name=name, sha256=hashlib.sha256(data).hexdigest()
    )
    try:
        parts, parsed.epoch = _workbook_parts(data)
        sizes = _part_sizes(data, parts)
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        del data
        try:
            _read_sheets(
                workbook=workbook,
                parsed=parsed,
                marks={title: scan.marks.get(part, {}) for title, part in parts.items()},
                sizes=sizes,
                on_progress=on_progress,
                on_opening=on_stage and functools.partial(on_stage, "opening"),
                max_rows=MAX_ROWS if max_rows is None else max_rows,
                sheets=sheets,
                stream=stream,
            )
        finally:
            workbook.close()
    except _DAMAGED_FILE_ERRORS:
        raise _damaged() from None
    if not parsed.sheets and not parsed.errors and sheets is not SHEETS:
        raise SpreadsheetError(_("The file has no sheet “%(sheet)s”.") % {"sheet": sheets[0].title})
    if not parsed.sheets and not parsed.errors:
        raise SpreadsheetError(
            _("The file has neither a sheet “%(organizations)s” nor a sheet “%(members)s”.")
            % {"organizations": ORGANIZATION_SHEET.title, "members": MEMBER_SHEET.title}
        )
    return parsed


# Rows between two calls of read_workbook's on_progress.
PROGRESS_EVERY = 10_000

# What calamine, zipfile and the XML parser raise on a damaged file (this block reads no
# database): a bad CRC or deflate stream, encryption, missing parts, malformed XML.
_DAMAGED_FILE_ERRORS = (
    python_calamine.CalamineError,
    zipfile.BadZipFile,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    KeyError,
    IndexError,
    AttributeError,
    ParseError,
    DefusedXmlException,
    ValueError,
    TypeError,
    OSError,
    EOFError,
)


def _damaged():
    return SpreadsheetError(_("The file is damaged or is not a valid Excel workbook."))


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATIONS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _workbook_parts(data):
    """{sheet title: the zip part holding it} and the workbook's date system (epoch)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        book = "xl/workbook.xml"
        if "_rels/.rels" in names:
            for relation in defused_tree.fromstring(archive.read("_rels/.rels")):
                if relation.get("Type", "").endswith("/officeDocument"):
                    book = relation.get("Target", book).lstrip("/")
        folder, _slash, base = book.rpartition("/")
        root = defused_tree.fromstring(archive.read(book))
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        targets = {}
        if rels_name in names:
            for relation in defused_tree.fromstring(archive.read(rels_name)):
                target = relation.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}"
                targets[relation.get("Id")] = posixpath.normpath(target).lstrip("/")
    properties = root.find(f"{_MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904", "") in ("1", "true")
    parts = {
        sheet.get("name"): targets.get(sheet.get(_OFFICE_RELATION), "")
        for sheet in root.iter(f"{_MAIN}sheet")
    }
    return parts, (MAC_EPOCH if date1904 else WINDOWS_EPOCH)


def _part_sizes(data, parts):
    """{sheet title: the uncompressed size of its part} (0 for a part not in the archive)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sizes = {entry.filename: entry.file_size for entry in archive.infolist()}
    return {title: sizes.get(part, 0) for title, part in parts.items()}


def _read_sheets(
    *, workbook, parsed, marks, sizes, on_progress, on_opening, max_rows, sheets, stream=False
):
    sheets_before = 0  # rows kept of the sheets before, for on_progress

    def told(kept):
        on_progress(sheets_before + kept)

    for sheet_format in sheets:
        names = {_key(sheet_format.title), _key(sheet_format.alias)}
        titles = [title for title in workbook.sheet_names if _key(title) in names]
        if len(titles) > 1:
            parsed.errors.append(
                CellError(
                    sheet=titles[1],
                    message=_("The file has two sheets for the same data: %(sheets)s.")
                    % {"sheets": ", ".join(titles)},
                )
            )
        elif titles:
            worksheet = _load_sheet(
                workbook, titles[0], size=sizes.get(titles[0], 0), on_opening=on_opening
            )
            sheet = SheetData(format=sheet_format, title=titles[0], headers={})
            rows = _SheetRows(worksheet)
            if _read_headers(rows=rows, sheet=sheet, errors=parsed.errors):
                read = _read_rows(
                    rows=rows,
                    sheet=sheet,
                    errors=parsed.errors,
                    marks=marks.get(titles[0], {}),
                    on_progress=on_progress and told,
                    max_rows=max_rows,
                )
                if stream and sheet_format is MEMBER_SHEET:
                    sheet.rows = read  # read as the caller iterates it
                else:
                    sheet.rows = list(read)
                    sheets_before += len(sheet.rows)
                parsed.sheets[sheet_format.key] = sheet


# Seconds between two calls of on_opening while calamine loads a sheet.
OPENING_EVERY = 1.0


def _load_sheet(workbook, title, *, size, on_opening):
    """calamine's sheet `title`, loaded whole (calamine has no streaming reader: 3 s of a
    city's 450,000 rows). calamine releases the GIL while it loads, so with `on_opening` the
    load runs in a thread and `on_opening(seconds, size)` is told every OPENING_EVERY seconds
    that it is still loading the sheet's `size` bytes of XML (the job's progress stays fresh)."""
    if on_opening is None:
        return workbook.get_sheet_by_name(title)
    outcome = {}

    def load():
        try:
            outcome["sheet"] = workbook.get_sheet_by_name(title)
        except BaseException as error:  # re-raised in the caller's thread
            outcome["error"] = error

    loader = threading.Thread(target=load, name="calamine-load", daemon=True)
    started = time.monotonic()
    on_opening(0, size)
    loader.start()
    try:
        loader.join(OPENING_EVERY)
        while loader.is_alive():
            on_opening(round(time.monotonic() - started), size)
            loader.join(OPENING_EVERY)
    finally:
        loader.join()  # a report that failed: the workbook is closed only once it is loaded
    if "error" in outcome:
        raise outcome["error"]
    return outcome["sheet"]


class _SheetRows:
    """The rows of a calamine sheet as (row number from 1, cell at column index or "")."""

    def __init__(self, worksheet):
        start = worksheet.start
        # calamine's rows begin at row 1 of the sheet but its columns at the first used one.
        self.first_column = start[1] if start else 0
        self.rows = enumerate(worksheet.iter_rows(), start=1) if start else iter(())

    def cell(self, cells, position):
        index = position - self.first_column
        return cells[index] if 0 <= index < len(cells) else ""


def _read_headers(*, rows, sheet, errors):
    """Map the fields to column positions from row 1; False when a column is missing."""
    wanted = {}
    for column in sheet.format.columns:
        wanted[_key(column.header)] = column
        wanted[_key(column.alias)] = column
    number, first_row = next(rows.rows, (1, []))
    if number != 1:  # cannot happen (see _SheetRows); row 1 would be read as data
        raise ValueError(number)
    complete = True
    for position in range(MAX_COLUMNS):
        value = rows.cell(first_row, position)
        if not isinstance(value, str) or not value:
            continue
        column = wanted.get(_key(value))
        if column is None:
            continue  # other columns are ignored
        if column.field in sheet.positions:
            complete = False
            errors.append(
                CellError(
                    sheet=sheet.title,
                    row=1,
                    column=normalize_text(value),
                    message=_("This column appears twice."),
                )
            )
            continue
        sheet.positions[column.field] = position
        sheet.headers[column.field] = normalize_text(value)
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


def _marked(*, sheet, number, field_name, mark, errors):
    kind, value = mark
    if kind == "f":
        message = _("Formulas are not accepted; enter the value itself.")
    else:
        message = _("The cell holds the error value %(value)s.") % {"value": value}
    errors.append(
        CellError(sheet=sheet.title, row=number, column=sheet.header(field_name), message=message)
    )
    return REPORTED


class CellValues:
    """The read cells of one row by field (`get`, `[]`, `in`, `keys`): a tuple in the
    sheet's column order and the sheet's one {field: index} (a dict per row was two thirds
    of a city's raw rows in memory). A blank cell reads as None / is not in it."""

    __slots__ = ("cells", "index")

    def __init__(self, cells, index):
        self.cells = cells
        self.index = index

    def get(self, field_name, default=None):
        position = self.index.get(field_name)
        value = None if position is None else self.cells[position]
        return default if value is None else value

    def __getitem__(self, field_name):
        value = self.get(field_name)
        if value is None:
            raise KeyError(field_name)
        return value

    def __contains__(self, field_name):
        return self.get(field_name) is not None

    def keys(self):
        return [name for name, position in self.index.items() if self.cells[position] is not None]

    def __bool__(self):
        return any(value is not None for value in self.cells)

    def items(self):
        return [(name, self.cells[position]) for name, position in self.index.items()
                if self.cells[position] is not None]  # fmt: skip


def _read_rows(*, rows, sheet, errors, marks, on_progress, max_rows):
    """The sheet's non-blank rows (row number, CellValues), read as they are iterated; the
    problems of their cells added to `errors` as they are met."""
    fields = tuple(
        (field_name, position - rows.first_column)
        for field_name, position in sheet.positions.items()
    )
    index = {field_name: place for place, (field_name, _position) in enumerate(fields)}
    read_columns = set(sheet.positions.values())
    marked = {}  # row number → [(column, mark)]
    for (row, column), mark in marks.items():
        if column in read_columns:
            marked.setdefault(row, []).append((column, mark))
    positions = {position: name for name, position in sheet.positions.items()}
    # One object per distinct value of a column (calamine makes one per cell): a city's
    # genders, ethnicities, cells' codes and dates are a few thousand values in all.
    shared = [{} for _field in fields]
    read = kept = 0
    for number, cells in rows.rows:
        if on_progress is not None and read and read % PROGRESS_EVERY == 0:
            on_progress(kept)  # of the rows read before this one, those kept (not blank)
        read += 1
        values = []
        width = len(cells)
        for (_field_name, place), seen in zip(fields, shared, strict=True):
            value = cells[place] if 0 <= place < width else None
            kind = value.__class__
            if kind is float:
                if value.is_integer():
                    value = int(value)  # calamine reads every number as a float; openpyxl not
            elif kind is str and not value.strip():
                value = None  # blank
            elif kind in _SHARED_TYPES and len(seen) < SHARED_VALUES:
                value = seen.setdefault(value, value)  # (1 == True: numbers are not shared)
            values.append(value)
        for column, mark in marked.get(number, ()):
            values[index[positions[column]]] = _marked(
                sheet=sheet, number=number, field_name=positions[column], mark=mark, errors=errors
            )
        if all(value is None for value in values) and all(_is_blank(value) for value in cells):
            continue
        if kept == max_rows:
            errors.append(
                CellError(
                    sheet=sheet.title,
                    row=number,
                    message=_("The sheet has more than %(limit)s rows; split the file.")
                    % {"limit": max_rows},
                )
            )
            return
        kept += 1
        yield number, CellValues(tuple(values), index)
    if on_progress is not None:
        on_progress(kept)


# Distinct values of a column shared by their cells (beyond, a column of all different
# values, codes and names, is not worth the table).
SHARED_VALUES = 20_000
_SHARED_TYPES = (str, datetime.date, datetime.datetime)


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
