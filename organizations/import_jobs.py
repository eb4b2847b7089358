"""Import jobs: a spreadsheet too large for a request, checked and applied by a worker.

The job row is the truth (see ImportJob); claim and lease are core.jobs', as for the report
jobs. The check phase reads and plans the file without writing (the preview: counts, every
error, the first rows of each kind); the requester confirms and the apply phase reads and plans
it again inside the one transaction that writes it (spreadsheets.import_workbook), so a worker
that dies leaves nothing written, and the job is taken again once its lease has expired (the
sweeper). The job is marked done (or failed) in that same transaction, by the attempt that
still holds it: the data and the job's status commit together or not at all.

Two imports of overlapping subtrees never apply at once (hold_scope, first inside the apply's
transaction, before the file is read and planned): on PostgreSQL each apply holds transaction-level
advisory locks on its subtree (exclusive) and on the paths above it (shared), so an
overlapping one waits until the first has committed; on SQLite every transaction is IMMEDIATE
(settings), so the apply holds the database's write lock from its first statement and another
waits for it (up to the connection's timeout, then the job is queued again). Once it holds
them it refuses itself if an overlapping import still shows as running and ranks earlier.
"""

import contextlib
import functools
import hashlib
import logging
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import jobs
from organizations import spreadsheets, tasks
from organizations.choices import ImportPhase, ImportStatus
from organizations.models import ImportJob, Organization
from organizations.spreadsheets.applying import _common_ancestor_path

logger = logging.getLogger(__name__)

# Rows of each kind kept for the preview page (the counts cover all of them).
PREVIEW_ROWS = 200
STAGES = ("read", "validated", "written")


class ImportBusy(Exception):
    """Another import of an overlapping subtree is being applied."""

    def __init__(self):
        super().__init__(
            _(
                "Another import of this part of the tree is running. Import this file when it "
                "has finished."
            )
        )


def needs_job(data):
    """True if the .xlsx `data` has more rows than IMPORT_BACKGROUND_ROWS (counted before
    parsing); False for a smaller file or one check_archive refuses (the request says why)."""
    try:
        scan = spreadsheets.check_archive(data=data)
    except spreadsheets.SpreadsheetError:
        return False
    return scan.rows > settings.IMPORT_BACKGROUND_ROWS


@transaction.atomic
def request_import(*, user, data, name, language):
    """A queued check of the .xlsx `data`, published once the row is committed.

    Side effects: the file saved through the default storage (imports/jobs/), one row, one
    Celery message after commit.
    """
    job = ImportJob(requested_by=user, language=language, file_name=name[:200])
    job.sha256 = hashlib.sha256(data).hexdigest()
    job.file.save(f"{job.pk.hex}.xlsx", ContentFile(data), save=False)
    job.save()
    tasks.run_import_job_task.delay_on_commit(str(job.pk))
    return job


def _overlaps(first, second):
    return first.startswith(second) or second.startswith(first)


def busy(scope_path, *, job=None, now=None):
    """True if an import of a subtree overlapping `scope_path` is being applied: one whose
    lease is still running, begun before `job` (the earlier of two wins)."""
    now = now or timezone.now()
    running = ImportJob.objects.filter(
        phase=ImportPhase.APPLY, status=ImportStatus.RUNNING, lease_expires_at__gte=now
    ).values_list("pk", "scope_path", "started_at")
    for pk, path, started_at in running:
        if job is not None and (pk == job.pk or (started_at or now, str(pk)) > _rank(job)):
            continue
        if _overlaps(path, scope_path):
            return True
    return False


# The first key of the imports' advisory locks on PostgreSQL (the second is the path's hash).
LOCK_SPACE = 20_020


def hold_scope(scope_path, *, job=None):
    """Inside the apply's transaction: wait until no other import is applying to a subtree
    overlapping `scope_path`, keep it so until this transaction ends, then raise ImportBusy
    if an overlapping import still shows as running and ranks before `job` (a synchronous
    import, `job` None, gives way to every one).

    Side effects: PostgreSQL advisory locks held to the end of the transaction; on SQLite
    the transaction already holds the database's write lock (IMMEDIATE, see settings).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("hold_scope must run inside the import's transaction")
    if connection.vendor == "postgresql":
        _lock_paths(scope_path)
    if busy(scope_path, job=job):
        raise ImportBusy


def _lock_paths(scope_path):
    """Shared locks on every path above `scope_path` ("" is the whole tree), root first, then
    an exclusive one on `scope_path`: two overlapping subtrees meet on the upper one's path.
    A collision of two paths' hashes only makes an import wait for an unrelated one."""
    above = [scope_path[:end] for end in range(0, len(scope_path), Organization.STEP)]
    with connection.cursor() as cursor:
        for path in above:
            cursor.execute(
                "SELECT pg_advisory_xact_lock_shared(%s, hashtext(%s))", [LOCK_SPACE, path]
            )
        cursor.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [LOCK_SPACE, scope_path])


