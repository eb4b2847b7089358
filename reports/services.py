"""Report jobs: request, claim, render, store, sweep.

The job row is the source of truth (see ReportJob). Celery only carries job ids; any number of
deliveries of the same id render at most once at a time, and the sweeper brings back jobs
whose worker died.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reports import tasks
from reports.choices import JobStatus
from reports.kinds import KINDS
from reports.models import ReportJob
from reports.rendering import font_urls, html_to_pdf

logger = logging.getLogger(__name__)


@transaction.atomic
def request_report(*, user, organization, kind, language, parameters=None):
    """Create a queued job for `organization` and publish it once the row is committed.

    The caller has checked that `user` may see `organization`. Side effects: one ReportJob
    row; one Celery message after commit (run in process when Celery is eager).
    """
    job = ReportJob.objects.create(
        kind=kind,
        organization=organization,
        parameters=parameters or {},
        language=language,
        requested_by=user,
    )
    tasks.render_report_task.delay_on_commit(str(job.pk))
    return job


def claim_job(job_id, *, now=None):
    """Take the job for this worker, or return None if it is not ours to run.

    One conditional UPDATE: the job must be queued, or running with an expired lease, and
    have attempts left. Zero rows means another worker has it, it is finished, or it has
    used up its attempts.
    """
    now = now or timezone.now()
    claimed = (
        ReportJob.objects.filter(pk=job_id, attempts__lt=settings.REPORT_MAX_ATTEMPTS)
        .filter(Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, lease_expires_at__lt=now))
        .update(
            status=JobStatus.RUNNING,
            attempts=F("attempts") + 1,
            lease_expires_at=now + timedelta(seconds=settings.REPORT_LEASE_SECONDS),
            started_at=now,
            error="",
        )
    )
    if claimed != 1:
        return None
    return ReportJob.objects.select_related("organization").get(pk=job_id)


def build_pdf(job):
    """The PDF bytes of `job`, rendered in the job's language with the job's date."""
    spec = KINDS[job.kind]
    with translation.override(job.language):
        context = {
            "job": job,
            "as_of": timezone.localtime(job.created_at),
            "fonts": font_urls(),
            **spec.build_context(job),
        }
        html = render_to_string(spec.template, context)
    return html_to_pdf(html)


def render_report(*, job_id):
    """Claim, render and store one job. Returns the job, or None if it was not claimed.

    Side effects: the job row moves RUNNING → DONE (file saved through the default storage)
    or FAILED (with a reason in the job's language). A database outage puts the job back in
    the queue and re-raises so the task retries with backoff.
    """
    job = claim_job(job_id)
    if job is None:
        logger.info("Report job %s not claimed (finished, taken or out of attempts)", job_id)
        return None
    try:
        pdf = build_pdf(job)
    except OperationalError:
        ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.QUEUED, lease_expires_at=None, queued_at=timezone.now()
        )
        raise
    except Exception as error:
        logger.exception("Report job %s failed to render", job.pk)
        with translation.override(job.language):
            reason = _("The report could not be rendered: %(error)s") % {
                "error": type(error).__name__
            }
        _finish(job, status=JobStatus.FAILED, error=reason)
        return job

    name = f"reports/{job.pk}.pdf"
    if default_storage.exists(name):  # a previous attempt got this far
        default_storage.delete(name)
    stored = default_storage.save(name, ContentFile(pdf))
    _finish(job, status=JobStatus.DONE, file=stored, sha256=hashlib.sha256(pdf).hexdigest())
    return job


def _finish(job, *, status, **fields):
    """End the attempt this worker claimed; a worker whose lease was taken over changes nothing."""
    finished = ReportJob.objects.filter(
        pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts
    ).update(status=status, lease_expires_at=None, finished_at=timezone.now(), **fields)
    if finished != 1:
        logger.warning(
            "Report job %s was taken over before attempt %s finished", job.pk, job.attempts
        )
    job.refresh_from_db()


def sweep_report_jobs(*, now=None):
    """Re-queue jobs whose worker died, fail those out of attempts, republish stale messages.

    Returns the ids republished. Safe to run concurrently with workers: every change is a
    conditional UPDATE, and a duplicate message is refused by claim_job.
    """
    now = now or timezone.now()
    expired = ReportJob.objects.filter(status=JobStatus.RUNNING, lease_expires_at__lt=now)
    for job in expired.filter(attempts__gte=settings.REPORT_MAX_ATTEMPTS).only("pk", "language"):
        with translation.override(job.language):
            reason = _("The report worker stopped %(attempts)s times; the job was abandoned.") % {
                "attempts": settings.REPORT_MAX_ATTEMPTS
            }
        ReportJob.objects.filter(
            pk=job.pk, status=JobStatus.RUNNING, lease_expires_at__lt=now
        ).update(status=JobStatus.FAILED, lease_expires_at=None, finished_at=now, error=reason)
    expired.filter(attempts__lt=settings.REPORT_MAX_ATTEMPTS).update(
        status=JobStatus.QUEUED, lease_expires_at=None, queued_at=now - _requeue_after()
    )

    stale = ReportJob.objects.filter(status=JobStatus.QUEUED, queued_at__lte=now - _requeue_after())
    job_ids = [str(pk) for pk in stale.values_list("pk", flat=True)]
    ReportJob.objects.filter(pk__in=job_ids, status=JobStatus.QUEUED).update(queued_at=now)
    for job_id in job_ids:
        tasks.render_report_task.delay_on_commit(job_id)
    if job_ids:
        logger.info("Sweeper republished %s report job(s)", len(job_ids))
    return job_ids


def _requeue_after():
    return timedelta(seconds=settings.REPORT_REQUEUE_AFTER_SECONDS)
