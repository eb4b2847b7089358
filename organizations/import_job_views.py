"""An import job's page: its progress (polled with htmx), its preview, apply and cancel.

A job is shown to the user who asked for it only (and never once that user has lost every
tree role); what it writes is checked against that user's scope when it is applied.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from organizations import access, import_jobs
from organizations.choices import ImportPhase, ImportStatus
from organizations.job_views import job_page_views
from organizations.models import ImportJob
from organizations.spreadsheet_views import PREVIEW_ROWS


def _own_job(request, pk):
    access.require_tree_role(request.user)
    return get_object_or_404(ImportJob, pk=pk, requested_by=request.user)


# The progress bars (after the file's own check, in bytes): rows read, their cells checked,
# compared with the database, written.
STAGES = (
    ("read", gettext_lazy("Rows read")),
    ("validated", gettext_lazy("Rows checked")),
    ("compared", gettext_lazy("Rows compared with the database")),
    ("written", gettext_lazy("Rows written")),
)


def _context(job):
    progress = import_jobs.progress(job)
    stages = [{"key": key, "label": label, "rows": progress[key]} for key, label in STAGES]
    if job.phase == ImportPhase.CHECK:
        stages.pop()  # a check writes nothing
    return {
        "job": job,
        "progress": progress,
        "stages": stages,
        "plan": {"name": job.file_name, "errors": job.errors, **job.preview},
        "counts": job.counts,
        "limit": PREVIEW_ROWS,
        "confirmable": job.status == ImportStatus.READY,
        **job.preview,
    }


# The job: its progress bars while a worker has it, then its preview or its outcome.
import_job, import_job_progress = job_page_views(
    own_job=_own_job,
    context=_context,
    template="organizations/import_job.html",
    progress_template="organizations/includes/import_job_progress.html",
)


@login_required
@require_POST
def import_job_apply(request, pk):
    """Apply a checked job (its requester confirms the preview)."""
    job = _own_job(request, pk)
    try:
        queued = import_jobs.request_apply(job=job)
    except import_jobs.ImportBusy as busy:
        messages.error(request, str(busy))
    else:
        if not queued:
            messages.error(request, _("This import is no longer waiting for confirmation."))
    return redirect("organizations:organization-import-job", pk=job.pk)


@login_required
@require_POST
def import_job_cancel(request, pk):
    """Cancel a job before it is applied; its file is deleted."""
    job = _own_job(request, pk)
    if import_jobs.cancel(job=job):
        messages.success(request, _("The import was cancelled; nothing was written."))
        return redirect("organizations:organization-import")
    messages.error(request, _("This import can no longer be cancelled."))
    return redirect("organizations:organization-import-job", pk=job.pk)