def refuse_when_busy(plan):
    """For import_workbook's before_apply: ImportAborted when an import of an overlapping
    subtree is being applied (the synchronous import of a small file)."""
    try:
        hold_scope(_scope_path(plan))
    except ImportBusy as refused:
        raise spreadsheets.ImportAborted(spreadsheets.CellError(message=str(refused))) from None


def _rank(job):
    return (job.started_at, str(job.pk))


@transaction.atomic
def request_apply(*, job):
    """Queue the apply of a checked job (its requester confirmed). Raises ImportBusy when an
    overlapping import is running. Returns False if the job was no longer waiting."""
    if busy(job.scope_path):
        raise ImportBusy
    queued = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.READY).update(
        status=ImportStatus.QUEUED,
        phase=ImportPhase.APPLY,
        attempts=0,
        error="",
        queued_at=timezone.now(),
    )
    if queued:
        cache.delete(progress_key(job))
        tasks.run_import_job_task.delay_on_commit(str(job.pk))
    return bool(queued)


def cancel(*, job):
    """Cancel a job not yet applying; True if it was. Side effects: its file deleted."""
    cancellable = ImportJob.objects.filter(pk=job.pk).exclude(
        phase=ImportPhase.APPLY, status=ImportStatus.RUNNING
    )
    cancelled = cancellable.filter(
        status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING, ImportStatus.READY)
    ).update(status=ImportStatus.CANCELLED, lease_expires_at=None, finished_at=timezone.now())
    if cancelled:
        _delete_file(job)
    return bool(cancelled)


# --- Progress -------------------------------------------------------------------------------


def progress_key(job):
    return f"organizations:import-job:{job.pk}"


def progress(job):
    """The worker's live figures (kept in the cache, which the apply's transaction does not
    hide), else the row's last ones: rows "read", "validated", "compared", "written" of
    "total"; bytes of XML checked, "file" of "file_total" (0 when not known; "file_max" for
    the bar); seconds spent "opening" the sheet,
    of "opening_total" bytes (0 when not opening)."""
    live = cache.get(progress_key(job)) or {}
    figures = {stage: live.get(stage, getattr(job, f"rows_{stage}")) for stage in STAGES}
    figures["compared"] = live.get("compared", figures["validated"])
    figures["total"] = max(job.rows_total, figures["read"], 1)
    figures["file_total"] = live.get("file_total", 0)  # 0: not known (not live)
    if figures["file_total"]:
        figures["file"] = live.get("file", 0)
    else:  # the file was checked before a row was read
        figures["file"] = 1 if figures["read"] else 0
    figures["file_max"] = figures["file_total"] or 1
    opening = not figures["read"] and "opening" in live
    figures["opening"] = live["opening"] if opening else 0
    figures["opening_total"] = live.get("opening_total", 0) if opening else 0
    figures["saving"] = live.get("saving")  # None: not committing
    return figures


# The stages a job reports beyond STAGES (which its row keeps): live only.
LIVE_STAGES = ("file", "opening", "compared")

# Seconds between two reports while the apply's transaction commits.
SAVING_EVERY = 1.0


@contextlib.contextmanager
def reporting_commit(report):
    """For an atomic block inside this one: yields `committing`, to be called as the block's
    last statement, after which `report("saving", seconds)` is told every SAVING_EVERY
    seconds until the block's COMMIT has returned. The commit is one call with nothing to
    report, and not always short: SQLite copies its write-ahead log back into the database
    file in it (4.4 s after a city's 450,000 new members, docs/benchmarks.md), which the
    progress bar would otherwise sit through without an update. The commit releases the GIL
    (both drivers wait for the database without it), so the reports go on from a thread;
    `report` must be safe to call from one (the cache's `set` is)."""
    stop = threading.Event()
    ticker = None

    def tick(started):
        while not stop.wait(SAVING_EVERY):
            report("saving", round(time.monotonic() - started))

    def committing():
        nonlocal ticker
        report("saving", 0)
        ticker = threading.Thread(
            target=tick, args=(time.monotonic(),), name="import-commit", daemon=True
        )
        ticker.start()

    try:
        yield committing
    finally:
        stop.set()
        if ticker is not None:
            ticker.join()


