"""Export jobs: the workbook of a subtree too large for a request, written by a worker.

The job row is the truth (see ExportJob); claim and lease are core.jobs', as for the import and
report jobs. The worker streams the workbook (spreadsheets.export_workbook, write-only sheets)
into a temporary file, then saves it through the default storage; the rows written are kept
on the row as it goes (an export writes nothing else, so no transaction hides them). The
requester must still see the organization when the worker runs, and when downloading.
"""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import OperationalError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import asof, jobs
from organizations import spreadsheets, tasks
from organizations.choices import ExportStatus
from organizations.models import ExportJob, Member, Organization

logger = logging.getLogger(__name__)


def needs_job(organization, *, as_of):
    """True if the subtree of `organization` has more members on `as_of` than
    EXPORT_BACKGROUND_ROWS."""
    members = Member.objects.in_subtree_on(organization, as_of).on(as_of)
    return members[: settings.EXPORT_BACKGROUND_ROWS + 1].count() > settings.EXPORT_BACKGROUND_ROWS


def request_export(*, user, organization, as_of, language):
    """The user's pending export of `organization` on `as_of`, or a new queued one published
    on commit.

    Side effects: at most one row and one Celery message.
    """
    pending = ExportJob.objects.filter(
        requested_by=user,
        organization=organization,
        as_of=as_of,
        status__in=(ExportStatus.QUEUED, ExportStatus.RUNNING),
    ).first()
    if pending is not None:
        return pending
    job = ExportJob.objects.create(
        requested_by=user, organization=organization, as_of=as_of, language=language
    )
    tasks.run_export_job_task.delay_on_commit(str(job.pk))
    return job


def progress(job):
    """{"written", "total"}: the rows written so far and the rows of the export."""
    return {"written": job.rows_written, "total": max(job.rows_total, job.rows_written, 1)}


def export_file_name(organization, as_of):
    """The name an export of `organization` on `as_of` is downloaded under."""
    if as_of is None:  # a job asked for before exports were dated
        return f"{organization.code}.xlsx"
    return f"{organization.code}-{as_of:%Y%m%d}.xlsx"


def file_name(job):
    return export_file_name(job.organization, job.as_of)


# --- The worker -----------------------------------------------------------------------------


def run_export_job(*, job_id):
    """Claim one job and write its workbook; the job, or None if not claimed.

    A database outage puts the job back in the queue and re-raises (the task retries); any
    other error fails the job.
    """
    with jobs.claimed(
        ExportJob,
        job_id,
        max_attempts=settings.EXPORT_MAX_ATTEMPTS,
        lease_seconds=settings.EXPORT_LEASE_SECONDS,
        related=("requested_by", "organization"),
    ) as job:
        if job is None:
            return None
        try:
            _run(job)
        except OperationalError:
            jobs.requeue(job)
            raise
        except Exception as error:
            logger.exception("Export job %s failed", job.pk)
            reason = _("The export stopped (%(error)s).") % {"error": type(error).__name__}
            jobs.finish(job, status=ExportStatus.FAILED, finished_at=timezone.now(), error=reason)
    job.refresh_from_db()
    return job


def _may_export(job):
    user = job.requested_by
    if user is None or not user.is_active:
        return False
    return Organization.objects.visible_to(user).filter(pk=job.organization_id).exists()


def _run(job):
    if not _may_export(job):
        jobs.finish(
            job,
            status=ExportStatus.FAILED,
            finished_at=timezone.now(),
            error=_("The account that asked for it no longer sees this organization."),
        )
        return
    # A job asked for before exports were dated shows the day it runs, as it did.
    as_of = job.as_of or asof.today()
    total = sum(spreadsheets.export_rows(job.organization, as_of=as_of))
    _ours(job).update(rows_total=total, rows_written=0)
    with tempfile.TemporaryFile() as output:
        spreadsheets.export_workbook(
            root=job.organization, as_of=as_of, target=output, on_progress=_reporter(job)
        )
        output.seek(0)
        job.file.save(f"{job.pk.hex}.xlsx", File(output), save=False)
    if not jobs.finish(
        job, status=ExportStatus.DONE, finished_at=timezone.now(), file=job.file.name
    ):
        logger.warning("Export job %s was taken over", job.pk)
        job.file.storage.delete(job.file.name)


def _ours(job):
    """The job's row while this worker's attempt holds it."""
    return ExportJob.objects.filter(pk=job.pk, status=ExportStatus.RUNNING, attempts=job.attempts)


def _reporter(job):
    def report(rows):
        _ours(job).update(rows_written=rows)

    return report


# --- The sweeper ----------------------------------------------------------------------------


def sweep_export_jobs(*, now=None):
    """Re-queue jobs whose worker died, fail those out of attempts, republish stale messages,
    delete the files of jobs finished longer ago than a session lives. Returns the ids
    republished. Every change is a conditional UPDATE (safe beside running workers)."""
    now = now or timezone.now()
    expired = jobs.expired(ExportJob, now=now)
    for job in expired.filter(attempts__gte=settings.EXPORT_MAX_ATTEMPTS):
        with translation.override(job.language):
            reason = _("The export worker stopped %(attempts)s times.") % {
                "attempts": settings.EXPORT_MAX_ATTEMPTS
            }
        jobs.finish(job, status=ExportStatus.FAILED, finished_at=now, error=reason)
    requeue_after = timedelta(seconds=settings.REPORT_REQUEUE_AFTER_SECONDS)
    expired.filter(attempts__lt=settings.EXPORT_MAX_ATTEMPTS).update(
        status=ExportStatus.QUEUED, lease_expires_at=None, queued_at=now - requeue_after
    )
    _delete_old_files(now - timedelta(seconds=settings.SESSION_COOKIE_AGE))
    stale = ExportJob.objects.filter(status=ExportStatus.QUEUED, queued_at__lte=now - requeue_after)
    job_ids = [str(pk) for pk in stale.values_list("pk", flat=True)]
    ExportJob.objects.filter(pk__in=job_ids, status=ExportStatus.QUEUED).update(queued_at=now)
    for job_id in job_ids:
        tasks.run_export_job_task.delay_on_commit(job_id)
    return job_ids


def _delete_old_files(before):
    old = ExportJob.objects.filter(status=ExportStatus.DONE, finished_at__lt=before).exclude(
        file=""
    )
    for job in old:
        job.file.storage.delete(job.file.name)
        ExportJob.objects.filter(pk=job.pk).update(file="")
