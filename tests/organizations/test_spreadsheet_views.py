import io
import os
import time

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from organizations import spreadsheet_views, spreadsheets
from organizations.models import Member, Organization
from tests.factories import MemberFactory, OrganizationFactory, UserFactory
from tests.organizations.test_spreadsheets import CELL, member_row, snapshot, xlsx

pytestmark = pytest.mark.django_db

IMPORT = reverse("organizations:organization-import")
CONFIRM = reverse("organizations:organization-import-confirm")
TEMPLATE = reverse("organizations:organization-import-template")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """A storage of its own for each test, so that stored uploads can be counted."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def cell(tree):
    return OrganizationFactory(code="HN-TH-P07-CB1", name="Chi bộ 1", parent=tree["xuan_la"])


@pytest.fixture
def staff(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    client.force_login(user)
    return user


def upload(data, name="nhap.xlsx"):
    return {"file": SimpleUploadedFile(name, data, content_type=spreadsheets.XLSX_CONTENT_TYPE)}


def good_file():
    return xlsx(
        organizations=[["HN-TH-P07-CB2", "Chi bộ 2", CELL, "HN-TH-P07", ""]],
        members=[member_row("DV001", "HN-TH-P07-CB2"), member_row("DV002", "HN-TH-P07-CB1")],
    )


def stored_files():
    if not default_storage.exists("imports"):
        return []
    return sorted(default_storage.listdir("imports")[1])


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_upload_form_is_shown_to_staff(client, staff):
    response = client.get(IMPORT)

    assert response.status_code == 200
    assert response.templates[0].name == "organizations/import_form.html"


def test_preview_shows_the_changes_and_writes_nothing(client, staff, cell):
    before = snapshot()

    response = client.post(IMPORT, upload(good_file()))

    assert response.status_code == 200
    assert response.context["counts"] == {
        "organizations": {"created": 1, "updated": 0, "unchanged": 0},
        "members": {"created": 2, "updated": 0, "unchanged": 0},
    }
    assert response.context["confirmable"] is True
    assert [row.code for row in response.context["member_creates"]] == ["DV001", "DV002"]
    assert snapshot() == before
    stored = client.session[spreadsheet_views.SESSION_KEY]
    assert stored["filename"] == "nhap.xlsx"
    assert stored_files() == [stored["stored"].removeprefix("imports/")]
    assert reverse("organizations:organization-import-confirm") in response.content.decode()


def test_confirm_applies_the_file_and_deletes_it(client, staff, cell):
    client.post(IMPORT, upload(good_file()))

    response = client.post(CONFIRM)

    assert response.status_code == 302
    # Issue 18, item 15: the user lands on the organization the file imported.
    imported = Organization.objects.get(code="HN-TH-P07-CB2")
    assert response["Location"] == reverse("organizations:organization-detail", args=[imported.pk])
    assert messages_of(response) == [
        "Đã nhập xong. Tổ chức: thêm mới 1, cập nhật 0. Đảng viên: thêm mới 2, cập nhật 0."
    ]
    assert list(Member.objects.order_by("code").values_list("code", "organization__code")) == [
        ("DV001", "HN-TH-P07-CB2"),
        ("DV002", "HN-TH-P07-CB1"),
    ]
    assert stored_files() == []
    assert spreadsheet_views.SESSION_KEY not in client.session


def test_preview_lists_every_error_and_keeps_no_file(client, staff, cell):
    data = xlsx(
        members=[
            member_row("DV001", "HN-LB"),
            member_row("DV002", "HN-TH-P07-CB1", gender="?"),
        ]
    )
    before = snapshot()

    response = client.post(IMPORT, upload(data))

    assert response.status_code == 200
    assert [
        (error.sheet, error.row, error.column, error.message)
        for error in response.context["plan"].errors
    ] == [
        ("Đảng viên", 2, "Mã tổ chức", "Mã tổ chức HN-LB không tồn tại."),
        ("Đảng viên", 3, "Giới tính", "Ghi Nam hoặc Nữ, không ghi ?."),
    ]
    assert response.context["confirmable"] is False
    assert CONFIRM not in response.content.decode()
    assert spreadsheet_views.SESSION_KEY not in client.session
    assert stored_files() == []
    assert snapshot() == before


def test_a_file_that_is_no_workbook_is_refused_on_the_preview(client, staff):
    response = client.post(IMPORT, upload(b"not a spreadsheet", name="danh-sach.csv"))

    assert [str(error) for error in response.context["plan"].errors] == [
        "Tệp không phải là bảng tính Excel (.xlsx)."
    ]
    assert stored_files() == []


def test_an_oversized_upload_is_refused_by_the_form(client, staff, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_FILE_SIZE", 1000)

    response = client.post(IMPORT, upload(good_file()))

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["Tệp có dung lượng vượt quá 1000\xa0byte."]}
    assert stored_files() == []


def test_confirm_checks_again_and_writes_nothing_if_the_data_changed(client, staff, tree, cell):
    client.post(IMPORT, upload(good_file()))
    # Meanwhile someone else gives the code DV002 to a member outside this user's scope.
    long_bien_cell = OrganizationFactory(code="HN-LB-P01", parent=tree["long_bien"])
    MemberFactory(code="DV002", organization=OrganizationFactory(parent=long_bien_cell))
    before = snapshot()

    response = client.post(CONFIRM)

    assert response.status_code == 200
    assert [str(error) for error in response.context["plan"].errors] == [
        "Trang tính Đảng viên, dòng 3, cột Mã: Mã DV002 không dùng được."
    ]
    assert messages_of(response) == [
        "Chưa nhập dữ liệu nào: dữ liệu đã thay đổi kể từ lúc xem trước."
    ]
    assert snapshot() == before
    assert stored_files() == []


def test_confirm_without_an_upload_changes_nothing(client, staff, cell):
    before = snapshot()

    response = client.post(CONFIRM)

    assert response.status_code == 302
    assert response["Location"] == IMPORT
    assert messages_of(response) == ["Không có tệp nào đang chờ xác nhận; hãy tải tệp lên lại."]
    assert snapshot() == before


def test_uploads_older_than_a_session_are_deleted(client, staff, cell, settings):
    old = default_storage.save("imports/" + "0" * 32 + ".xlsx", io.BytesIO(b"old"))
    past = time.time() - settings.SESSION_COOKIE_AGE - 60
    os.utime(default_storage.path(old), (past, past))

    client.post(IMPORT, upload(good_file()))

    stored = client.session[spreadsheet_views.SESSION_KEY]["stored"]
    assert stored_files() == [stored.removeprefix("imports/")]


def test_a_new_upload_replaces_the_waiting_one(client, staff, cell):
    client.post(IMPORT, upload(good_file()))
    first = client.session[spreadsheet_views.SESSION_KEY]["stored"]

    client.post(IMPORT, upload(good_file()))

    second = client.session[spreadsheet_views.SESSION_KEY]["stored"]
    assert stored_files() == [second.removeprefix("imports/")]
    assert first != second


@pytest.mark.parametrize("role", ["leader", "working_group", "secretary", None])
def test_import_without_a_tree_role_is_403_and_changes_nothing(client, tree, cell, role):
    user = UserFactory(scope=tree["tay_ho"], role=role) if role else UserFactory()
    client.force_login(user)
    before = snapshot()

    statuses = [
        client.get(IMPORT).status_code,
        client.post(IMPORT, upload(good_file())).status_code,
        client.post(CONFIRM).status_code,
        client.get(TEMPLATE).status_code,
    ]

    assert statuses == [403, 403, 403, 403]
    assert snapshot() == before
    assert stored_files() == []


def test_template_download_is_a_workbook(client, staff):
    response = client.get(TEMPLATE)

    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="mau-nhap-to-chuc-dang-vien.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Tổ chức", "Đảng viên", "Hướng dẫn"]


def test_export_of_a_visible_organization(client, tree, cell):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))

    response = client.get(reverse("organizations:organization-export", args=[tree["xuan_la"].pk]))

    assert response.status_code == 200
    today = timezone.localdate()
    assert (
        response["Content-Disposition"] == f'attachment; filename="HN-TH-P07-{today:%Y%m%d}.xlsx"'
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [row[0] for row in workbook["Tổ chức"].iter_rows(values_only=True)] == [
        "Mã",
        "HN-TH-P07",
        "HN-TH-P07-CB1",
    ]


@pytest.mark.parametrize("position", ["long_bien", "city"])
def test_export_outside_the_scope_is_404(client, tree, staff, position):
    response = client.get(reverse("organizations:organization-export", args=[tree[position].pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [IMPORT, CONFIRM, TEMPLATE, "export"],
)
def test_anonymous_requests_go_to_login(client, tree, url):
    if url == "export":
        url = reverse("organizations:organization-export", args=[tree["tay_ho"].pk])
    before = snapshot()

    responses = [client.get(url), client.post(url)]

    assert [response.status_code for response in responses] == [302, 302]
    assert all(
        response["Location"].startswith(reverse("login") + "?next=") for response in responses
    )
    assert snapshot() == before


def test_superuser_imports_roots_through_the_web(client, db):
    client.force_login(UserFactory(is_superuser=True))
    data = xlsx(organizations=[["CT", "Đảng bộ thành phố Cần Thơ", "Đảng bộ tỉnh/thành phố", ""]])

    client.post(IMPORT, upload(data))
    response = client.post(CONFIRM)

    assert response.status_code == 302
    assert list(Organization.objects.values_list("code", "depth")) == [("CT", 1)]
