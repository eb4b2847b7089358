"""Spreadsheet (.xlsx) import and export of organizations and party members.

The format: a sheet "Tổ chức" (or "Organizations") and a sheet "Đảng viên" (or "Members"),
headers in row 1 (Vietnamese, or the English alias), columns in any order. Rows are matched
by code, so importing the same file twice changes nothing.

An import runs in four steps, each a small function:

1. `read_workbook` checks the bytes before any XML is parsed (size, zip magic, entry count,
   unpacked size, compression ratio, defusedxml present) and reads the cells into plain rows.
2. `plan_import` parses and checks every row against the database and the importer's scope
   and returns an `ImportPlan`: every error (sheet, row, column, message) and every planned
   create / update. It writes nothing: it is the dry run and the preview.
3. `apply_plan` writes a valid plan: organizations through organizations.services, members in
   bulk with their audit rows, one summary audit row.
4. `import_workbook` ties them together in one transaction: any error, nothing is written.

Exports (`export_workbook`) write the same format, so an export re-imports to the same data;
text cells that a spreadsheet would run as a formula get a leading apostrophe, which the
import removes again.
"""

import datetime
import hashlib
import io
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils.datetime import WINDOWS_EPOCH, from_excel

from core.audit import audit_event, record_audit_bulk
from core.dates import date_problem
from core.paths import subtree_q
from core.text import normalize_text, search_key, unsafe_text_message
from organizations import access, services, xlsx_checks
from organizations.choices import TREE_ROLES, Gender
from organizations.models import Member, Organization, OrganizationKind

# Limits of an uploaded file, checked before any XML is parsed (ASVS 5.2.x).
MAX_FILE_SIZE = settings.IMPORT_MAX_UPLOAD_BYTES  # read when the module is imported
MAX_UNPACKED_SIZE = 100 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 1000
# Worksheet XML compresses about 10-30 times; a bomb compresses a thousand times and more.
# Small parts (styles, empty sheets) may compress very well and are harmless.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024
# Rows read per sheet (empty rows not counted) and columns read per row.
MAX_ROWS = 20_000
MAX_COLUMNS = 50

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
# Queries with IN lists are split so SQLite's limit on parameters is never reached.
CHUNK = 500

# A text cell a spreadsheet would run as a formula. A value already starting with apostrophes
# before such a character gets one more on export, so that the import's removal of one
# apostrophe gives the stored text back exactly.
_FORMULA_START = re.compile(r"'*[=+\-@]")
_ESCAPED_FORMULA = re.compile(r"'+[=+\-@]")
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d+)")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


# --- The format ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # Vietnamese, written on export
    alias: str  # English, accepted on import
    required: bool = True  # the column must be present (its cells may still be optional)


@dataclass(frozen=True)
class SheetFormat:
    key: str
    title: str
    alias: str
    columns: tuple[Column, ...]

    def column(self, field_name):
        return next(column for column in self.columns if column.field == field_name)


ORGANIZATION_SHEET = SheetFormat(
    key="organizations",
    title="Tổ chức",
    alias="Organizations",
    columns=(
        Column("code", "Mã", "Code"),
        Column("name", "Tên", "Name"),
        Column("kind", "Loại", "Kind"),
        Column("parent_code", "Mã cấp trên", "Parent code"),
        # Without this column existing notes are kept.
        Column("note", "Ghi chú", "Note", required=False),
    ),
)
MEMBER_SHEET = SheetFormat(
    key="members",
    title="Đảng viên",
    alias="Members",
    columns=(
        Column("code", "Mã", "Code"),
        Column("full_name", "Họ và tên", "Full name"),
        Column("gender", "Giới tính", "Gender"),
        Column("birth_date", "Ngày sinh", "Date of birth"),
        Column("ethnicity", "Dân tộc", "Ethnicity"),
        Column("organization_code", "Mã tổ chức", "Organization code"),
        Column("admitted_on", "Ngày vào Đảng", "Admission date"),
        Column("official_on", "Ngày chính thức", "Date made official"),
    ),
)
SHEETS = (ORGANIZATION_SHEET, MEMBER_SHEET)
GENDER_LABELS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
_GENDER_BY_TEXT = {
    "nam": Gender.MALE,
    "male": Gender.MALE,
    "nữ": Gender.FEMALE,
    "female": Gender.FEMALE,
}
MEMBER_VALUE_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "admitted_on",
    "official_on",
)


def _key(text):
    return normalize_text(text).casefold()


# --- Results -------------------------------------------------------------------------------


class SpreadsheetError(Exception):
    """The file as a whole cannot be read (not an .xlsx, too large, hostile)."""


