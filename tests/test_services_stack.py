"""The production stack for real: PostgreSQL, Redis and a Celery worker process.

`./dev test` runs these on its second pass; on the first (SQLite) pass they skip.
"""

import time

import pytest
from django.urls import reverse

from reports.choices import JobStatus, ReportKind
from reports.models import ReportJob
from tests.factories import OrganizationFactory, UserFactory
from tests.pdf import pdf_text

# serialized_rollback keeps the seeded organization kinds across the flush of a transactional test.
pytestmark = [
    pytest.mark.services,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def wait_for(job, *, statuses, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in statuses:
            return job
        time.sleep(0.25)
    raise AssertionError(f"job stayed {job.status} for {seconds} s")


def test_worker_renders_a_requested_report_through_redis(client, services_worker):
    district = OrganizationFactory(code="HN-TH", name="Đảng bộ quận Tây Hồ")
    ward = OrganizationFactory(code="HN-TH-P07", name="Đảng bộ phường Xuân La", parent=district)
    client.force_login(UserFactory(scope=district, role="leader"))

    response = client.post(
        reverse("reports:job-request"),
        {"organization": ward.pk, "kind": ReportKind.TEST},
        headers={"HX-Request": "true"},
    )

    job = ReportJob.objects.get()
    assert response.status_code == 200
    assert job.status in (JobStatus.QUEUED, JobStatus.RUNNING)  # not rendered in the request
    job = wait_for(job, statuses={JobStatus.DONE, JobStatus.FAILED})
    assert (job.status, job.attempts, job.error) == (JobStatus.DONE, 1, "")
    download = client.get(reverse("reports:job-download", args=[job.pk]))
    assert download.status_code == 200
    text = pdf_text(b"".join(download.streaming_content))
    assert "Đảng bộ phường Xuân La" in text
    assert "ĐẢNG BỘ QUẬN TÂY HỒ" in text


def test_a_worker_killed_mid_render_leaves_the_job_done_after_a_retry(worker_factory):
    """SIGKILL to a worker (and its pool child) while it renders: the row stays RUNNING until
    its lease expires, the sweeper re-queues it, another worker renders it. Never stuck."""
    import os
    import signal
    import uuid
    from datetime import timedelta

    from django.utils import timezone

    from congress_admin.celery import app as celery_app
    from reports import services

    previous_queue = celery_app.conf.task_default_queue
    queue = f"congress-kill-{uuid.uuid4().hex[:8]}"
    try:
        doomed, _log = worker_factory(
            queue_name=queue, REPORT_TEST_DELAY_SECONDS="30", REPORT_LEASE_SECONDS="5"
        )
        ward = OrganizationFactory(code="HN-TH", name="Đảng bộ quận Tây Hồ")
        job = services.request_report(
            user=None, organization=ward, kind=ReportKind.TEST, language="vi"
        )
        job = wait_for(job, statuses={JobStatus.RUNNING}, seconds=60)
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
        job.refresh_from_db()
        assert (job.status, job.attempts) == (JobStatus.RUNNING, 1)

        worker_factory(queue_name=queue)
        # The sweeper (celery beat's task in production) runs once the lease has expired.
        time.sleep(6)
        assert services.sweep_report_jobs(now=timezone.now() + timedelta(seconds=1)) == [
            str(job.pk)
        ]
        job = wait_for(job, statuses={JobStatus.DONE, JobStatus.FAILED})
        assert (job.status, job.attempts, job.error) == (JobStatus.DONE, 2, "")
        assert "Đảng bộ quận Tây Hồ" in pdf_text(job.file.open("rb").read())
    finally:
        celery_app.conf.task_default_queue = previous_queue


def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_done_after_a_retry(
    worker_factory, tmp_path_factory, settings
):
    """SIGKILL to a worker while it applies an import job, after it wrote the members inside
    the transaction: nothing stays written, the row stays RUNNING until its lease expires, the
    sweeper re-queues it and another worker imports the file once."""
    import os
    import signal
    import uuid
    from datetime import timedelta

    from django.utils import timezone

    from audit.models import AuditEvent
    from congress_admin.celery import app as celery_app
    from organizations import import_jobs
    from organizations.choices import ImportStatus
    from organizations.models import Member
    from tests.organizations.test_spreadsheets import member_row, xlsx

    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"  # the workers' storage
    previous_queue = celery_app.conf.task_default_queue
    queue = f"congress-import-kill-{uuid.uuid4().hex[:8]}"
    try:
        doomed, _log = worker_factory(
            queue_name=queue, IMPORT_TEST_DELAY_SECONDS="30", IMPORT_LEASE_SECONDS="5"
        )
        city = OrganizationFactory(code="HN", name="Đảng bộ thành phố Hà Nội")
        district = OrganizationFactory(code="HN-TH", name="Đảng bộ quận Tây Hồ", parent=city)
        ward = OrganizationFactory(code="HN-TH-P07", parent=district)
        cell = OrganizationFactory(code="HN-TH-P07-CB1", parent=ward)
        data = xlsx(members=[member_row(f"DV00{n}", cell.code) for n in range(3)])
        user = UserFactory(scope=district, role="staff")
        job = import_jobs.request_import(user=user, data=data, name="nhap.xlsx", language="vi")
        job = wait_for(job, statuses={ImportStatus.READY, ImportStatus.FAILED}, seconds=60)
        assert job.status == ImportStatus.READY, job.errors
        import_jobs.request_apply(job=job)
        job = wait_for(job, statuses={ImportStatus.RUNNING}, seconds=60)
        time.sleep(3)  # the members are written; the worker waits inside the transaction
        os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait(timeout=30)
        job.refresh_from_db()
        assert (job.status, job.attempts) == (ImportStatus.RUNNING, 1)
        assert not Member.objects.exists()

        worker_factory(queue_name=queue)
        time.sleep(6)  # the lease expires; celery beat's sweeper in production
        assert import_jobs.sweep_import_jobs(now=timezone.now() + timedelta(seconds=1)) == [
            str(job.pk)
        ]
        job = wait_for(job, statuses={ImportStatus.DONE, ImportStatus.FAILED})
        assert (job.status, job.attempts, job.error) == (ImportStatus.DONE, 2, "")
        assert Member.objects.count() == 3
        assert AuditEvent.objects.filter(action="spreadsheet.imported").count() == 1
    finally:
        celery_app.conf.task_default_queue = previous_queue


def test_short_load_run_loses_no_write(services_worker):
    """The CI version of bench/load.py: gunicorn, PostgreSQL, Redis and a worker under four
    locust users for five seconds; no 5xx, member corrections and progress reports made, and
    every accepted write counted and audited. The throughput targets are measured by the full
    run (docs/benchmarks.md), not here."""
    import re
    import subprocess
    import sys

    from django.conf import settings

    result = subprocess.run(
        [sys.executable, "bench/load.py", "--users", "4", "--seconds", "5", "--database",
         "congress_load_ci", "--port", "8766"],
        cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "consistency: every accepted write is counted and audited" in result.stdout
    assert " 0 5xx" in result.stdout
    # Both kinds of write were exercised (a task failing before its POST would count none).
    corrections = re.search(r"writes: (\d+) accepted", result.stdout)
    reports = re.search(r"progress reports: (\d+) sent", result.stdout)
    assert corrections, result.stdout[-3000:]
    assert reports, result.stdout[-3000:]
    assert int(corrections.group(1)) > 0
    assert int(reports.group(1)) > 0


def test_worker_counts_city_figures_into_the_shared_cache(client, services_worker, settings):
    """Beat's warming task and a stale page's recount, run by the real worker, write the city's
    figures into Redis (CACHE_URL), where the web process reads them."""
    import datetime

    from django.core.cache import cache
    from django.utils import timezone

    from organizations import figure_cache
    from organizations.tasks import warm_high_figures_task
    from tests.factories import MemberFactory

    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache"), "./dev test sets CACHE_URL"
    city = OrganizationFactory(code="HN", name="Đảng bộ thành phố Hà Nội")
    ward = OrganizationFactory(parent=OrganizationFactory(parent=city))
    cell = OrganizationFactory(parent=ward)
    MemberFactory(organization=cell)
    key = figure_cache.cache_key(
        "organizations.statistics.count_subtree_figures",
        city,
        {"as_of": timezone.localdate().isoformat()},
    )

    warm_high_figures_task.delay()
    entry = wait_for_cache(key, lambda entry: entry is not None)
    assert entry["figures"]["members"]["total"] == 1

    MemberFactory(organization=cell)
    entry["computed_at"] -= datetime.timedelta(seconds=settings.STATS_CACHE_SECONDS + 1)
    cache.set(key, entry)
    client.force_login(UserFactory(scope=city, role="leader"))
    stale = client.get(reverse("organizations:organization-detail", args=[city.pk]))
    assert stale.context["members"]["total"] == 1  # served at once; the worker recounts
    entry = wait_for_cache(key, lambda entry: entry["figures"]["members"]["total"] == 2)
    assert cache.get(f"{key}:recounting") is None


def wait_for_cache(key, done, seconds=60):
    from django.core.cache import cache

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        entry = cache.get(key)
        if done(entry):
            return entry
        time.sleep(0.2)
    raise AssertionError(f"the worker did not store {key} within {seconds} s")
