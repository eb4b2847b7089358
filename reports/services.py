"""Report jobs: request, claim, render, store, sweep.

The job row is the source of truth (see ReportJob). Celery only carries job ids; any number of
deliveries of the same id render at most once at a time, and the sweeper brings back jobs
whose worker died.
"""

import datetime
import hashlib
import json
import logging
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congresses import rulepacks
from core import jobs
from organizations.querysets import moves_read_once
from reports import tasks
from reports.choices import FileFormat, JobStatus
from reports.document import finish
from reports.excel import tables_to_xlsx
from reports.kinds import KINDS, build_context
from reports.kinds.common import _header, document_date
from reports.models import ReportJob
from reports.rendering import font_urls, html_to_pdf

logger = logging.getLogger(__name__)


# Requests a user makes within this window are counted against REPORT_JOBS_PER_USER_PER_MINUTE,
# and an identical one within it gets the job already made while that job is still pending. A
# finished job is not handed out again: the data may have changed since; a new job over
# unchanged data gets the finished file without rendering (the fingerprint, render_job).
REQUEST_WINDOW = datetime.timedelta(minutes=1)


class TooManyReports(Exception):
    """The user asked for REPORT_JOBS_PER_USER_PER_MINUTE reports within the last minute."""

    def __init__(self, limit):
        super().__init__(limit)
        self.limit = limit


def _same_parameters(first, second):
    return json.dumps(first or {}, sort_keys=True, default=str) == json.dumps(
        second or {}, sort_keys=True, default=str
    )


def _recent_request(*, user, organization, kind, language, parameters, file_format):
    """The pending job of an identical request `user` made within REQUEST_WINDOW, or None;
    raises TooManyReports when the user is at the limit. One query on the index of
    (requested_by, created_at), at most the limit's rows."""
    limit = settings.REPORT_JOBS_PER_USER_PER_MINUTE
    recent = list(
        ReportJob.objects.filter(
            requested_by=user, created_at__gte=timezone.now() - REQUEST_WINDOW
        ).order_by("-created_at")[:limit]
    )
    for job in recent:
        if (
            (job.kind, job.organization_id, job.language, job.file_format)
            == (kind, organization.pk, language, file_format)
            and job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
            and _same_parameters(job.parameters, parameters)
        ):
            return job
    if len(recent) >= limit:
        raise TooManyReports(limit)
    return None


@transaction.atomic
def request_report(*, user, organization, kind, language, parameters=None,
                   file_format=FileFormat.PDF):  # fmt: skip
    """Create a queued job for `organization` and publish it once the row is committed.

    The caller has checked that `user` may see `organization`. An identical request (kind,
    organization, language, format, parameters) the same user made within the last minute
    and still queued or running gets that job back, unchanged; past
    REPORT_JOBS_PER_USER_PER_MINUTE jobs in the last minute raises TooManyReports.
    Side effects: one ReportJob row; one Celery message after commit (run in process when
    Celery is eager).
    """
    if user is not None and user.is_authenticated:
        existing = _recent_request(
            user=user,
            organization=organization,
            kind=kind,
            language=language,
            parameters=parameters,
            file_format=file_format,
        )
        if existing is not None:
            return existing
    job = ReportJob.objects.create(
        kind=kind,
        organization=organization,
        parameters=parameters or {},
        language=language,
        file_format=file_format,
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
    claimed = jobs.claim(
        ReportJob,
        job_id,
        max_attempts=settings.REPORT_MAX_ATTEMPTS,
        lease_seconds=settings.REPORT_LEASE_SECONDS,
        now=now,
        started_at=now,
        error="",
    )
    if not claimed:
        return None
    return ReportJob.objects.select_related("organization").get(pk=job_id)


def _plain(value):
    """The context's data as JSON-ready values, for the fingerprint."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in sorted(value.items())}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return _plain(vars(value))
    if isinstance(value, set):
        return sorted(value)
    return str(value)


def fingerprint(context, *, job):
    """SHA-256 of what the document shows: its sections, title, letterhead and language."""
    data = {
        "kind": job.kind,
        "format": job.file_format,
        "language": job.language,
        "parameters": job.parameters,
        **{key: context[key] for key in ("title", "subtitle", "sections", "issuing_lines",
                                         "document_number", "report_date_text", "signature",
                                         "recipients")},
    }  # fmt: skip
    return hashlib.sha256(json.dumps(_plain(data), ensure_ascii=False).encode()).hexdigest()


def document_moment(job):
    """The moment a report's files are dated with (the PDF's CreationDate and ModDate, the
    workbook's created and modified): the start of the report's own date in local time
    (kinds.common.document_date), not the job's creation, so two jobs for the same data and
    parameters give the same bytes, whichever day they are made."""
    day = document_date(job, KINDS[job.kind])
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _full_context(job, own):
    """A kind's own context with the date, the fonts and the document's closing parts."""
    return finish(
        {"job": job, "as_of": document_moment(job), "fonts": font_urls(), **own},
        job,
    )


def _render_single(job):
    """(bytes, fingerprint) of a kind rendered from one template."""
    spec = KINDS[job.kind]
    with translation.override(job.language):
        context = _full_context(job, build_context(job))
        digest = fingerprint(context, job=job)
        if job.file_format == FileFormat.XLSX:
            return tables_to_xlsx(context), digest
        html = render_to_string(spec.template, context)
    return html_to_pdf(html), digest


def render_part(job, template, own):
    """The PDF of one part of an assembled kind: `own` (a title and sections) under `job`'s
    letterhead, in `job`'s language, rendered with `template`."""
    with translation.override(job.language):
        context = _full_context(job, {**_header(job, KINDS[job.kind]), **own})
        html = render_to_string(template, context)
    return html_to_pdf(html)


def build_files(job, progress=None):
    """(bytes, fingerprint, attached bytes or None) of `job`. A kind made of parts (the
    congress file) is assembled by its `assemble` function, which may attach a zip and calls
    `progress(done, total, label)` after each part."""
    spec = KINDS[job.kind]
    # The rules a document cites by their sources, not by the project's ids (R-RP-10).
    with moves_read_once(), rulepacks.citing_sources_only():
        if spec.assemble is None:
            return (*_render_single(job), None)
        return spec.assemble(
            job,
            render_kind=lambda part: _render_single(part)[0],
            render_part=render_part,
            progress=progress or (lambda done, total, label: None),
        )


def build_document(job):
    """(bytes, fingerprint) of `job`: its PDF (or workbook) in the job's language."""
    return build_files(job)[:2]


def build_pdf(job):
    """The PDF bytes of `job` (the render_report command and the tests)."""
    return build_document(job)[0]


def _reusable(job, digest):
    """A finished job that showed the same data in the same form, if any."""
    return (
        ReportJob.objects.filter(
            kind=job.kind,
            organization=job.organization_id,
            language=job.language,
            file_format=job.file_format,
            fingerprint=digest,
            status=JobStatus.DONE,
        )
        .exclude(pk=job.pk)
        .exclude(file="")
        .order_by("-finished_at")
        .first()
    )


def _requeue(job):
    """Put a running job back in the queue, its lease released."""
    ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.QUEUED, lease_expires_at=None, queued_at=timezone.now()
    )