@dataclass
class CellError:
    """One problem, located as precisely as possible: sheet, row number, column header."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self):
        values = {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }
        if self.sheet and self.row and self.column:
            return _("Sheet %(sheet)s, row %(row)s, column %(column)s: %(message)s") % values
        if self.sheet and self.row:
            return _("Sheet %(sheet)s, row %(row)s: %(message)s") % values
        if self.sheet and self.column:
            return _("Sheet %(sheet)s, column %(column)s: %(message)s") % values
        if self.sheet:
            return _("Sheet %(sheet)s: %(message)s") % values
        return self.message


@dataclass
class SheetData:
    """The non-empty rows of one sheet, as raw cell values keyed by field."""

    format: SheetFormat
    title: str  # as written in the file
    headers: dict  # field → header as written in the file
    positions: dict = field(default_factory=dict)  # field → column index (0-based)
    rows: list = field(default_factory=list)  # (row number, {field: value})

    def header(self, field_name):
        return self.headers.get(field_name) or self.format.column(field_name).header


@dataclass
class ParsedWorkbook:
    sheets: dict  # SheetFormat.key → SheetData
    errors: list
    name: str = ""
    sha256: str = ""
    epoch: datetime.datetime = WINDOWS_EPOCH


@dataclass
class Change:
    """One changed field, for the preview: translated label, value before, value after."""

    label: str
    before: object
    after: object

    @staticmethod
    def shown(value):
        """A value as the preview shows it: dates dd/mm/yyyy, genders by their label."""
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, Gender):
            return value.label
        return str(value)

    @property
    def before_shown(self):
        return self.shown(self.before)

    @property
    def after_shown(self):
        return self.shown(self.after)


@dataclass
class PlannedOrganization:
    row: int
    code: str
    name: str = ""
    kind: OrganizationKind | None = None
    parent_code: str = ""  # as written; empty keeps an existing organization's parent
    note: str | None = None  # None when the sheet has no note column
    existing: Organization | None = None
    usable: bool = True  # False when the code may not be used (out of scope, duplicate)
    parent_resolved: bool = False  # the parent code named a usable parent (or a root is fine)
    final_parent: str | None = None  # code of the parent after the import
    depth: int | None = None  # depth after the import
    moves: bool = False
    changes: list = field(default_factory=list)

    @property
    def action(self):
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"


@dataclass
class PlannedMember:
    row: int
    code: str
    values: dict = field(default_factory=dict)  # the MEMBER_VALUE_FIELDS
    organization_code: str = ""
    existing: Member | None = None
    usable: bool = True  # False for a repeated code
    changes: list = field(default_factory=list)

    @property
    def action(self):
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"


@dataclass
class ImportPlan:
    """What an import would do (or did): errors, and every row with its action."""

    errors: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    members: list = field(default_factory=list)
    name: str = ""
    sha256: str = ""
    applied: bool = False
    # Members to be created that may be people already recorded: (row, member, [existing]).
    # Shown on the preview for a human to check; they never block the import.
    possible_duplicates: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors

    def rows(self, kind, action):
        return [row for row in getattr(self, kind) if row.action == action]

    @property
    def counts(self):
        """{"organizations": {"created": n, "updated": n, "unchanged": n}, "members": {...}}."""
        return {
            kind: {
                "created": len(self.rows(kind, "create")),
                "updated": len(self.rows(kind, "update")),
                "unchanged": len(self.rows(kind, "unchanged")),
            }
            for kind in ("organizations", "members")
        }

    @property
    def has_changes(self):
        return any(count["created"] or count["updated"] for count in self.counts.values())


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


def check_archive(*, data):
    """Refuse anything but a well-behaved .xlsx before openpyxl parses a byte of it.

    Python's zipfile never inflates an entry past its declared size (a lying header fails its
    CRC check), so checking the declared sizes bounds what openpyxl can unpack.
    Side effects: none.
    """
    not_xlsx = _("The file is not an Excel workbook (.xlsx).")
    if not data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        raise SpreadsheetError(not_xlsx) from None
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
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > RATIO_CHECK_FROM and ratio > MAX_COMPRESSION_RATIO:
            raise SpreadsheetError(
                _("The file is compressed suspiciously well (a “zip bomb”); it was refused.")
            )
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


def unescape_formula(text):
    """Remove the apostrophe an export put before a leading = + - @ (see escape_formula)."""
    if _ESCAPED_FORMULA.match(text):
        return text[1:]
    return text


def escape_formula(value):
    """Prefix an apostrophe to text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


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


# --- Step 2: planning ------------------------------------------------------------------------


def plan_import(*, workbook, user, lock=False):
    """Check every row of `workbook` and decide what importing it would do.

    `user` None means the system: full scope. Otherwise organizations and members may only be
    created or changed inside subtrees where `user` holds a tree role; codes outside are
    reported as unknown. With `lock`, the members to update are locked (select_for_update),
    for a plan that is applied in the same transaction.
    Side effects: none (reads only).
    """
    planner = _Planner(workbook=workbook, user=user, lock=lock)
    return planner.run()


def _error_order(error):
    """File errors first, then by sheet, row and column as the format lists them."""
    sheet = _key(error.sheet)
    ranks = [
        rank
        for rank, sheet_format in enumerate(SHEETS)
        if sheet in {_key(sheet_format.title), _key(sheet_format.alias)}
    ]
    if not ranks:
        return (-1, 0, 0)
    columns = SHEETS[ranks[0]].columns
    column = _key(error.column)
    column_ranks = [
        rank
        for rank, candidate in enumerate(columns)
        if column in {_key(candidate.header), _key(candidate.alias)}
    ]
    return (ranks[0], error.row or 0, column_ranks[0] if column_ranks else len(columns))


