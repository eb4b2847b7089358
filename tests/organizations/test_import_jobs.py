"""Imports too large for a request run as jobs (issue 20, item 3): checked by a worker (the
preview, with progress), applied by a worker on confirmation in one transaction, cancellable
before, never two over one subtree at once, nothing half-written when the worker dies."""

import datetime
import itertools
import re
import threading
import time

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from core import jobs
from organizations import import_jobs, services, spreadsheets
from organizations.choices import ImportPhase, ImportStatus
from organizations.models import ImportJob, Member, Organization
from tests.factories import MemberFactory, OrganizationFactory, UserFactory
from tests.organizations.test_spreadsheet_views import CONFIRM, IMPORT, messages_of, upload
from tests.organizations.test_spreadsheets import member_row, snapshot, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_threshold(settings, tmp_path):
    """Three rows make a job; a storage of its own for each test."""
    settings.IMPORT_BACKGROUND_ROWS = 3
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cell(tree):
    return OrganizationFactory(code="HN-TH-P07-CB1", name="Chi bộ 1", parent=tree["xuan_la"])


@pytest.fixture
def staff(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    client.force_login(user)
    return user


def three_members(prefix="DV"):
    return xlsx(members=[member_row(f"{prefix}00{n}", "HN-TH-P07-CB1") for n in range(3)])


def job_url(name, job):
    return reverse(f"organizations:organization-import-job{name}", args=[job.pk])


def checked_job(client, capture, data=None):
    """Upload `data` (three members by default): a job, checked by the (eager) worker."""
    with capture(execute=True):
        response = client.post(IMPORT, upload(data or three_members()))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job_url("", job)
    return job


def test_a_large_file_is_checked_by_a_job_then_applied_on_confirmation(
    client, staff, cell, django_capture_on_commit_callbacks
):
    before = snapshot()

    job = checked_job(client, django_capture_on_commit_callbacks)

    assert (job.phase, job.status) == (ImportPhase.CHECK, ImportStatus.READY)
    assert job.counts["members"] == {"created": 3, "updated": 0, "unchanged": 0}
    assert (job.rows_read, job.rows_validated) == (3, 3)
    assert job.scope_path == cell.path
    assert snapshot() == before  # the check writes nothing
    page = client.get(job_url("", job))
    assert page.status_code == 200
    assert [row["code"] for row in page.context["member_creates"]] == [
        "DV000",
        "DV001",
        "DV002",
    ]
    assert "Nhập các thay đổi này" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(job_url("-apply", job))

    job.refresh_from_db()
    assert response.status_code == 302
    assert (job.phase, job.status, job.rows_written) == (ImportPhase.APPLY, "done", 3)
    assert Member.objects.filter(organization=cell).count() == 3
    actions = list(
        AuditEvent.objects.exclude(action="organization.created").values_list("action", flat=True)
    )
    assert sorted(actions) == ["member.created"] * 3 + ["spreadsheet.imported"]
    assert not job.file
    assert default_storage.listdir("imports/jobs")[1] == []
    assert "Đã nhập" in client.get(job_url("", job)).content.decode()


def test_a_small_file_keeps_the_request_path(client, staff, cell, settings):
    settings.IMPORT_BACKGROUND_ROWS = 5_000

    response = client.post(IMPORT, upload(three_members()))

    assert response.status_code == 200
    assert response.templates[0].name == "organizations/import_preview.html"
    assert not ImportJob.objects.exists()


def test_the_web_import_takes_a_file_above_the_old_web_cap(client, staff, cell, settings):
    """IMPORT_WEB_MAX_ROWS (20,000 rows per sheet inside the request) is gone: a file above
    IMPORT_BACKGROUND_ROWS goes to a job, which takes IMPORT_MAX_ROWS."""
    assert not hasattr(settings, "IMPORT_WEB_MAX_ROWS")

    response = client.post(IMPORT, upload(three_members()))

    assert response.status_code == 302
    assert ImportJob.objects.get().status == ImportStatus.QUEUED  # no worker in this test


def test_progress_is_polled_and_the_page_reloads_when_the_worker_is_done(
    client, staff, cell, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client.post(IMPORT, upload(three_members()))
    job = ImportJob.objects.get()

    waiting = client.get(job_url("", job))
    polled = client.get(job_url("-progress", job), headers={"HX-Request": "true"})
    import_jobs.run_import_job(job_id=job.pk)
    done = client.get(job_url("-progress", job), headers={"HX-Request": "true"})

    assert 'hx-trigger="every 2s"' in waiting.content.decode()
    assert "HX-Refresh" not in polled
    assert [stage["key"] for stage in polled.context["stages"]] == [
        "read",
        "validated",
        "compared",
    ]
    assert done["HX-Refresh"] == "true"


def test_progress_of_every_stage_is_reported():
    heard = []
    spreadsheets.import_workbook(
        source=three_members(), user=None, on_progress=lambda *stage: heard.append(stage)
    )

    stages = [stage for stage, *_figures in heard]
    in_turn = [stage for stage, _calls in itertools.groupby(stages)]  # one after the other
    assert in_turn == ["file", "opening", "read", "validated", "compared"]  # no cell: no write
    total = heard[0][2]
    assert heard[0] == ("file", 0, total)
    assert ("file", total, total) in heard
    assert heard[stages.index("opening")][:2] == ("opening", 0)
    assert ("read", 3) in heard
    assert ("validated", 3) in heard
    assert ("compared", 3) in heard


def test_the_job_page_shows_the_file_check_and_the_opening_of_the_sheet(
    client, staff, cell, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        client.post(IMPORT, upload(three_members()))
    job = ImportJob.objects.get()
    report, _figures = import_jobs._reporter(job)

    report("file", 3 * 1024 * 1024, 12 * 1024 * 1024)
    checking = client.get(job_url("-progress", job), headers={"HX-Request": "true"})
    report("file", 12 * 1024 * 1024, 12 * 1024 * 1024)
    report("opening", 4, 11 * 1024 * 1024)
    opening = client.get(job_url("-progress", job), headers={"HX-Request": "true"})
    report("read", 10_000)
    reading_rows = client.get(job_url("-progress", job), headers={"HX-Request": "true"})

    assert 'id="import-file" class="w-100 mb-2" max="12582912" value="3145728"' in (
        checking.content.decode()
    )
    assert checking.context["progress"]["file"] == 3 * 1024 * 1024
    assert opening.context["progress"]["opening"] == 4
    assert opening.context["progress"]["opening_total"] == 11 * 1024 * 1024
    assert re.search(r"11[.,]0\sMB", opening.content.decode())  # the sheet's size (filesizeformat)
    assert reading_rows.context["progress"]["opening_total"] == 0  # opened: rows are read
    assert reading_rows.context["progress"]["read"] == 10_000


def test_saving_is_reported_from_the_last_statement_until_the_commit_returns(monkeypatch):
    """The commit is one call (SQLite copies its write-ahead log back in it: 4.4 s after a
    city's new members); the bar hears "saving" from a thread until it has returned."""
    monkeypatch.setattr(import_jobs, "SAVING_EVERY", 0.01)
    heard = []
    ticking = threading.Event()

    def report(stage, done, total=None):
        heard.append((stage, done, total))
        if len(heard) == 3:
            ticking.set()

    with import_jobs.reporting_commit(report) as committing:
        assert heard == []  # nothing before the block's last statement
        committing()
        assert ticking.wait(5)  # a commit that lasts: the reports go on meanwhile
    reported = len(heard)
    time.sleep(0.05)

    assert len(heard) == reported  # none once the commit has returned
    assert heard[0] == ("saving", 0, None)
    assert {stage for stage, _seconds, _total in heard} == {"saving"}


def test_an_apply_reports_saving_last_and_the_page_shows_it(
    client, staff, cell, monkeypatch, django_capture_on_commit_callbacks
):
    job = checked_job(client, django_capture_on_commit_callbacks)
    assert import_jobs.progress(job)["saving"] is None  # the check has nothing to commit
    heard = []
    reporter = import_jobs._reporter

    def listened(job):
        report, figures = reporter(job)
        return lambda stage, *figures_: (heard.append(stage), report(stage, *figures_)), figures

    monkeypatch.setattr(import_jobs, "_reporter", listened)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(job_url("-apply", job))

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    in_turn = [stage for stage, _calls in itertools.groupby(heard)]
    assert in_turn[-2:] == ["written", "saving"]
    report, _figures = reporter(job)
    report("saving", 3)
    job.status = ImportStatus.RUNNING  # as the page sees it while the commit runs
    job.save(update_fields=["status"])
    page = client.get(job_url("-progress", job), headers={"HX-Request": "true"})
    assert "Đang lưu các thay đổi vào cơ sở dữ liệu: 3 giây" in page.content.decode()


def test_errors_are_all_listed_and_nothing_is_written(
    client, staff, cell, django_capture_on_commit_callbacks
):
    data = xlsx(
        members=[
            member_row("DV001", "HN-TH-P07-CB1", birth_date="31/02/1980"),
            member_row("DV002", "NOWHERE"),
            member_row("DV003", "HN-TH-P07-CB1"),
        ]
    )
    before = snapshot()

    job = checked_job(client, django_capture_on_commit_callbacks, data)
    page = client.get(job_url("", job))

    assert job.status == ImportStatus.FAILED
    assert [(error["row"], error["column"]) for error in job.errors] == [
        (2, "Ngày sinh"),
        (3, "Mã tổ chức"),
    ]
    assert "Mã tổ chức NOWHERE không tồn tại." in page.content.decode()
    assert "Nhập các thay đổi này" not in page.content.decode()
    assert snapshot() == before
    assert not job.file


def test_a_checked_job_may_be_cancelled_and_then_not_applied(
    client, staff, cell, django_capture_on_commit_callbacks
):
    job = checked_job(client, django_capture_on_commit_callbacks)

    response = client.post(job_url("-cancel", job))
    again = client.post(job_url("-apply", job))

    job.refresh_from_db()
    assert response.status_code == 302
    assert job.status == ImportStatus.CANCELLED
    assert not job.file
    assert default_storage.listdir("imports/jobs")[1] == []
    assert messages_of(again)[-1] == "Lượt nhập này không còn chờ xác nhận."
    assert not Member.objects.exists()


def test_a_running_apply_cannot_be_cancelled(client, staff):
    job = ImportJob.objects.create(
        requested_by=staff, language="vi", phase=ImportPhase.APPLY, status=ImportStatus.RUNNING
    )

    response = client.post(job_url("-cancel", job))

    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING
    assert messages_of(response) == ["Lượt nhập này không thể hủy được nữa."]


def running_apply(user, scope_path):
    return ImportJob.objects.create(
        requested_by=user,
        language="vi",
        phase=ImportPhase.APPLY,
        status=ImportStatus.RUNNING,
        scope_path=scope_path,
        started_at=timezone.now(),
        lease_expires_at=timezone.now() + datetime.timedelta(minutes=5),
    )


def test_a_second_import_of_the_same_subtree_is_refused(
    client, staff, cell, tree, django_capture_on_commit_callbacks
):
    job = checked_job(client, django_capture_on_commit_callbacks)
    other = running_apply(UserFactory(), tree["tay_ho"].path)  # above the job's cell

    response = client.post(job_url("-apply", job))

    job.refresh_from_db()
    assert job.status == ImportStatus.READY
    assert messages_of(response) == [
        "Một lượt nhập khác vào phần này của cây tổ chức đang chạy. "
        "Hãy nhập tệp này khi lượt đó đã xong."
    ]
    # The request path too: its confirmation is refused, nothing written.
    client.post(IMPORT, upload(xlsx(members=[member_row("DV9", "HN-TH-P07-CB1")])))
    confirm = client.post(CONFIRM)
    assert confirm.status_code == 200
    assert "Một lượt nhập khác" in confirm.content.decode()
    assert not Member.objects.exists()
    # Once the other import has ended, the job applies.
    ImportJob.objects.filter(pk=other.pk).update(status=ImportStatus.DONE)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(job_url("-apply", job))
    assert Member.objects.count() == 3


def test_two_workers_claiming_overlapping_imports_apply_one_at_a_time(staff, cell, tree):
    """The later of two claimed applies over overlapping subtrees goes back to waiting."""
    first = running_apply(staff, tree["xuan_la"].path)
    second = ImportJob.objects.create(
        requested_by=staff,
        language="vi",
        phase=ImportPhase.APPLY,
        status=ImportStatus.QUEUED,
        scope_path=cell.path,
    )

    import_jobs.run_import_job(job_id=second.pk)

    second.refresh_from_db()
    assert second.status == ImportStatus.READY
    assert second.error.startswith("Một lượt nhập khác")
    assert not import_jobs.busy(tree["long_bien"].path)  # another district is free
    assert import_jobs.busy("")  # a file creating a root overlaps everything
    assert first.status == ImportStatus.RUNNING


def test_the_check_for_an_overlapping_import_is_made_inside_the_apply_transaction(
    client, staff, cell, tree, monkeypatch, django_capture_on_commit_callbacks
):
    """Review finding: the check ran before the apply's transaction, so another import
    claimed in between (its started_at taken earlier) applied at the same time. Now it is
    made inside the transaction that writes, after the subtree's lock (hold_scope)."""
    job = checked_job(client, django_capture_on_commit_callbacks)
    import_jobs.request_apply(job=job)
    depth_outside = len(connection.atomic_blocks)
    depths = []
    real_busy = import_jobs.busy
    real_claim = jobs.claim

    def spied_busy(*args, **kwargs):
        depths.append(len(connection.atomic_blocks))
        return real_busy(*args, **kwargs)

    def claimed_with_a_rival(*args, **kwargs):
        claimed = real_claim(*args, **kwargs)
        # Another worker's claim of an overlapping import lands just after ours, with the
        # started_at it took before ours: it ranks first.
        rival = running_apply(UserFactory(), tree["tay_ho"].path)
        ImportJob.objects.filter(pk=rival.pk).update(
            started_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        return claimed

    monkeypatch.setattr(import_jobs, "busy", spied_busy)
    monkeypatch.setattr(jobs, "claim", claimed_with_a_rival)

    import_jobs.run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert depths == [depth_outside + 1]
    assert job.status == ImportStatus.READY
    assert job.error.startswith("Một lượt nhập khác")
    assert not Member.objects.exists()


def test_the_job_is_ended_in_the_transaction_that_writes_its_data(
    client, staff, cell, monkeypatch, django_capture_on_commit_callbacks
):
    """Review finding: the job was marked done after the apply had committed, so a crash in
    between left the data written under a job shown running (and run again). Now a crash
    before the job is ended leaves nothing written."""
    job = checked_job(client, django_capture_on_commit_callbacks)
    before = snapshot()
    import_jobs.request_apply(job=job)
    real_finish = jobs.finish

    def dies_when_ending(job, **fields):
        if fields["status"] == ImportStatus.DONE:
            raise WorkerDied
        return real_finish(job, **fields)

    monkeypatch.setattr(jobs, "finish", dies_when_ending)
    with pytest.raises(WorkerDied):
        import_jobs.run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.rows_written) == (ImportStatus.RUNNING, 0)
    assert snapshot() == before


def test_an_attempt_that_lost_its_job_writes_nothing(
    client, staff, cell, monkeypatch, django_capture_on_commit_callbacks
):
    """An attempt whose lease ran out and was taken over cannot end the job: its writes are
    rolled back with it, and the job stays the other attempt's."""
    job = checked_job(client, django_capture_on_commit_callbacks)
    before = snapshot()
    import_jobs.request_apply(job=job)
    monkeypatch.setattr(jobs, "finish", lambda job, **fields: False)

    with django_capture_on_commit_callbacks(execute=True):
        import_jobs.run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportStatus.RUNNING, 1)
    assert job.file  # the attempt that holds the job still reads it
    assert snapshot() == before


class WorkerDied(BaseException):
    """What a killed worker looks like from inside: nothing after it runs."""


def test_a_worker_dying_mid_apply_leaves_nothing_and_the_lease_runs_it_again(
    client, staff, cell, settings, monkeypatch, django_capture_on_commit_callbacks
):
    job = checked_job(client, django_capture_on_commit_callbacks)
    MemberFactory(organization=cell, code="DV000", full_name="Trần Văn Cũ")
    before = snapshot()
    import_jobs.request_apply(job=job)
    real = services.create_members_bulk

    def dies_after_writing(**kwargs):
        real(**kwargs)  # the rows are written inside the transaction, then the worker dies
        raise WorkerDied

    monkeypatch.setattr(services, "create_members_bulk", dies_after_writing)
    with pytest.raises(WorkerDied):
        import_jobs.run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.RUNNING  # its worker is gone; the lease runs on
    assert snapshot() == before
    assert import_jobs.run_import_job(job_id=job.pk) is None  # the lease holds
    monkeypatch.setattr(services, "create_members_bulk", real)
    later = timezone.now() + datetime.timedelta(seconds=settings.IMPORT_LEASE_SECONDS + 1)
    assert import_jobs.sweep_import_jobs(now=later) == [str(job.pk)]

    import_jobs.run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportStatus.DONE, 2)
    assert job.counts["members"] == {"created": 2, "updated": 1, "unchanged": 0}
    assert Member.objects.count() == 3
    assert AuditEvent.objects.filter(action="spreadsheet.imported").count() == 1


def test_a_worker_out_of_attempts_fails_the_job_with_nothing_written(
    client, staff, cell, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_ATTEMPTS = 1
    job = checked_job(client, django_capture_on_commit_callbacks)
    import_jobs.request_apply(job=job)
    monkeypatch.setattr(services, "create_members_bulk", _die)
    with pytest.raises(WorkerDied):
        import_jobs.run_import_job(job_id=job.pk)

    later = timezone.now() + datetime.timedelta(seconds=settings.IMPORT_LEASE_SECONDS + 1)
    import_jobs.sweep_import_jobs(now=later)

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.error == "Tiến trình nhập đã dừng 1 lần; không có gì được ghi."
    assert not job.file
    assert not Member.objects.exists()


def _die(**kwargs):
    raise WorkerDied


def test_an_error_while_applying_fails_the_job_and_rolls_everything_back(
    client, staff, cell, monkeypatch, django_capture_on_commit_callbacks
):
    job = checked_job(client, django_capture_on_commit_callbacks)
    before = snapshot()

    def breaks(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "update_members_bulk", breaks)
    monkeypatch.setattr(services, "create_members_bulk", breaks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(job_url("-apply", job))

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.error == "Lượt nhập đã dừng (RuntimeError); không có gì được ghi."
    assert snapshot() == before


def test_a_job_is_shown_to_its_requester_only(
    client, staff, cell, tree, django_capture_on_commit_callbacks
):
    job = checked_job(client, django_capture_on_commit_callbacks)
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    for name in ("", "-progress"):
        assert client.get(job_url(name, job)).status_code == 404
    for name in ("-apply", "-cancel"):
        assert client.post(job_url(name, job)).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportStatus.READY


def test_a_job_whose_requester_is_gone_fails(
    client, staff, cell, django_capture_on_commit_callbacks
):
    job = checked_job(client, django_capture_on_commit_callbacks)
    import_jobs.request_apply(job=job)
    staff.delete()

    import_jobs.run_import_job(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert not Member.objects.exists()


def test_members_are_updated_in_bulk_with_their_change_log(cell, django_assert_max_num_queries):
    for n in range(30):
        MemberFactory(organization=cell, code=f"DV{n:03}", full_name="Tên Cũ")
    data = xlsx(members=[member_row(f"DV{n:03}", "HN-TH-P07-CB1") for n in range(30)])

    with django_assert_max_num_queries(40):
        plan = spreadsheets.import_workbook(source=data, user=None)

    assert plan.counts["members"]["updated"] == 30
    assert set(Member.objects.values_list("full_name", "version")) == {("Lê Thị Mai", 2)}
    events = AuditEvent.objects.filter(action="member.updated")
    assert events.count() == 30
    assert events.first().data["after"]["full_name"] == "Lê Thị Mai"


def test_path_copies_are_brought_up_to_date_once_per_import(tree, monkeypatch):
    from tests.organizations.test_spreadsheets import CELL, WARD

    cells = [
        OrganizationFactory(code=f"HN-TH-P07-CB{n}", name=f"Chi bộ {n}", parent=tree["xuan_la"])
        for n in (1, 2)
    ]
    for cell in cells:
        MemberFactory(organization=cell)
    calls = []
    real = services.sync_path_copies
    monkeypatch.setattr(services, "sync_path_copies", lambda moved: calls.append(real(moved)))
    data = xlsx(
        organizations=[
            ["HN-TH-P08", "Đảng bộ phường 8", WARD, "HN-TH", ""],
            ["HN-TH-P07-CB1", "Chi bộ 1", CELL, "HN-TH-P08", ""],
            ["HN-TH-P07-CB2", "Chi bộ 2", CELL, "HN-TH-P08", ""],
        ]
    )

    plan = spreadsheets.import_workbook(source=data, user=None)

    assert plan.applied, [str(error) for error in plan.errors]
    assert len(calls) == 1
    for member in Member.objects.select_related("organization"):
        assert member.org_path == member.organization.path
        assert member.org_path.startswith(Organization.objects.get(code="HN-TH-P08").path)


def test_the_upload_page_lists_the_users_latest_jobs(client, staff, tree):
    mine = ImportJob.objects.create(requested_by=staff, language="vi", file_name="thanh-pho.xlsx")
    ImportJob.objects.create(requested_by=UserFactory(), language="vi", file_name="khac.xlsx")

    response = client.get(IMPORT)

    assert list(response.context["jobs"]) == [mine]
    assert "thanh-pho.xlsx" in response.content.decode()
    assert "khac.xlsx" not in response.content.decode()


@pytest.mark.parametrize("errors", [0, 200])
def test_the_job_page_and_its_polling_read_a_constant_number_of_queries(
    client, staff, django_assert_max_num_queries, errors
):
    job = ImportJob.objects.create(
        requested_by=staff,
        language="vi",
        file_name="lon.xlsx",
        status=ImportStatus.FAILED,
        errors=[
            {"sheet": "Đảng viên", "row": row, "column": "Mã", "message": "x"}
            for row in range(errors)
        ],
    )

    with django_assert_max_num_queries(6):
        assert client.get(job_url("", job)).status_code == 200
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING)
    with django_assert_max_num_queries(4):
        assert client.get(job_url("-progress", job)).status_code == 200
