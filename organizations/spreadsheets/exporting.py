"""Export of a subtree, and the blank template, in the import's format.

An export shows the subtree on one date (core.asof, default today): the organizations there on
that date and the members counted on it (`member_on`: admitted by then and not yet gone), as
the organization list and the member list show them. The date is printed in each sheet's first
row, right of the headers (row 1 must stay the headers: the file re-imports), and in the
document's title.

Written with openpyxl's write-only sheets (rows go to temporary files, never the whole subtree
in memory) and always the same bytes for the same data: the document properties and every zip
entry carry a fixed timestamp (as reports/excel.py does for the reports' workbooks).
"""

import datetime
import itertools

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core import asof
from core.workbooks import workbook_bytes, write_workbook
from organizations.models import Member, Organization
from organizations.spreadsheets.formats import (
    DATE_FORMAT,
    GENDER_LABELS,
    LEVEL_FIELDS,
    LEVEL_LABELS,
    MEMBER_SHEET,
    ORGANIZATION_SHEET,
    escape_formula,
)

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


MEMBER_WIDTHS = (14, 32, 10, 13, 12, 18, 15, 15, 16, 16, 18)


def _member_row(values):
    """A member's cells: the gender and the levels in the file's words."""
    code, name, gender, birth, ethnicity, org_code, admitted, official, *levels = values
    levels = [
        LEVEL_LABELS[field_name].get(level, "")
        for field_name, level in zip(LEVEL_FIELDS, levels, strict=True)
    ]
    return (
        code,
        name,
        GENDER_LABELS[gender],
        birth,
        ethnicity,
        org_code,
        admitted,
        official,
        *levels,
    )


def as_of_title(day):
    """The date an export shows, as its first row says it. Vietnamese, as the file format's
    headers are (formats.py): the file reads the same whoever exported it."""
    return f"Tính đến ngày {day:%d/%m/%Y}"


def _new_sheet(workbook, sheet_format, widths, *, as_of=None):
    worksheet = workbook.create_sheet(sheet_format.title)
    for letter, width in zip("ABCDEFGHIJKLMN", widths, strict=False):
        worksheet.column_dimensions[letter].width = width
    worksheet.freeze_panes = "A2"
    cells = _header_row(worksheet, sheet_format)
    if as_of is not None:
        # One empty column, then the date: the import ignores columns it does not know.
        title = WriteOnlyCell(worksheet, value=as_of_title(as_of))
        title.font = Font(bold=True, italic=True)
        cells += [None, title]
    worksheet.append(cells)
    return worksheet


# Rows written between two progress reports.
PROGRESS_EVERY = 1000


def _organizations(root, as_of):
    """The subtree of `root` as it stood on `as_of` (the moves in the tree after it undone: a
    merger's predecessors keep their cells) and there on that day; `root` itself always (it
    is what was asked)."""
    return Organization.objects.in_subtree_on(root, as_of).on(as_of) | Organization.objects.filter(
        pk=root.pk
    )


def _members(root, as_of):
    """The members in the subtree of `root` as it stood on `as_of`, members on that day."""
    return Member.objects.in_subtree_on(root, as_of).filter(asof.member_on(as_of))


def export_rows(root, *, as_of=None):
    """(organization rows, member rows) of the export of `root` on `as_of` (default today)."""
    as_of = as_of or asof.today()
    return (_organizations(root, as_of).count(), _members(root, as_of).count())


def _write_organizations(workbook, root, as_of):
    sheet = _new_sheet(workbook, ORGANIZATION_SHEET, (18, 48, 26, 18, 40, 4, 24), as_of=as_of)
    codes_by_path = {}
    # In tree order as the tree stood on `as_of`, each under its parent of that day.
    subtree = _organizations(root, as_of).select_related("kind").in_tree_order_on(as_of)
    for organization in subtree.iterator(chunk_size=2000):
        then = organization.path_then
        codes_by_path[then] = organization.code
        # A parent gone by `as_of` while its child is still there (dates entered out of
        # order): the code left empty, which the import reads as "keep the parent it has".
        parent_code = (
            "" if organization.pk == root.pk else codes_by_path.get(then[: -Organization.STEP], "")
        )
        row = (
            organization.code,
            organization.name,
            organization.kind.name,
            parent_code,
            organization.note,
        )
        sheet.append(_data_row(sheet, row))
        yield


def _write_members(workbook, root, as_of):
    sheet = _new_sheet(workbook, MEMBER_SHEET, (*MEMBER_WIDTHS, 4, 24), as_of=as_of)
    member_rows = _members(root, as_of).values_list(
        "code",
        "full_name",
        "gender",
        "birth_date",
        "ethnicity",
        "organization__code",
        "admitted_on",
        "official_on",
        *LEVEL_FIELDS,
    )
    for values in member_rows.iterator(chunk_size=2000):
        sheet.append(_data_row(sheet, _member_row(values)))
        yield


def export_workbook(*, root, as_of=None, target=None, on_progress=None):
    """The subtree of `root` on `as_of` (default today; see the module's docstring):
    organizations in path order, then the members, as .xlsx bytes, or written into the binary
    file `target` (then None). The same data and date give the same bytes.

    Headers in Vietnamese, dates as date cells, formula-like text escaped with an apostrophe;
    `root`'s parent code is left empty, so the file re-imports to the same data. Rows are
    read in chunks and streamed to write-only sheets; `on_progress(rows)` is called every
    PROGRESS_EVERY rows and at the end. Side effects: none.
    """
    as_of = as_of or asof.today()
    workbook = openpyxl.Workbook(write_only=True)
    workbook.properties.title = f"{root.code} · {as_of_title(as_of)}"
    rows = 0
    for _row in itertools.chain(
        _write_organizations(workbook, root, as_of), _write_members(workbook, root, as_of)
    ):
        rows += 1
        if on_progress and rows % PROGRESS_EVERY == 0:
            on_progress(rows)
    if on_progress:
        on_progress(rows)
    if target is None:
        return workbook_bytes(workbook)
    write_workbook(workbook, target)
    return None


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
        "Đảng viên",
        "Học vấn",
        "Không",
        "12/12, Trung học cơ sở hoặc Tiểu học. Bỏ cột này thì giữ nguyên giá trị đã có.",
    ),
    (
        "Đảng viên",
        "Chuyên môn",
        "Không",
        "Tiến sĩ, Thạc sĩ, Đại học, Cao đẳng, Trung cấp hoặc Chưa qua đào tạo.",
    ),
    (
        "Đảng viên",
        "Lý luận chính trị",
        "Không",
        "Cao cấp (cả cử nhân), Trung cấp, Sơ cấp hoặc Chưa qua đào tạo.",
    ),
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
    _new_sheet(workbook, MEMBER_SHEET, MEMBER_WIDTHS)
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
    return workbook_bytes(workbook)
