"""The member export shows the subtree on a date (issue 15, core.asof): the members counted on
that date (`member_on`), the organizations there then, the date in each sheet's first row;
the same data and date give the same bytes, directly or through a job."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from organizations import spreadsheets
from organizations.models import ExportJob, Member
from organizations.spreadsheets import exporting
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cell(tree):
    cell = OrganizationFactory(code="HN-TH-P07-CB1", name="Chi bộ 1", parent=tree["xuan_la"])
    MemberFactory(organization=cell, code="DV001", admitted_on=D(2010, 5, 1))
    MemberFactory(organization=cell, code="DV002", admitted_on=D(2012, 5, 1))
    return cell


@pytest.fixture
def leader(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="leader")
    client.force_login(user)
    return user


def sheets(data):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def member_codes(data):
    return [row[0] for row in sheets(data)["Đảng viên"][1:]]


def export_url(organization):
    return reverse("organizations:organization-export", args=[organization.pk])


def test_the_export_leaves_out_a_member_gone_by_the_date_as_the_member_list_does(
    client, leader, tree, cell
):
    Member.objects.filter(code="DV002").update(left_on=D(2021, 1, 1))
    url = export_url(tree["xuan_la"])
    members = reverse("organizations:member-list", args=[tree["xuan_la"].pk])

    later = client.get(url, {"as_of": "01/06/2022"})
    before = client.get(url, {"as_of": "01/06/2020"})
    listed = client.get(members, {"as_of": "01/06/2022"})

    assert member_codes(later.content) == ["DV001"]
    assert [member.code for member in listed.context["page"]] == ["DV001"]
    assert member_codes(before.content) == ["DV001", "DV002"]
    assert later["Content-Disposition"] == 'attachment; filename="HN-TH-P07-20220601.xlsx"'


def test_the_export_leaves_out_members_admitted_after_the_date(client, leader, tree, cell):
    response = client.get(export_url(tree["xuan_la"]), {"as_of": "01/01/2011"})

    assert member_codes(response.content) == ["DV001"]


def test_each_sheet_says_the_date_in_its_first_row_and_still_reimports(tree, cell):
    data = spreadsheets.export_workbook(root=tree["xuan_la"], as_of=D(2022, 6, 1))

    workbook = sheets(data)
    assert workbook["Tổ chức"][0][-2:] == (None, "Tính đến ngày 01/06/2022")
    assert workbook["Đảng viên"][0][-2:] == (None, "Tính đến ngày 01/06/2022")
    properties = openpyxl.load_workbook(io.BytesIO(data)).properties
    assert properties.title == "HN-TH-P07 · Tính đến ngày 01/06/2022"
    plan = spreadsheets.import_workbook(source=data, user=None, dry_run=True, name="xuat.xlsx")
    assert (plan.errors, plan.counts["members"]["unchanged"]) == ([], 2)


def test_the_same_data_and_date_give_the_same_bytes_another_date_other_bytes(tree, cell):
    first = spreadsheets.export_workbook(root=tree["city"], as_of=D(2022, 6, 1))
    streamed = io.BytesIO()
    spreadsheets.export_workbook(root=tree["city"], as_of=D(2022, 6, 1), target=streamed)

    again = spreadsheets.export_workbook(root=tree["city"], as_of=D(2022, 6, 1))
    other = spreadsheets.export_workbook(root=tree["city"], as_of=D(2022, 6, 2))

    assert again == first == streamed.getvalue()
    assert other != first


def test_an_organization_dissolved_by_the_date_is_not_exported_the_root_always_is(tree, cell):
    gone = OrganizationFactory(code="HN-TH-P07-CB9", name="Chi bộ 9", parent=tree["xuan_la"])
    gone.valid_to = D(2021, 1, 1)
    gone.save(update_fields=["valid_to"])
    tree["xuan_la"].valid_from = D(2015, 1, 1)
    tree["xuan_la"].save(update_fields=["valid_from"])

    def codes(day):
        data = spreadsheets.export_workbook(root=tree["xuan_la"], as_of=day)
        return [row[0] for row in sheets(data)["Tổ chức"][1:]]

    assert codes(D(2022, 6, 1)) == ["HN-TH-P07", "HN-TH-P07-CB1"]
    assert codes(D(2020, 6, 1)) == ["HN-TH-P07", "HN-TH-P07-CB1", "HN-TH-P07-CB9"]
    # Xuân La was founded in 2015: asked for itself, it is written all the same.
    assert codes(D(2010, 6, 1)) == ["HN-TH-P07", "HN-TH-P07-CB1", "HN-TH-P07-CB9"]
    assert exporting.export_rows(tree["xuan_la"], as_of=D(2022, 6, 1)) == (2, 2)


def test_the_member_list_and_the_organization_page_link_the_export_of_their_date(
    client, leader, tree, cell
):
    members = reverse("organizations:member-list", args=[tree["xuan_la"].pk])
    detail = reverse("organizations:organization-detail", args=[tree["xuan_la"].pk])
    link = f'href="{export_url(tree["xuan_la"])}?as_of=01/06/2022"'

    assert link in client.get(members, {"as_of": "01/06/2022"}).content.decode()
    assert link in client.get(detail, {"as_of": "01/06/2022"}).content.decode()


def test_a_job_exports_the_date_asked_with_the_direct_exports_bytes(
    client, leader, tree, cell, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 1
    Member.objects.filter(code="DV002").update(left_on=D(2021, 1, 1))
    MemberFactory(organization=cell, code="DV003", admitted_on=D(2012, 5, 1))
    direct = spreadsheets.export_workbook(root=tree["xuan_la"], as_of=D(2022, 6, 1))
    request_url = reverse("organizations:organization-export-request", args=[tree["xuan_la"].pk])

    response = client.get(export_url(tree["xuan_la"]), {"as_of": "01/06/2022"})
    assert response["Location"] == f"{request_url}?as_of=01%2F06%2F2022"
    page = client.get(response["Location"]).content.decode()
    assert 'name="as_of" value="01/06/2022"' in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(request_url, {"as_of": "01/06/2022"})
    job = ExportJob.objects.get()
    download = client.get(reverse("organizations:organization-export-job-download", args=[job.pk]))

    assert job.as_of == D(2022, 6, 1)
    assert download["Content-Disposition"] == 'attachment; filename="HN-TH-P07-20220601.xlsx"'
    data = b"".join(download.streaming_content)
    assert data == direct
    assert member_codes(data) == ["DV001", "DV003"]


def test_a_job_of_another_date_is_another_job(client, leader, tree, cell, settings):
    settings.EXPORT_BACKGROUND_ROWS = 1
    request_url = reverse("organizations:organization-export-request", args=[tree["xuan_la"].pk])

    client.post(request_url, {"as_of": "01/06/2022"})
    client.post(request_url, {"as_of": "01/06/2022"})
    client.post(request_url, {"as_of": "01/06/2020"})

    assert sorted(ExportJob.objects.values_list("as_of", flat=True)) == [
        D(2020, 6, 1),
        D(2022, 6, 1),
    ]


def test_the_export_on_a_date_before_a_merger_shows_the_tree_as_it_stood(tree):
    """A merger moves the predecessors' cells: exported on a day before it, the old ward
    still holds its cell and members (under it by parent code), and the successor neither."""
    from organizations import services

    merged_on = D(2025, 7, 1)
    before = D(2020, 6, 1)
    old_ward = OrganizationFactory(code="P01", parent=tree["long_bien"], valid_from=D(2000, 1, 1))
    old_cell = OrganizationFactory(code="P01-CB", parent=old_ward, valid_from=D(2000, 1, 1))
    MemberFactory(code="DV-CB", organization=old_cell, admitted_on=D(2010, 1, 1))
    successor = OrganizationFactory(code="NEW", parent=tree["tay_ho"], valid_from=D(2000, 1, 1))
    services.merge_organizations(
        predecessors=[old_ward], successor=successor, merged_on=merged_on, actor=None
    )
    old_ward.refresh_from_db()

    then = sheets(exporting.export_workbook(root=old_ward, as_of=before))
    # code → parent code (the root's left empty, so the file re-imports under its parent)
    organizations = {row[0]: row[3] or "" for row in then["Tổ chức"][1:]}
    assert organizations == {"P01": "", "P01-CB": "P01"}
    assert member_codes(exporting.export_workbook(root=old_ward, as_of=before)) == ["DV-CB"]
    assert member_codes(exporting.export_workbook(root=successor, as_of=before)) == []
    assert member_codes(exporting.export_workbook(root=successor)) == ["DV-CB"]
    assert exporting.export_rows(old_ward, as_of=before) == (2, 1)