def _reporter(job):
    figures = dict.fromkeys(STAGES + LIVE_STAGES, 0)

    def report(stage, done, total=None):
        figures[stage] = done
        if total is not None:
            figures[f"{stage}_total"] = total
        cache.set(progress_key(job), figures, settings.IMPORT_LEASE_SECONDS)

    return report, figures


# --- The worker -----------------------------------------------------------------------------


def run_import_job(*, job_id):
    """Claim one job and run its phase (check or apply); the job, or None if not claimed.

    A database outage puts the job back in the queue and re-raises (the task retries); any
    other error fails the job (nothing written: the apply is one transaction).
    """
    with jobs.claimed(
        ImportJob,
        job_id,
        max_attempts=settings.IMPORT_MAX_ATTEMPTS,
        lease_seconds=settings.IMPORT_LEASE_SECONDS,
        related=("requested_by",),
    ) as job:
        if job is None:
            return None
        try:
            _run_phase(job)
        except OperationalError:
            jobs.requeue(job)
            raise
        except Exception as error:
            logger.exception("Import job %s failed", job.pk)
            reason = _("The import stopped (%(error)s); nothing was written.") % {
                "error": type(error).__name__
            }
            _finish(job, status=ImportStatus.FAILED, error=reason)
    job.refresh_from_db()
    return job


def _run_phase(job):
    if job.requested_by is None or not job.requested_by.is_active:
        _finish(job, status=ImportStatus.FAILED, error=_("The account that asked for it is gone."))
    elif job.phase == ImportPhase.CHECK:
        _check(job)
    else:
        try:
            _apply(job)
        except ImportBusy as refused:  # raised inside the apply's transaction: nothing written
            ImportJob.objects.filter(
                pk=job.pk, status=ImportStatus.RUNNING, attempts=job.attempts
            ).update(status=ImportStatus.READY, lease_expires_at=None, error=str(refused))


def _read_file(job):
    with job.file.open("rb") as stored:
        return stored.read(spreadsheets.MAX_FILE_SIZE + 1)


def _check(job):
    report, figures = _reporter(job)
    plan = spreadsheets.import_workbook(
        source=_read_file(job),
        user=job.requested_by,
        dry_run=True,
        name=job.file_name,
        on_progress=report,
    )
    fields = {
        "counts": plan.counts,
        "errors": [vars(error) for error in plan.errors],
        "preview": preview_data(plan),
        "scope_path": _scope_path(plan),
        "rows_total": figures["read"],
        "rows_read": figures["read"],
        "rows_validated": figures["validated"],
    }
    if plan.errors:
        _finish(job, status=ImportStatus.FAILED, **fields)
    elif not plan.has_changes:
        _finish(job, status=ImportStatus.DONE, **fields)
    else:
        _finish(job, status=ImportStatus.READY, keep_file=True, **fields)


class _TakenOver(Exception):
    """The job is no longer this attempt's (its lease ran out and another took it)."""


def _apply(job):
    """Apply the checked file and end the job in one transaction: the data and the job's
    status commit together, and an attempt that lost the job writes nothing."""
    report, figures = _reporter(job)
    if settings.IMPORT_TEST_DELAY_SECONDS:  # the worker-kill test's window, never in production
        report = _pausing(report)
    try:
        with reporting_commit(report) as committing, transaction.atomic():
            hold_scope(job.scope_path, job=job)
            plan = spreadsheets.import_workbook(
                source=_read_file(job),
                user=job.requested_by,
                name=job.file_name,
                on_progress=report,
                before_apply=functools.partial(_hold_plan_scope, job=job),
                held_scope=job.scope_path,  # held just above: written as it is planned
            )
            fields = {
                "counts": plan.counts,
                "errors": [vars(error) for error in plan.errors],
                **{f"rows_{stage}": figures[stage] for stage in STAGES},
            }
            status = ImportStatus.DONE if plan.applied else ImportStatus.FAILED
            if not jobs.finish(job, status=status, finished_at=timezone.now(), **fields):
                raise _TakenOver
            transaction.on_commit(functools.partial(_finished, job))
            if plan.applied and plan.has_changes:
                # The high organizations' figures are counted again once, for the whole import.
                transaction.on_commit(tasks.warm_high_figures_task.delay)
            if plan.applied:
                committing()  # the page hears "saving" until the COMMIT has returned
    except _TakenOver:
        logger.warning("Import job %s was taken over; its apply was rolled back", job.pk)


def _hold_plan_scope(plan, *, job):
    """The subtree the plan changes, held too when the database changed since the check
    so that it reaches beyond the job's subtree."""
    scope_path = _scope_path(plan)
    if not scope_path.startswith(job.scope_path):
        hold_scope(scope_path, job=job)


