"""Exports too large for a request run as jobs (issue 20, item 5): a worker streams the
workbook into the storage with progress, its requester downloads it; the same data gives the
same bytes, whichever path wrote them."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from core.workbooks import FIXED_MOMENT
from organizations import export_jobs, spreadsheets
from organizations.choices import ExportStatus
from organizations.models import ExportJob
from organizations.spreadsheets import exporting
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(settings, tmp_path):
    """Two members make a job; a storage of its own for each test."""
    settings.EXPORT_BACKGROUND_ROWS = 2
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cell(tree):
    cell = OrganizationFactory(code="HN-TH-P07-CB1", name="Chi bộ 1", parent=tree["xuan_la"])
    for number in range(3):
        MemberFactory(organization=cell, code=f"DV00{number}", full_name=f"Nguyễn Văn {number}")
    return cell


@pytest.fixture
def leader(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="leader")
    client.force_login(user)
    return user


def url(name, job):
    return reverse(f"organizations:organization-export{name}", args=[job.pk])


def rows(data):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


def finished_job(client, organization, capture):
    with capture(execute=True):
        response = client.post(url("-request", organization))
    job = ExportJob.objects.get()
    assert response["Location"] == url("-job", job)
    job.refresh_from_db()
    return job


def test_a_large_export_is_written_by_a_job_with_the_direct_exports_bytes(
    client, leader, tree, cell, django_capture_on_commit_callbacks
):
    direct = spreadsheets.export_workbook(root=tree["xuan_la"])
    today = timezone.localdate()

    response = client.get(reverse("organizations:organization-export", args=[tree["xuan_la"].pk]))
    assert (
        response["Location"] == url("-request", tree["xuan_la"]) + f"?as_of={today:%d%%2F%m%%2F%Y}"
    )
    assert "Chuẩn bị tệp Excel" in client.get(response["Location"]).content.decode()
    job = finished_job(client, tree["xuan_la"], django_capture_on_commit_callbacks)

    assert (job.status, job.rows_total, job.rows_written) == (ExportStatus.DONE, 5, 5)
    page = client.get(url("-job", job)).content.decode()
    assert url("-job-download", job) in page
    download = client.get(url("-job-download", job))
    assert (
        download["Content-Disposition"] == f'attachment; filename="HN-TH-P07-{today:%Y%m%d}.xlsx"'
    )
    assert "no-store" in download["Cache-Control"]
    data = b"".join(download.streaming_content)
    assert rows(data) == rows(direct)
    assert [row[0] for row in rows(data)["Đảng viên"]] == ["Mã", "DV000", "DV001", "DV002"]
    assert data == direct


def test_a_small_export_is_downloaded_directly(client, leader, tree, cell, settings):
    settings.EXPORT_BACKGROUND_ROWS = 3

    response = client.get(reverse("organizations:organization-export", args=[tree["xuan_la"].pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheets.XLSX_CONTENT_TYPE
    assert not ExportJob.objects.exists()


def test_two_runs_over_the_same_data_give_the_same_bytes(tree, cell):
    first = spreadsheets.export_workbook(root=tree["city"])
    streamed = io.BytesIO()
    spreadsheets.export_workbook(root=tree["city"], target=streamed)

    assert spreadsheets.export_workbook(root=tree["city"]) == first == streamed.getvalue()
    workbook = openpyxl.load_workbook(io.BytesIO(first))
    assert workbook.properties.modified == FIXED_MOMENT


def test_a_second_request_while_one_is_pending_lands_on_it(client, leader, tree, cell):
    first = client.post(url("-request", tree["xuan_la"]))
    second = client.post(url("-request", tree["xuan_la"]))

    assert first["Location"] == second["Location"]
    assert ExportJob.objects.get().status == ExportStatus.QUEUED  # no worker in this test


def test_progress_is_reported_as_rows_are_written(tree, cell, monkeypatch, leader):
    monkeypatch.setattr(exporting, "PROGRESS_EVERY", 2)
    reported = []
    job = ExportJob.objects.create(requested_by=leader, organization=tree["tay_ho"], language="vi")
    monkeypatch.setattr(
        export_jobs, "_reporter", lambda job: lambda rows: reported.append(rows) or None
    )

    export_jobs.run_export_job(job_id=job.pk)

    assert reported == [2, 4, 6, 6]  # 3 organizations and 3 members
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE


def test_the_progress_bar_shows_the_rows_written_and_reloads_when_done(client, leader, tree):
    job = ExportJob.objects.create(
        requested_by=leader,
        organization=tree["tay_ho"],
        language="vi",
        status=ExportStatus.RUNNING,
        rows_total=50_000,
        rows_written=12_000,
    )

    polled = client.get(url("-job-progress", job))

    assert 'value="12000"' in polled.content.decode()
    assert not polled.has_header("HX-Refresh")
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.DONE)
    assert client.get(url("-job-progress", job))["HX-Refresh"] == "true"


def test_a_job_is_shown_to_its_requester_only_and_while_in_scope(
    client, leader, tree, cell, django_capture_on_commit_callbacks
):
    job = finished_job(client, tree["xuan_la"], django_capture_on_commit_callbacks)
    names = ("-job", "-job-progress", "-job-download")
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    assert [client.get(url(name, job)).status_code for name in names] == [404] * 3

    leader.role_grants.update(organization=tree["long_bien"])
    client.force_login(leader)
    assert [client.get(url(name, job)).status_code for name in names] == [404] * 3
    assert client.post(url("-request", tree["xuan_la"])).status_code == 404


def test_a_worker_refuses_a_requester_who_no_longer_sees_the_organization(leader, tree, cell):
    job = ExportJob.objects.create(requested_by=leader, organization=tree["xuan_la"], language="vi")
    leader.role_grants.update(organization=tree["long_bien"])

    export_jobs.run_export_job(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert not job.file


@pytest.mark.parametrize("status", [ExportStatus.RUNNING, ExportStatus.DONE, ExportStatus.FAILED])
def test_the_job_page_and_its_polling_read_a_constant_number_of_queries(
    client, leader, tree, django_assert_max_num_queries, status
):
    job = ExportJob.objects.create(
        requested_by=leader, organization=tree["tay_ho"], language="vi", status=status
    )

    with django_assert_max_num_queries(5):
        assert client.get(url("-job", job)).status_code == 200
    with django_assert_max_num_queries(5):
        assert client.get(url("-job-progress", job)).status_code == 200


def test_the_sweeper_requeues_a_dead_worker_and_deletes_old_files(
    client, leader, tree, cell, django_capture_on_commit_callbacks, settings
):
    done = finished_job(client, tree["xuan_la"], django_capture_on_commit_callbacks)
    dead = ExportJob.objects.create(
        requested_by=leader,
        organization=tree["tay_ho"],
        language="vi",
        status=ExportStatus.RUNNING,
        attempts=1,
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    later = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)

    with django_capture_on_commit_callbacks(execute=True):
        export_jobs.sweep_export_jobs(now=later)

    dead.refresh_from_db()
    done.refresh_from_db()
    assert (dead.status, dead.attempts, dead.rows_written) == (ExportStatus.DONE, 2, 6)
    assert not done.file
    assert client.get(url("-job-download", done)).status_code == 404


def test_an_export_job_reads_its_own_attempts_not_the_imports(leader, tree, cell, settings):
    settings.IMPORT_MAX_ATTEMPTS = settings.EXPORT_MAX_ATTEMPTS + 1
    dead = ExportJob.objects.create(
        requested_by=leader,
        organization=tree["tay_ho"],
        language="en",
        status=ExportStatus.RUNNING,
        attempts=settings.EXPORT_MAX_ATTEMPTS,
        lease_expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )

    assert export_jobs.run_export_job(job_id=dead.pk) is None  # out of its attempts
    export_jobs.sweep_export_jobs()

    dead.refresh_from_db()
    assert dead.status == ExportStatus.FAILED
    assert dead.error == (f"The export worker stopped {settings.EXPORT_MAX_ATTEMPTS} times.")


def test_the_workbook_is_stored_under_the_export_jobs_directory(
    client, leader, tree, cell, django_capture_on_commit_callbacks
):
    job = finished_job(client, tree["xuan_la"], django_capture_on_commit_callbacks)

    assert job.file.name == f"exports/jobs/{job.pk.hex}.xlsx"
