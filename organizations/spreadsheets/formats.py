"""The file format: sheets, columns, limits, and the results of reading and planning."""

import datetime
import functools
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.datetime import WINDOWS_EPOCH

from core.text import normalize_text
from organizations.choices import Education, Gender, PoliticalTheory, Qualification
from organizations.models import Member, Organization, OrganizationKind

# Limits of an uploaded file, checked before any XML is parsed (ASVS 5.2.x); settings read
# when the module is imported.
MAX_FILE_SIZE = settings.IMPORT_MAX_UPLOAD_BYTES
MAX_UNPACKED_SIZE = settings.IMPORT_MAX_UNPACKED_BYTES
MAX_ARCHIVE_ENTRIES = 1000
# Worksheet XML compresses about 10-30 times; a bomb compresses a thousand times and more.
# Small parts (styles, empty sheets) may compress very well and are harmless.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024
# Rows read per sheet (empty rows not counted) and columns read per row.
MAX_ROWS = settings.IMPORT_MAX_ROWS
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
        # For the credentials report (R-EL-34). Without one of these columns the members'
        # recorded values are kept; an empty cell clears the value.
        Column("education", "Học vấn", "Education", required=False),
        Column("qualification", "Chuyên môn", "Qualification", required=False),
        Column("political_theory", "Lý luận chính trị", "Political theory", required=False),
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
# The levels as the file writes them (Vietnamese, the export's words first); the import also
# takes the English words and the stored values.
LEVEL_LABELS = {
    "education": {
        Education.UPPER_SECONDARY: "12/12",
        Education.LOWER_SECONDARY: "Trung học cơ sở",
        Education.PRIMARY: "Tiểu học",
    },
    "qualification": {
        Qualification.DOCTORATE: "Tiến sĩ",
        Qualification.MASTER: "Thạc sĩ",
        Qualification.UNIVERSITY: "Đại học",
        Qualification.COLLEGE: "Cao đẳng",
        Qualification.VOCATIONAL: "Trung cấp",
        Qualification.NONE: "Chưa qua đào tạo",
    },
    "political_theory": {
        PoliticalTheory.ADVANCED: "Cao cấp",
        PoliticalTheory.INTERMEDIATE: "Trung cấp",
        PoliticalTheory.ELEMENTARY: "Sơ cấp",
        PoliticalTheory.NONE: "Chưa qua đào tạo",
    },
}
_LEVEL_ALIASES = {
    "education": {"thpt": Education.UPPER_SECONDARY, "thcs": Education.LOWER_SECONDARY},
    "political_theory": {"cử nhân": PoliticalTheory.ADVANCED},
    "qualification": {},
}
MEMBER_VALUE_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "admitted_on",
    "official_on",
    "education",
    "qualification",
    "political_theory",
)
LEVEL_FIELDS = ("education", "qualification", "political_theory")


def _key(text):
    return normalize_text(text).casefold()


@functools.cache
def level_by_text(field_name):
    """{casefolded text: stored value} for a level column: the file's words, the English
    labels, the stored values and a few common abbreviations. Built once per process (it
    does not depend on the active language; building it per cell was 3/4 of planning's time
    at 10,000 members); callers must not change it."""
    choices = {"education": Education, "qualification": Qualification}.get(
        field_name, PoliticalTheory
    )
    mapping = {_key(value): value for value in choices.values}
    for language in ("en", "vi"):
        with translation.override(language):
            mapping.update((_key(str(choice.label)), choice.value) for choice in choices)
    mapping.update((_key(text), value) for value, text in LEVEL_LABELS[field_name].items())
    mapping.update(_LEVEL_ALIASES[field_name])
    return mapping


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
        if isinstance(value, Gender | Education | Qualification | PoliticalTheory):
            return value.label
        return str(value)

    @property
    def before_shown(self):
        return self.shown(self.before)

    @property
    def after_shown(self):
        return self.shown(self.after)


@dataclass(slots=True)  # no __dict__ per row: a city's rows are many
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


# A value the file does not give (its optional column is not there): the member's is kept.
ABSENT = type("Absent", (), {"__repr__": lambda self: "ABSENT", "__slots__": ()})()


@dataclass(slots=True)
class PlannedMember:
    """One member row. Its MEMBER_VALUE_FIELDS are attributes (None where the cell could not
    be read, ABSENT where the file has no such column); `values` gives them as a dict. No
    dict, and no list of changes, per row unless there are any: a city has 450,000."""

    row: int
    code: str
    organization_code: str = ""
    existing: Member | None = None
    usable: bool = True  # False for a repeated code
    changes: list | None = None
    name_key: str = ""  # search_key(full_name)
    full_name: str | None = None
    gender: str | None = None
    birth_date: datetime.date | None = None
    ethnicity: str | None = None
    admitted_on: datetime.date | None = None
    official_on: datetime.date | None = None
    education: object = ABSENT
    qualification: object = ABSENT
    political_theory: object = ABSENT

    @property
    def values(self):
        """{field: value} of the MEMBER_VALUE_FIELDS the file gives."""
        found = {}
        for name in MEMBER_VALUE_FIELDS:
            value = getattr(self, name)
            if value is not ABSENT:
                found[name] = value
        return found

    @property
    def action(self):
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"

    def add_change(self, change):
        if self.changes is None:
            self.changes = []
        self.changes.append(change)


# The actions ImportPlan.counts counts, under the name it gives each count.
COUNTED = {"created": "create", "updated": "update", "unchanged": "unchanged"}


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
            kind: {counted: len(self.rows(kind, action)) for counted, action in COUNTED.items()}
            for kind in ("organizations", "members")
        }

    @property
    def has_changes(self):
        return any(count["created"] or count["updated"] for count in self.counts.values())


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