def _pausing(report):
    def pause_after_writing(stage, rows, total=None):
        report(stage, rows, total)
        if stage == "written":
            time.sleep(settings.IMPORT_TEST_DELAY_SECONDS)

    return pause_after_writing


def _finish(job, *, status, keep_file=False, **fields):
    """End the attempt this worker claimed (nothing if it was cancelled or taken over)."""
    if not jobs.finish(job, status=status, finished_at=timezone.now(), **fields):
        logger.warning("Import job %s was cancelled or taken over", job.pk)
        return
    _finished(job, keep_file=keep_file)


def _finished(job, *, keep_file=False):
    cache.delete(progress_key(job))
    if not keep_file:
        _delete_file(job)


def _delete_file(job):
    if job.file.name:
        job.file.storage.delete(job.file.name)
        ImportJob.objects.filter(pk=job.pk).update(file="")


def _scope_path(plan):
    """The path of the deepest organization above everything the plan names."""
    codes = {row.code for row in plan.organizations}
    codes |= {row.final_parent for row in plan.organizations if row.final_parent}
    codes |= {row.organization_code for row in plan.members if row.organization_code}
    paths = list(Organization.objects.filter(code__in=codes).values_list("path", flat=True))
    paths += [row.existing.org_path for row in plan.members if row.existing is not None]
    if any(row.existing is None and not row.final_parent for row in plan.organizations):
        return ""  # a new root: the whole tree
    return _common_ancestor_path(paths)


# --- The preview kept on the row -------------------------------------------------------------


def _changes(row):
    return [
        {"label": str(change.label), "before_shown": change.before_shown,
         "after_shown": change.after_shown}
        for change in row.changes
    ]  # fmt: skip


def preview_data(plan):
    """The first PREVIEW_ROWS rows of each kind, shaped as the preview template reads them."""
    rows = functools.partial(_first, plan)
    return {
        "organization_creates": rows("organizations", "create", lambda row: {
            "row": row.row, "code": row.code, "name": row.name,
            "kind": {"name": row.kind.name if row.kind else ""}, "final_parent": row.final_parent,
        }),
        "organization_updates": rows("organizations", "update", lambda row: {
            "row": row.row, "code": row.code, "changes": _changes(row),
        }),
        "member_creates": rows("members", "create", lambda row: {
            "row": row.row, "code": row.code,
            "values": {"full_name": row.values.get("full_name")},
            "organization_code": row.organization_code,
        }),
        "member_updates": rows("members", "update", lambda row: {
            "row": row.row, "code": row.code, "existing": {"full_name": row.existing.full_name},
            "changes": _changes(row),
        }),
        "possible_duplicates": [list(item) for item in plan.possible_duplicates[:PREVIEW_ROWS]],
    }  # fmt: skip


def _first(plan, kind, action, shape):
    return [shape(row) for row in plan.rows(kind, action)[:PREVIEW_ROWS]]


# --- The sweeper ----------------------------------------------------------------------------


def sweep_import_jobs(*, now=None):
    """Re-queue jobs whose worker died, fail those out of attempts, republish stale messages,
    cancel checked files left unconfirmed longer than a session lives. Returns the ids
    republished. Every change is a conditional UPDATE (safe beside running workers)."""
    now = now or timezone.now()
    expired = jobs.expired(ImportJob, now=now)
    for job in expired.filter(attempts__gte=settings.IMPORT_MAX_ATTEMPTS):
        with translation.override(job.language):
            reason = _("The import worker stopped %(attempts)s times; nothing was written.") % {
                "attempts": settings.IMPORT_MAX_ATTEMPTS
            }
        if jobs.finish(job, status=ImportStatus.FAILED, finished_at=now, error=reason):
            _delete_file(job)
    expired.filter(attempts__lt=settings.IMPORT_MAX_ATTEMPTS).update(
        status=ImportStatus.QUEUED, lease_expires_at=None, queued_at=now - _requeue_after()
    )
    left = now - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for job in ImportJob.objects.filter(status=ImportStatus.READY, finished_at__lt=left):
        cancel(job=job)
    stale = ImportJob.objects.filter(
        status=ImportStatus.QUEUED, queued_at__lte=now - _requeue_after()
    )
    job_ids = [str(pk) for pk in stale.values_list("pk", flat=True)]
    ImportJob.objects.filter(pk__in=job_ids, status=ImportStatus.QUEUED).update(queued_at=now)
    for job_id in job_ids:
        tasks.run_import_job_task.delay_on_commit(job_id)
    return job_ids


def _requeue_after():
    return timedelta(seconds=settings.REPORT_REQUEUE_AFTER_SECONDS)