def _store_file(job, pdf, extension=None):
    """Save the rendered file under the job's name, replacing a previous attempt's; returns
    the name stored."""
    name = f"reports/{job.pk}.{extension or job.file_format}"
    if default_storage.exists(name):  # a previous attempt got this far
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(pdf))


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
    if settings.REPORT_TEST_DELAY_SECONDS:  # the worker-kill test's window, never in production
        time.sleep(settings.REPORT_TEST_DELAY_SECONDS)
    try:
        pdf, digest, bundle = build_files(job, progress=lambda *step: _progress(job, *step))
    except OperationalError:
        _requeue(job)
        raise
    except ValidationError as error:
        # The parameters name nothing in this organization (a deleted congress...): say so.
        with translation.override(job.language):
            reason = " ".join(error.messages)
        _finish(job, status=JobStatus.FAILED, error=reason)
        return job
    except Exception as error:
        logger.exception("Report job %s failed to render", job.pk)
        with translation.override(job.language):
            reason = _("The report could not be rendered: %(error)s") % {
                "error": type(error).__name__
            }
        _finish(job, status=JobStatus.FAILED, error=reason)
        return job

    previous = _reusable(job, digest)
    if previous is not None and default_storage.exists(previous.file.name):
        # Unchanged data: the existing file is the answer; nothing is rendered twice.
        _finish(
            job,
            status=JobStatus.DONE,
            file=previous.file.name,
            bundle=previous.bundle.name,
            sha256=previous.sha256,
            fingerprint=digest,
        )
        return job
    stored = _store_file(job, pdf)
    _finish(
        job,
        status=JobStatus.DONE,
        file=stored,
        bundle=_store_file(job, bundle, "zip") if bundle is not None else "",
        sha256=hashlib.sha256(pdf).hexdigest(),
        fingerprint=digest,
    )
    return job


def _progress(job, done, total, label):
    """Note on the job row which part of an assembled kind is rendered ("3/8 · …")."""
    ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING, attempts=job.attempts).update(
        progress=f"{done}/{total} · {label}"[:200]
    )


def _finish(job, *, status, **fields):
    """End the attempt this worker claimed; a worker whose lease was taken over changes nothing."""
    finished = jobs.finish(job, status=status, finished_at=timezone.now(), **fields)
    if not finished:
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
    expired = jobs.expired(ReportJob, now=now)
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
    return datetime.timedelta(seconds=settings.REPORT_REQUEUE_AFTER_SECONDS)
