from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from reports import services
from reports.choices import JobStatus, ReportKind
from reports.kinds import KindSpec
from reports.models import ReportJob
from tests.factories import OrganizationFactory, UserFactory
from tests.pdf import embedded_fonts, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward():
    district = OrganizationFactory(code="HN-TH", name="Đảng bộ quận Tây Hồ")
    ward = OrganizationFactory(code="HN-TH-P07", name="Đảng bộ phường Xuân La", parent=district)
    OrganizationFactory.create_batch(3, parent=ward)
    return ward


def request_test_report(ward, language="vi"):
    user = UserFactory(scope=ward, role="staff")
    return services.request_report(
        user=user, organization=ward, kind=ReportKind.TEST, language=language
    )


def test_request_report_renders_pdf_with_vietnamese_text_after_commit(
    ward, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = request_test_report(ward)

    job.refresh_from_db()
    assert len(callbacks) == 1
    assert job.status == JobStatus.DONE
    assert job.attempts == 1
    data = default_storage.open(job.file.name).read()
    assert data.startswith(b"%PDF-")
    text = pdf_text(data)
    assert "Đảng bộ phường Xuân La" in text
    assert "ĐẢNG BỘ QUẬN TÂY HỒ" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Tổ chức đảng theo loại hình" in text  # the table's title, in Vietnamese
    assert "Đảng bộ cơ sở 3" in text  # the three organizations under the ward
    assert embedded_fonts(data) == {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",  # "Nơi nhận:"
    }


def test_request_report_in_english_uses_english_text(ward, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = request_test_report(ward, language="en")

    job.refresh_from_db()
    text = pdf_text(default_storage.open(job.file.name).read())
    assert "TEST REPORT" in text
    assert "Organizations by kind" in text
    assert "COMMUNIST PARTY OF VIETNAM" in text


def test_same_job_renders_byte_identical_pdf(ward):
    job = request_test_report(ward)  # not rendered: on_commit never fires inside the test

    first = services.build_pdf(job)
    second = services.build_pdf(job)

    assert first == second


def test_claim_refuses_a_second_delivery_of_a_running_job(ward):
    job = request_test_report(ward)
    assert services.claim_job(job.pk) is not None

    duplicate = services.claim_job(job.pk)

    assert duplicate is None
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RUNNING, 1)


def test_render_of_a_finished_job_does_nothing(ward):
    job = request_test_report(ward)
    services.render_report(job_id=job.pk)
    job.refresh_from_db()
    first_file = job.file.name

    assert services.render_report(job_id=job.pk) is None

    job.refresh_from_db()
    assert (job.status, job.attempts, job.file.name) == (JobStatus.DONE, 1, first_file)


def test_render_failure_marks_job_failed_with_reason(ward, monkeypatch):
    job = request_test_report(ward)

    def broken(job):
        raise RuntimeError("boom")

    monkeypatch.setitem(
        services.KINDS, ReportKind.TEST, KindSpec("reports/pdf/report.html", broken)
    )
    services.render_report(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "Không thể tạo báo cáo: RuntimeError"
    assert job.file.name == ""


def test_sweeper_requeues_a_job_whose_worker_died_and_it_then_completes(
    ward, settings, django_capture_on_commit_callbacks
):
    job = request_test_report(ward)
    services.claim_job(job.pk)  # a worker took it, then died
    later = timezone.now() + timedelta(seconds=settings.REPORT_LEASE_SECONDS + 1)

    with django_capture_on_commit_callbacks(execute=True):
        republished = services.sweep_report_jobs(now=later)

    job.refresh_from_db()
    assert republished == [str(job.pk)]
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)


def test_sweeper_fails_a_job_out_of_attempts(ward, settings):
    settings.REPORT_MAX_ATTEMPTS = 1
    job = request_test_report(ward)
    services.claim_job(job.pk)
    later = timezone.now() + timedelta(seconds=settings.REPORT_LEASE_SECONDS + 1)

    republished = services.sweep_report_jobs(now=later)

    job.refresh_from_db()
    assert republished == []
    assert job.status == JobStatus.FAILED
    assert job.error == "Tiến trình tạo báo cáo đã dừng 1 lần; công việc bị hủy."


def test_sweeper_leaves_fresh_jobs_alone(ward):
    queued = request_test_report(ward)
    running = request_test_report(ward)
    services.claim_job(running.pk)

    republished = services.sweep_report_jobs()

    assert republished == []
    assert list(ReportJob.objects.order_by("status").values_list("pk", "status")) == [
        (queued.pk, JobStatus.QUEUED),
        (running.pk, JobStatus.RUNNING),
    ]