def _chunks(items, size=CHUNK):
    items = sorted(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _organizations_by(field_name, values):
    """Organizations (with their kinds) whose `field_name` is in `values`: {value: org}."""
    found = {}
    for chunk in _chunks(values):
        organizations = Organization.objects.filter(**{f"{field_name}__in": chunk})
        for organization in organizations.select_related("kind"):
            found[getattr(organization, field_name)] = organization
    return found


class _Planner:
    """The state of one planning pass; every method adds to `plan` or `plan.errors`."""

    def __init__(self, *, workbook, user, lock):
        self.workbook = workbook
        self.user = user
        self.lock = lock
        self.plan = ImportPlan(name=workbook.name, sha256=workbook.sha256)
        self.plan.errors.extend(workbook.errors)
        self.kinds = {}
        for kind in OrganizationKind.objects.all():
            self.kinds.setdefault(_key(kind.name), kind)
            if kind.name_en:
                self.kinds.setdefault(_key(kind.name_en), kind)
        self.kind_errors = {}
        self.file_rows = {}  # code → PlannedOrganization, the usable rows of the sheet

    def run(self):
        organizations = self.workbook.sheets.get(ORGANIZATION_SHEET.key)
        members = self.workbook.sheets.get(MEMBER_SHEET.key)
        org_rows = self._parse_organizations(organizations) if organizations else []
        member_rows = self._parse_members(members) if members else []
        self._load_organizations(org_rows, member_rows)
        if organizations:
            self._plan_organizations(organizations, org_rows, member_rows)
        if members:
            self._plan_members(members, member_rows)
        self.plan.errors.sort(key=_error_order)
        return self.plan

    # -- helpers

    def error(self, sheet, row, field_name, message):
        self.plan.errors.append(
            CellError(
                sheet=sheet.title,
                row=row,
                column=sheet.header(field_name) if field_name else "",
                message=message,
            )
        )

    def in_scope(self, path):
        if self.user is None:
            return True
        return access.has_role(self.user, Organization(path=path), TREE_ROLES)

    def may_create_roots(self):
        return self.user is None or self.user.is_superuser

    def text(self, sheet, number, values, field_name, *, max_length, required=True):
        if values.get(field_name) is REPORTED:
            return None
        raw = values.get(field_name)
        problem = isinstance(raw, str) and unsafe_text_message(
            raw, label=sheet.header(field_name), multiline=True
        )
        if problem:
            self.error(sheet, number, field_name, problem)
            return None
        try:
            text = parse_text(values.get(field_name))
        except _CellValueError as error:
            self.error(sheet, number, field_name, str(error))
            return None
        if required and not text:
            self.error(sheet, number, field_name, _("This cell may not be empty."))
            return None
        if len(text) > max_length:
            self.error(
                sheet,
                number,
                field_name,
                _("At most %(limit)s characters (this has %(length)s).")
                % {"limit": max_length, "length": len(text)},
            )
            return None
        return text

    def date(self, sheet, number, values, field_name, *, required=True):
        if values.get(field_name) is REPORTED:
            return None
        try:
            day = parse_date(values.get(field_name), epoch=self.workbook.epoch)
        except _CellValueError as error:
            self.error(sheet, number, field_name, str(error))
            return None
        if day is None and required:
            self.error(sheet, number, field_name, _("This cell may not be empty."))
        label = sheet.header(field_name)
        problem = date_problem(day, label=label, birth=field_name == "birth_date")
        if problem:
            self.error(sheet, number, field_name, problem)
            return None
        return day

    def check_duplicates(self, sheet, rows):
        first = {}
        for row in rows:
            if not row.code:
                continue
            if row.code in first:
                row.usable = False
                self.error(
                    sheet,
                    row.row,
                    "code",
                    _("The code %(code)s appears again (first in row %(row)s).")
                    % {"code": row.code, "row": first[row.code]},
                )
            else:
                first[row.code] = row.row

    def kind_error(self, kind, parent_kind):
        """The message of check_kind_under for a pair of kinds, or None; asked once a pair."""
        key = (kind.pk, parent_kind and parent_kind.pk)
        if key not in self.kind_errors:
            parent = None if parent_kind is None else Organization(kind=parent_kind)
            try:
                services.check_kind_under(kind, parent)
            except ValidationError as error:
                self.kind_errors[key] = " ".join(error.message_dict.get("kind", error.messages))
            else:
                self.kind_errors[key] = None
        return self.kind_errors[key]

    # -- parsing

    def _parse_organizations(self, sheet):
        rows = []
        for number, values in sheet.rows:
            row = PlannedOrganization(row=number, code="")
            row.code = self.text(sheet, number, values, "code", max_length=40) or ""
            row.name = self.text(sheet, number, values, "name", max_length=255) or ""
            kind_text = self.text(sheet, number, values, "kind", max_length=120)
            if kind_text:
                row.kind = self.kinds.get(_key(kind_text))
                if row.kind is None:
                    self.error(
                        sheet,
                        number,
                        "kind",
                        _("Unknown kind of organization: %(kind)s.") % {"kind": kind_text},
                    )
            row.parent_code = (
                self.text(sheet, number, values, "parent_code", max_length=40, required=False) or ""
            )
            if "note" in sheet.headers:
                row.note = self.text(sheet, number, values, "note", max_length=500, required=False)
                row.note = row.note or ""
            rows.append(row)
        self.check_duplicates(sheet, rows)
        return rows

    def _parse_members(self, sheet):
        rows = []
        for number, values in sheet.rows:
            row = PlannedMember(row=number, code="")
            row.code = self.text(sheet, number, values, "code", max_length=40) or ""
            row.values["full_name"] = self.text(sheet, number, values, "full_name", max_length=255)
            gender = self.text(sheet, number, values, "gender", max_length=20)
            if gender:
                row.values["gender"] = _GENDER_BY_TEXT.get(_key(gender))
                if row.values["gender"] is None:
                    self.error(
                        sheet,
                        number,
                        "gender",
                        _("Write Nam or Nữ, not %(value)s.") % {"value": gender},
                    )
            row.values["birth_date"] = self.date(sheet, number, values, "birth_date")
            row.values["ethnicity"] = self.text(sheet, number, values, "ethnicity", max_length=60)
            row.organization_code = (
                self.text(sheet, number, values, "organization_code", max_length=40) or ""
            )
            row.values["admitted_on"] = self.date(sheet, number, values, "admitted_on")
            row.values["official_on"] = self.date(
                sheet, number, values, "official_on", required=False
            )
            rows.append(row)
        self.check_duplicates(sheet, rows)
        return rows

    # -- organizations

    def _load_organizations(self, org_rows, member_rows):
        """Every organization the file names, and the ancestors of those that exist."""
        codes = {row.code for row in org_rows if row.code}
        codes |= {row.parent_code for row in org_rows if row.parent_code}
        codes |= {row.organization_code for row in member_rows if row.organization_code}
        self.by_code = _organizations_by("code", codes)
        step = Organization.STEP
        prefixes = {
            organization.path[:end]
            for organization in self.by_code.values()
            for end in range(step, len(organization.path), step)
        }
        self.by_path = _organizations_by("path", prefixes)
        self.by_path.update((org.path, org) for org in self.by_code.values())
        self.by_code.update((org.code, org) for org in self.by_path.values())

    def _plan_organizations(self, sheet, rows, member_rows):
        for row in rows:
            if not row.usable or not row.code:
                continue
            existing = self.by_code.get(row.code)
            if existing is not None and not self.in_scope(existing.path):
                row.usable = False
                self.error(
                    sheet,
                    row.row,
                    "code",
                    _("The code %(code)s is not available.") % {"code": row.code},
                )
                continue
            row.existing = existing
            self.file_rows[row.code] = row
        for row in self.file_rows.values():
            self._resolve_parent(sheet, row)
        self._check_cycles(sheet)
        for row in self.file_rows.values():
            self._check_kind(sheet, row)
            if row.existing is not None:
                self._compare(row)
                if row.kind and row.kind != row.existing.kind:
                    self._check_kind_change(sheet, row, member_rows)
        self.plan.organizations = rows

    def _current_parent_code(self, organization):
        if organization.depth == 1:
            return None
        return self.by_path[organization.parent_path].code

    def _resolve_parent(self, sheet, row):
        code = row.parent_code
        if code:
            target = self.file_rows.get(code)
            existing = self.by_code.get(code)
            if code == row.code:
                self.error(
                    sheet, row.row, "parent_code", _("An organization cannot stand under itself.")
                )
            elif target is None and (existing is None or not self.in_scope(existing.path)):
                self.error(
                    sheet,
                    row.row,
                    "parent_code",
                    _("Unknown parent code %(code)s.") % {"code": code},
                )
            else:
                row.parent_resolved = True
                row.final_parent = code
                row.moves = row.existing is not None and (
                    code != self._current_parent_code(row.existing)
                )
        elif row.existing is not None:
            row.parent_resolved = True
            row.final_parent = self._current_parent_code(row.existing)
        elif self.may_create_roots():
            row.parent_resolved = True
        else:
            self.error(
                sheet,
                row.row,
                "parent_code",
                _("A new organization needs a parent code."),
            )

    def _parent_of(self, code):
        """The code of the parent of `code` after the import (None for a root)."""
        row = self.file_rows.get(code)
        if row is not None:
            return row.final_parent
        organization = self.by_code[code]
        if organization.depth == 1:
            return None
        return self.by_path[organization.parent_path].code

    def _check_cycles(self, sheet):
        """Give every row its depth after the import; report parent codes that loop."""
        depths = {}
        for start in self.file_rows:
            chain = []
            node = start
            while node is not None and node not in depths:
                if node in chain:
                    cycle = [*chain[chain.index(node) :], node]
                    for code in cycle[:-1]:
                        if code in self.file_rows:
                            self.error(
                                sheet,
                                self.file_rows[code].row,
                                "parent_code",
                                _("The parent codes form a cycle: %(cycle)s.")
                                % {"cycle": " → ".join(cycle)},
                            )
                        depths[code] = None
                    break
                chain.append(node)
                node = self._parent_of(node)
            base = 0 if node is None else depths.get(node)
            for offset, code in enumerate(reversed(chain), start=1):
                if code not in depths:
                    depths[code] = None if base is None else base + offset
        for code, row in self.file_rows.items():
            row.depth = depths.get(code)

    def _final_kind(self, code):
        row = self.file_rows.get(code)
        if row is not None:
            return row.kind
        return self.by_code[code].kind

    def _check_kind(self, sheet, row):
        """A kind that may not stand under its parent's kind, after the import."""
        if row.kind is None or row.depth is None or not row.parent_resolved:
            return
        parent_kind = None if row.final_parent is None else self._final_kind(row.final_parent)
        if row.final_parent is not None and parent_kind is None:
            return  # the parent's own row reports its kind
        existing = row.existing
        parent_row = self.file_rows.get(row.final_parent)
        parent_kind_changes = (
            parent_row is not None
            and parent_row.existing is not None
            and parent_row.kind != parent_row.existing.kind
        )
        if existing is None or row.moves or row.kind != existing.kind or parent_kind_changes:
            message = self.kind_error(row.kind, parent_kind)
            if message:
                self.error(sheet, row.row, "kind", message)
            elif row.moves and row.kind != existing.kind:
                self._check_kind_and_move(sheet, row, parent_kind)

    def _check_kind_and_move(self, sheet, row, parent_kind):
        """A new kind and a new parent at once: the services change one, then the other, so
        the new kind must fit the old parent or the old kind the new parent."""
        current_parent = self._current_parent_code(row.existing)
        current_parent_kind = None if current_parent is None else self._final_kind(current_parent)
        if self.kind_error(row.kind, current_parent_kind) is None:
            return
        reason = self.kind_error(row.existing.kind, parent_kind)
        if reason:
            self.error(
                sheet,
                row.row,
                "kind",
                _("The kind and the parent cannot change together: %(reason)s")
                % {"reason": reason},
            )

    def _check_kind_change(self, sheet, row, member_rows):
        """An existing organization changing kind: its other children and members must fit."""
        organization = row.existing
        children = Organization.objects.filter(
            subtree_q(organization.path), depth=organization.depth + 1
        ).select_related("kind")
        for child in children:
            if child.code in self.file_rows:
                continue  # checked by its own row
            if self.kind_error(child.kind, row.kind):
                self.error(
                    sheet,
                    row.row,
                    "kind",
                    _(
                        "Its sub-organization %(code)s, a %(child_kind)s, cannot stand under a "
                        "%(kind)s."
                    )
                    % {"code": child.code, "child_kind": child.kind.name, "kind": row.kind.name},
                )
        if row.kind.holds_members:
            return
        staying = set(
            Member.objects.filter(organization=organization).values_list("code", flat=True)
        )
        leaving = {m.code for m in member_rows if m.organization_code not in ("", row.code)}
        if staying - leaving:
            self.error(
                sheet,
                row.row,
                "kind",
                _("Party members belong to it, and a %(kind)s holds no members.")
                % {"kind": row.kind.name},
            )

    def _compare(self, row):
        existing = row.existing
        if row.name and row.name != existing.name:
            row.changes.append(Change(_("name"), existing.name, row.name))
        if row.kind and row.kind != existing.kind:
            row.changes.append(Change(_("kind"), existing.kind.name, row.kind.name))
        if row.note is not None and row.note != existing.note:
            row.changes.append(Change(_("note"), existing.note, row.note))
        if row.moves:
            row.changes.append(
                Change(
                    _("parent organization"),
                    self._current_parent_code(existing),
                    row.final_parent,
                )
            )

    # -- members

    def _plan_members(self, sheet, rows):
        existing = self._existing_members({row.code for row in rows if row.code})
        for row in rows:
            organization = self._member_organization(sheet, row)
            member = existing.get(row.code)
            if member is not None and row.code:
                if not self.in_scope(member.org_path):
                    self.error(
                        sheet,
                        row.row,
                        "code",
                        _("The code %(code)s is not available.") % {"code": row.code},
                    )
                    continue
                row.existing = member
            values = {**row.values, "organization": organization}
            for field_name, message in services.validate_member_values(values).items():
                column = "organization_code" if field_name == "organization" else field_name
                self.error(sheet, row.row, column, message)
            if member is not None:
                self._compare_member(row)
        self.plan.members = rows
        self._flag_possible_duplicates(rows)

    def _flag_possible_duplicates(self, rows):
        new = [row for row in rows if row.existing is None and row.code and row.usable]
        people = [
            (row.code, search_key(row.values.get("full_name")), row.values.get("birth_date"))
            for row in new
        ]
        # Only members the importer may see are shown (a flag must not leak other districts).
        visible = (
            Member.objects.all() if self.user is None else Member.objects.visible_to(self.user)
        )
        matches = visible.possible_duplicates(people)
        in_file = {}
        for code, name_key, birth_date in people:
            if name_key and birth_date:
                in_file.setdefault((name_key, birth_date), []).append(code)
        for row, (code, name_key, birth_date) in zip(new, people, strict=True):
            same_in_file = [
                other for other in in_file.get((name_key, birth_date), []) if other != code
            ]
            if code in matches or same_in_file:
                existing = [
                    f"{member.full_name} ({member.code}, {member.organization.name})"
                    for member in matches.get(code, [])
                ]
                self.plan.possible_duplicates.append((row.row, code, existing + same_in_file))

    def _existing_members(self, codes):
        found = {}
        for chunk in _chunks(codes):
            members = Member.objects.filter(code__in=chunk).select_related("organization")
            if self.lock:
                members = members.select_for_update(of=("self",))
            found.update((member.code, member) for member in members)
        return found

    def _member_organization(self, sheet, row):
        """The organization a member row names, as it will be after the import (a stand-in
        with the new kind for organizations in the file), or None with an error."""
        code = row.organization_code
        if not code:
            return None
        file_row = self.file_rows.get(code)
        if file_row is not None:
            if file_row.kind is None:
                return None
            return Organization(code=code, kind=file_row.kind)
        organization = self.by_code.get(code)
        if organization is None or not self.in_scope(organization.path):
            self.error(
                sheet,
                row.row,
                "organization_code",
                _("Unknown organization code %(code)s.") % {"code": code},
            )
            return None
        return organization

    def _compare_member(self, row):
        member = row.existing
        for field_name in MEMBER_VALUE_FIELDS:
            before = getattr(member, field_name)
            after = row.values.get(field_name)
            if after is None and field_name != "official_on":
                continue  # an invalid cell, reported already
            if before != after:
                if field_name == "gender":
                    before = Gender(before)
                label = Member._meta.get_field(field_name).verbose_name
                row.changes.append(Change(label, before, after))
        if row.organization_code and row.organization_code != member.organization.code:
            row.changes.append(
                Change(_("organization"), member.organization.code, row.organization_code)
            )


# --- Step 3: applying ------------------------------------------------------------------------


class ImportAborted(Exception):
    """A service refused a change while applying: the transaction is rolled back."""

    def __init__(self, error):
        super().__init__(error.message)
        self.error = error


class _ImportedFile:
    """Stands in for a model instance as the target of the summary audit row."""

    class _meta:  # Model._meta's one attribute that audit_event reads
        label_lower = "organizations.spreadsheet"

    def __init__(self, *, name, sha256):
        self.pk = sha256
        self.name = name

    def __str__(self):
        return self.name or self.pk


def apply_plan(*, plan, actor):
    """Write a valid plan. Must run inside a transaction (import_workbook opens it).

    Side effects: organizations created parent first (services.create_organization), updated
    (services.update_organization) and moved (services.move_organization), each with its audit
    row; members created and updated in bulk, one audit row each ("member.created",
    "member.updated"); one "spreadsheet.imported" audit row with the counts. Nothing at all
    when the plan changes nothing. Raises ImportAborted when a service refuses a change.
    """
    if not plan.is_valid:
        raise ValueError("only a valid plan can be applied")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("apply_plan must run inside the import's transaction")
    if not plan.has_changes:
        plan.applied = True
        return plan
    changed = [row for row in plan.organizations if row.action != "unchanged"]
    for row in sorted(changed, key=lambda row: row.depth):
        if row.existing is None:
            _create_organization(row=row, actor=actor)
        else:
            _update_organization(row=row, actor=actor)
    events, member_paths = _apply_members(plan=plan, actor=actor)
    events.append(_summary_event(plan=plan, actor=actor, member_paths=member_paths))
    record_audit_bulk(events)
    plan.applied = True
    return plan


def _refused(row, sheet_format, error):
    messages = error.messages if isinstance(error, ValidationError) else [str(error)]
    return ImportAborted(
        CellError(sheet=sheet_format.title, row=row.row, message=" ".join(messages))
    )


def _create_organization(*, row, actor):
    parent = None
    if row.final_parent is not None:
        parent = Organization.objects.select_related("kind").get(code=row.final_parent)
    try:
        services.create_organization(
            code=row.code,
            name=row.name,
            kind=row.kind,
            parent=parent,
            note=row.note or "",
            actor=actor,
        )
    except ValidationError as error:
        raise _refused(row, ORGANIZATION_SHEET, error) from error


def _update_organization(*, row, actor):
    existing = row.existing
    changes = {}
    if row.name != existing.name:
        changes["name"] = row.name
    if row.kind != existing.kind:
        changes["kind"] = row.kind
    if row.note is not None and row.note != existing.note:
        changes["note"] = row.note
    try:
        if row.moves and "kind" in changes and not _kind_fits_current_parent(row, changes["kind"]):
            # The new kind fits only under the new parent: move first, then change the kind
            # (the move adds one to the version).
            _move(row=row, actor=actor)
            _update_fields(row=row, changes=changes, actor=actor, version=existing.version + 1)
        else:
            _update_fields(row=row, changes=changes, actor=actor, version=existing.version)
            if row.moves:
                _move(row=row, actor=actor)
    except ValidationError as error:  # StaleEditError included: someone saved it meanwhile
        raise _refused(row, ORGANIZATION_SHEET, error) from error


def _kind_fits_current_parent(row, kind):
    organization = Organization.objects.get(pk=row.existing.pk)
    return _kind_fits(kind, Organization.objects.get_parent(organization))


def _kind_fits(kind, parent):
    try:
        services.check_kind_under(kind, parent)
    except ValidationError:
        return False
    return True


def _update_fields(*, row, changes, actor, version):
    if not changes:
        return
    organization = Organization.objects.select_related("kind").get(pk=row.existing.pk)
    services.update_organization(
        organization=organization, actor=actor, expected_version=version, **changes
    )


def _move(*, row, actor):
    organization = Organization.objects.get(pk=row.existing.pk)
    new_parent = Organization.objects.select_related("kind").get(code=row.final_parent)
    services.move_organization(organization=organization, new_parent=new_parent, actor=actor)


def _apply_members(*, plan, actor):
    """Create and update members in bulk; return their unsaved audit events and the paths
    of the organizations they left or joined."""
    creates = plan.rows("members", "create")
    updates = plan.rows("members", "update")
    organizations = _organizations_by("code", {row.organization_code for row in creates + updates})
    new_members = []
    for row in creates:
        organization = organizations[row.organization_code]
        new_members.append(
            Member(
                code=row.code,
                name_key=search_key(row.values["full_name"]),
                organization=organization,
                org_path=organization.path,
                **row.values,
            )
        )
    Member.objects.bulk_create(new_members, batch_size=CHUNK)
    events = []
    for member in new_members:
        data = {name: getattr(member, name) for name in MEMBER_VALUE_FIELDS}
        data["organization"] = member.organization_id
        events.append(
            audit_event(
                actor=actor,
                action="member.created",
                target=member,
                data=data,
                organization_path=member.org_path,
            )
        )
    paths = [row.existing.org_path for row in updates]
    events += _update_members(rows=updates, organizations=organizations, actor=actor)
    return events, paths + [event.organization_path for event in events]


def _update_members(*, rows, organizations, actor):
    """Update members through services.write_member_changes, without update_member's per-row
    reads: a member saved by someone else since the plan aborts the import. Returns the
    unsaved audit events."""
    events = []
    for row in rows:
        member = row.existing
        after = {**row.values, "organization": organizations[row.organization_code]}
        changed = {name: value for name, value in after.items() if getattr(member, name) != value}
        try:
            events.append(
                services.write_member_changes(
                    member=member, changed=changed, expected_version=member.version, actor=actor
                )
            )
        except services.StaleEditError:
            raise ImportAborted(
                CellError(
                    sheet=MEMBER_SHEET.title,
                    row=row.row,
                    message=_(
                        "Someone else changed this member after the file was checked; "
                        "check the file again."
                    ),
                )
            ) from None
    return events


def _summary_event(*, plan, actor, member_paths):
    """The "spreadsheet.imported" row, filed under the deepest organization holding every
    change, so that it shows in the audit of exactly that subtree."""
    codes = [row.code for row in plan.organizations if row.action != "unchanged"]
    paths = [organization.path for organization in _organizations_by("code", codes).values()]
    paths += member_paths
    return audit_event(
        actor=actor,
        action="spreadsheet.imported",
        target=_ImportedFile(name=plan.name, sha256=plan.sha256),
        data={"file": plan.name, "sha256": plan.sha256, **plan.counts},
        organization_path=_common_ancestor_path(paths),
    )


def _common_ancestor_path(paths):
    """The path of the deepest organization above or at every one of `paths` ("" if none)."""
    if not paths:
        return ""
    first, last = min(paths), max(paths)  # the sorted extremes share the common prefix
    length = 0
    while length < min(len(first), len(last)) and first[length] == last[length]:
        length += 1
    return first[: length - length % Organization.STEP]


# --- Step 4: the whole import ------------------------------------------------------------------


def import_workbook(*, source, user, dry_run=False, name="", max_size=MAX_FILE_SIZE):
    """Read, check and (unless `dry_run` or any error) apply a workbook; return its ImportPlan.

    `user` is the importer and the actor of the audit rows; None runs as the system, with full
    scope. All or nothing: the plan is made again inside the transaction that applies it, and
    any error (including one raised by a service while writing) rolls everything back.
    Side effects: those of apply_plan, only when the plan is valid and `dry_run` is False.
    """
    try:
        workbook = read_workbook(source=source, name=name, max_size=max_size)
    except SpreadsheetError as error:
        return ImportPlan(errors=[CellError(message=str(error))], name=name)
    if dry_run:
        return plan_import(workbook=workbook, user=user)
    plan = None
    try:
        with transaction.atomic():
            plan = plan_import(workbook=workbook, user=user, lock=True)
            if plan.is_valid:
                apply_plan(plan=plan, actor=user)
    except ImportAborted as aborted:
        plan.applied = False
        plan.errors.append(aborted.error)
    return plan


# --- Export ------------------------------------------------------------------------------------


def _header_row(worksheet, sheet_format):
    bold = Font(bold=True)
    cells = []
    for column in sheet_format.columns:
        cell = WriteOnlyCell(worksheet, value=column.header)
        cell.font = bold
        cells.append(cell)
    return cells


def _data_row(worksheet, values):
    cells = []
    for value in values:
        cell = WriteOnlyCell(worksheet, value=escape_formula(value))
        if isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
        cells.append(cell)
    return cells


def _new_sheet(workbook, sheet_format, widths):
    worksheet = workbook.create_sheet(sheet_format.title)
    for letter, width in zip("ABCDEFGH", widths, strict=False):
        worksheet.column_dimensions[letter].width = width
    worksheet.freeze_panes = "A2"
    worksheet.append(_header_row(worksheet, sheet_format))
    return worksheet


def _workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_workbook(*, root):
    """The subtree of `root` (organizations in path order, then its members) as .xlsx bytes.

    Headers in Vietnamese, dates as date cells, formula-like text escaped with an apostrophe;
    `root`'s parent code is left empty, so the file re-imports to the same data.
    Side effects: none.
    """
    workbook = openpyxl.Workbook(write_only=True)
    organizations = _new_sheet(workbook, ORGANIZATION_SHEET, (18, 48, 26, 18, 40))
    codes_by_path = {}
    subtree = Organization.objects.in_subtree(root).select_related("kind")
    for organization in subtree.iterator(chunk_size=2000):
        codes_by_path[organization.path] = organization.code
        parent_code = "" if organization.pk == root.pk else codes_by_path[organization.parent_path]
        row = (
            organization.code,
            organization.name,
            organization.kind.name,
            parent_code,
            organization.note,
        )
        organizations.append(_data_row(organizations, row))
    members = _new_sheet(workbook, MEMBER_SHEET, (14, 32, 10, 13, 12, 18, 15, 15))
    member_rows = Member.objects.in_subtree(root).values_list(
        "code",
        "full_name",
        "gender",
        "birth_date",
        "ethnicity",
        "organization__code",
        "admitted_on",
        "official_on",
    )
    for code, name, gender, birth, ethnicity, org_code, admitted, official in member_rows.iterator(
        chunk_size=2000
    ):
        row = (code, name, GENDER_LABELS[gender], birth, ethnicity, org_code, admitted, official)
        members.append(_data_row(members, row))
    return _workbook_bytes(workbook)


# The guide written into the blank template (Vietnamese: the file format is Vietnamese).
_GUIDE = (
    ("Trang tính", "Cột", "Bắt buộc", "Nội dung"),
    ("Tổ chức", "Mã", "Có", "Mã tổ chức, duy nhất; dòng có mã đã có sẽ cập nhật tổ chức đó."),
    ("Tổ chức", "Tên", "Có", "Tên đầy đủ của tổ chức đảng."),
    ("Tổ chức", "Loại", "Có", "Loại tổ chức, ví dụ: Đảng bộ cơ sở, Chi bộ trực thuộc."),
    (
        "Tổ chức",
        "Mã cấp trên",
        "Có (cột)",
        "Mã tổ chức cấp trên (có thể là tổ chức ở dòng sau). Để trống: giữ nguyên cấp trên "
        "của tổ chức đã có.",
    ),
    ("Tổ chức", "Ghi chú", "Không", "Ghi chú; bỏ cột này thì giữ nguyên ghi chú đã có."),
    ("Đảng viên", "Mã", "Có", "Mã đảng viên, duy nhất."),
    ("Đảng viên", "Họ và tên", "Có", "Họ và tên đầy đủ, có dấu."),
    ("Đảng viên", "Giới tính", "Có", "Nam hoặc Nữ."),
    ("Đảng viên", "Ngày sinh", "Có", "Ô ngày, hoặc dd/mm/yyyy (năm đủ bốn chữ số)."),
    ("Đảng viên", "Dân tộc", "Có", "Ví dụ: Kinh, Tày, Mường."),
    ("Đảng viên", "Mã tổ chức", "Có", "Mã chi bộ nơi đảng viên sinh hoạt."),
    ("Đảng viên", "Ngày vào Đảng", "Có", "Ô ngày, hoặc dd/mm/yyyy."),
    ("Đảng viên", "Ngày chính thức", "Không", "Để trống khi đảng viên còn dự bị."),
    (
        "",
        "",
        "",
        "Có thể chỉ có một trong hai trang tính. Nhập lại cùng một tệp không thay đổi gì. "
        "Có lỗi ở bất kỳ dòng nào thì không dòng nào được ghi.",
    ),
)


def template_workbook():
    """A blank workbook with both sheets' headers and a "Hướng dẫn" sheet; .xlsx bytes.

    Side effects: none.
    """
    workbook = openpyxl.Workbook(write_only=True)
    _new_sheet(workbook, ORGANIZATION_SHEET, (18, 48, 26, 18, 40))
    _new_sheet(workbook, MEMBER_SHEET, (14, 32, 10, 13, 12, 18, 15, 15))
    guide = workbook.create_sheet("Hướng dẫn")
    for letter, width in zip("ABCD", (14, 18, 12, 90), strict=True):
        guide.column_dimensions[letter].width = width
    for number, line in enumerate(_GUIDE):
        if number == 0:
            cells = []
            for value in line:
                cell = WriteOnlyCell(guide, value=value)
                cell.font = Font(bold=True)
                cells.append(cell)
            guide.append(cells)
        else:
            guide.append(line)
    return _workbook_bytes(workbook)
