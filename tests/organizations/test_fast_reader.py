"""Issue 20, items 1 and 2: the calamine reader behind the same checks, no 20,000-row cap."""

import datetime
import io

import openpyxl
import pytest
from django.conf import settings
from openpyxl.utils.datetime import MAC_EPOCH

from organizations import spreadsheets
from organizations.models import Member
from tests.organizations.test_spreadsheets import (
    MEMBER_HEADERS,
    errors,
    excel_datetime,
    member_row,
    replace_part,
    run,
    snapshot,
    xlsx,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(tree):
    from tests.factories import OrganizationFactory

    return OrganizationFactory(code="HN-TH-P07-CB1", parent=tree["xuan_la"])


def save(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def members_book():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Đảng viên"
    sheet.append(MEMBER_HEADERS)
    sheet.append(member_row("DV001", "HN-TH-P07-CB1"))
    return book, sheet


def test_a_formula_is_refused_at_its_cell_even_with_a_stored_value(cell):
    book, sheet = members_book()
    sheet["B2"] = '="Lê "&"Mai"'
    data = save(book)
    # A spreadsheet stores the formula's last result beside it; the reader sees only that.
    data = replace_part(
        data,
        "xl/worksheets/sheet1.xml",
        spreadsheets.reading.zipfile.ZipFile(io.BytesIO(data))
        .read("xl/worksheets/sheet1.xml")
        .replace(b"</f><v></v>", b"</f><v>Le Mai</v>")
        .replace(b"</f><v/>", b"</f><v>Le Mai</v>")
        .replace(b"</f></c>", b"</f><v>Le Mai</v></c>"),
    )
    before = snapshot()

    plan = run(data)

    assert errors(plan) == [
        "Trang tính Đảng viên, dòng 2, cột Họ và tên: "
        "Không chấp nhận công thức; hãy nhập trực tiếp giá trị."
    ]
    assert snapshot() == before


def test_an_error_value_is_refused_at_its_cell(cell):
    book, sheet = members_book()
    sheet["E2"] = "#N/A"
    sheet["E2"].data_type = "e"

    plan = run(save(book))

    assert errors(plan) == ["Trang tính Đảng viên, dòng 2, cột Dân tộc: Ô chứa giá trị lỗi #N/A."]
    assert Member.objects.count() == 0


def test_a_formula_in_a_column_the_import_does_not_read_is_ignored(cell):
    book, sheet = members_book()
    sheet["Z2"] = "=1+1"

    plan = run(save(book))

    assert errors(plan) == []
    assert Member.objects.get().code == "DV001"


def test_columns_and_rows_keep_their_places_when_column_a_is_empty(cell):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Đảng viên"
    for offset, header in enumerate(MEMBER_HEADERS):
        sheet.cell(row=1, column=3 + offset, value=header)
    for offset, value in enumerate(member_row("DV001", "HN-TH-P07-CB1", full_name="Lê Mai")):
        sheet.cell(row=4, column=3 + offset, value=value)
    for offset, value in enumerate(member_row("DV002", "HN-TH-P07-CB1", official_on="9/9/20")):
        sheet.cell(row=5, column=3 + offset, value=value)

    plan = run(save(book))

    assert errors(plan) == [
        "Trang tính Đảng viên, dòng 5, cột Ngày chính thức: "
        "9/9/20: năm phải ghi đủ bốn chữ số (dd/mm/yyyy)."
    ]
    assert Member.objects.count() == 0


def test_date_cells_numbers_and_text_dates_are_read_as_before(cell):
    book, sheet = members_book()
    sheet["D2"] = datetime.date(1980, 4, 3)
    sheet["D2"].number_format = "DD/MM/YYYY"
    sheet["G2"] = excel_datetime(2005, 4, 13)
    sheet["H2"] = "13/04/2006"
    sheet["A2"] = 12345  # a number as a code: read as the text "12345"

    plan = run(save(book))

    assert errors(plan) == []
    member = Member.objects.get()
    assert member.code == "12345"
    assert member.birth_date == datetime.date(1980, 4, 3)
    assert member.admitted_on == datetime.date(2005, 4, 13)
    assert member.official_on == datetime.date(2006, 4, 13)


def test_a_serial_number_follows_the_1904_date_system(cell):
    book, sheet = members_book()
    sheet["D2"] = 0  # replaced below by a plain number in a workbook using the 1904 system
    data = save(book)
    with spreadsheets.reading.zipfile.ZipFile(io.BytesIO(data)) as archive:
        workbook_xml = archive.read("xl/workbook.xml")
    data = replace_part(
        data, "xl/workbook.xml", workbook_xml.replace(b"<workbookPr ", b'<workbookPr date1904="1" ')
    )
    data = replace_part(
        data,
        "xl/worksheets/sheet1.xml",
        spreadsheets.reading.zipfile.ZipFile(io.BytesIO(data))
        .read("xl/worksheets/sheet1.xml")
        .replace(b'<c r="D2" t="n"><v>0</v>', b'<c r="D2" t="n"><v>27486</v>'),
    )

    parsed = spreadsheets.read_workbook(source=data)

    assert parsed.epoch == MAC_EPOCH
    raw = dict(parsed.sheets["members"].rows)[2]["birth_date"]
    assert spreadsheets.parse_date(raw, epoch=parsed.epoch) == datetime.date(
        1979, 4, 3
    )  # 1975 in the 1900 system


def test_an_entity_declaration_in_any_part_is_refused_before_reading(cell, monkeypatch):
    data = xlsx(members=[member_row("DV001", "HN-TH-P07-CB1")])
    data = replace_part(
        data, "docProps/core.xml", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>'
    )
    monkeypatch.setattr(spreadsheets.reading.python_calamine, "CalamineWorkbook", None)

    plan = run(data)

    assert errors(plan) == ["Tệp chứa khai báo thực thể XML (không được phép) nên bị từ chối."]


def test_a_sized_source_over_the_limit_is_refused_without_reading(cell):
    class Upload:
        size = 2 * 1024 * 1024

        def read(self, *args):
            pytest.fail("the file was read")

    plan = run(Upload(), max_size=1024 * 1024)

    assert errors(plan) == ["Tệp có dung lượng vượt quá 1,0\xa0MB."]


def test_a_path_over_the_limit_is_refused_without_reading(cell, tmp_path):
    path = tmp_path / "lon.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 2048)

    plan = run(path, max_size=1024)

    assert errors(plan) == ["Tệp có dung lượng vượt quá 1,0\xa0KB."]


def test_the_limits_come_from_the_settings():
    assert spreadsheets.MAX_FILE_SIZE == settings.IMPORT_MAX_UPLOAD_BYTES == 100 * 1024 * 1024
    assert spreadsheets.reading.MAX_ROWS == settings.IMPORT_MAX_ROWS == 1_000_000
    assert spreadsheets.reading.MAX_UNPACKED_SIZE == settings.IMPORT_MAX_UNPACKED_BYTES


def test_a_sheet_past_the_old_cap_of_20000_rows_is_read_with_progress():
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Đảng viên")
    sheet.append(MEMBER_HEADERS)
    for number in range(20_001):
        sheet.append(member_row(f"DV{number:06d}", "HN-TH-P07-CB1"))
    seen = []

    parsed = spreadsheets.read_workbook(source=save(book), on_progress=seen.append)

    rows = parsed.sheets["members"].rows
    assert parsed.errors == []
    assert len(rows) == 20_001
    assert rows[-1][0] == 20_002
    assert rows[-1][1]["code"] == "DV020000"
    assert seen == [10_000, 20_000, 20_001]
