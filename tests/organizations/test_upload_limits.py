"""Issue 21, item 5: costly uploads are refused by their declared length before the body is
read, and workbooks with too many rows, cells or shared strings before openpyxl parses them."""

import io
import zipfile

import openpyxl
import pytest
import python_calamine
from django.urls import reverse

from organizations.models import Member
from tests.factories import OrganizationFactory, UserFactory
from tests.organizations.test_spreadsheets import MEMBER_HEADERS, errors, member_row, run

pytestmark = pytest.mark.django_db

IMPORT = reverse("organizations:organization-import")


@pytest.fixture
def cell(tree):
    return OrganizationFactory(code="HN-TH-P07-CB1", parent=tree["xuan_la"])


SHARED_STRINGS_TYPE = (
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
)


def with_shared_strings(data, count):
    """`data` with a shared strings table of `count` entries (openpyxl writes inline text)."""
    table = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{count}" uniqueCount="{count}">'
        + "".join(f"<si><t>văn bản dùng chung số {n}</t></si>" for n in range(count))
        + "</sst>"
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                    + SHARED_STRINGS_TYPE.encode()
                    + b'"/></Types>',
                )
            archive.writestr(item.filename, body)
        archive.writestr("xl/sharedStrings.xml", table)
    return buffer.getvalue()


def workbook(*, filler_rows=0, filler_columns=0, shared_strings=0):
    """One valid member, and a sheet the import does not read, filled with text."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    members = book.create_sheet("Đảng viên")
    members.append(MEMBER_HEADERS)
    members.append(member_row("DV001", "HN-TH-P07-CB1"))
    notes = book.create_sheet("Ghi chú")
    for _row in range(filler_rows):
        notes.append(["x"] * filler_columns)
    buffer = io.BytesIO()
    book.save(buffer)
    return with_shared_strings(buffer.getvalue(), shared_strings)


@pytest.mark.parametrize(
    ("limits", "shape", "message"),
    [
        (
            {"IMPORT_MAX_CELLS": 10_000},
            {"filler_rows": 200, "filler_columns": 60},
            "Tệp có hơn 10000 ô trong các trang tính; hãy chia nhỏ tệp hoặc xóa các cột "
            "không được nhập.",
        ),
        (
            {"IMPORT_MAX_SHEET_ROWS": 1_000},
            {"filler_rows": 1_200, "filler_columns": 1},
            "Tệp có hơn 1000 dòng trong các trang tính; hãy chia nhỏ tệp.",
        ),
        (
            {"IMPORT_MAX_SHARED_STRINGS": 2_000},
            {"shared_strings": 2_500},
            "Bảng văn bản dùng chung của tệp có hơn 2000 mục nên bị từ chối.",
        ),
        (
            {"IMPORT_MAX_SHARED_STRINGS_BYTES": 50_000},
            {"shared_strings": 2_500},
            "Bảng văn bản dùng chung của tệp lớn hơn 48,8\xa0KB nên bị từ chối.",
        ),
    ],
)
def test_workbooks_past_the_content_limits_are_refused_before_parsing(
    cell, settings, monkeypatch, limits, shape, message
):
    data = workbook(**shape)
    for name, value in limits.items():
        setattr(settings, name, value)
    monkeypatch.setattr(
        openpyxl,
        "load_workbook",
        lambda *args, **kwargs: pytest.fail("openpyxl parsed a file that should be refused"),
    )
    monkeypatch.setattr(python_calamine, "CalamineWorkbook", None)  # any use fails the test

    plan = run(data)

    assert errors(plan) == [message]
    assert Member.objects.count() == 0


def test_the_same_workbooks_within_the_limits_are_imported(cell):
    plan = run(workbook(filler_rows=1_200, filler_columns=60, shared_strings=2_500))

    assert errors(plan) == []
    assert Member.objects.count() == 1


def test_an_upload_declaring_more_than_the_limit_is_refused_unread(client, tree, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    # 50 MB announced, a few bytes sent: reading the body would fail (the test client's
    # payload refuses to read past what it holds).
    response = client.generic(
        "POST",
        IMPORT,
        b"--B\r\n",
        content_type="multipart/form-data; boundary=B",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert "Dữ liệu gửi lên lớn hơn mức trang này nhận (10,1\xa0MB)" in response.content.decode()


def test_any_other_view_refuses_a_body_larger_than_django_keeps_in_memory(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    response = client.generic(
        "POST",
        reverse("organizations:member-create", args=[tree["xuan_la"].pk]),
        b"code=x",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(3 * 1024 * 1024),
    )

    assert response.status_code == 413


def test_uploads_stream_to_a_temporary_file(settings):
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 256 * 1024
