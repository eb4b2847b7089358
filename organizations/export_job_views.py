"""An export too large for a request: asked for on its own page, written by a worker, its
progress polled with htmx, then downloaded. A job is shown to the user who asked for it only,
and only while that user still sees its organization."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from core.asof import (
    AS_OF_FIRST_YEAR,
    AS_OF_LAST_YEAR,
    page_as_of,
    page_context,
    parse_as_of,
    today,
)
from organizations import access, export_jobs
from organizations.choices import ExportStatus
from organizations.job_views import job_page_views
from organizations.models import ExportJob

# The user's latest export jobs of the organization listed on the request page.
RECENT_JOBS = 5


def _own_job(request, pk):
    job = get_object_or_404(
        ExportJob.objects.select_related("organization"), pk=pk, requested_by=request.user
    )
    access.get_visible_organization_or_404(request.user, job.organization_id)
    return job


def _posted_as_of(request):
    """The date the GET page showed (its hidden field); today when it does not read, as
    core.asof.as_of_from reads a query parameter (the job's page then says which date)."""
    try:
        day = parse_as_of((request.POST.get("as_of") or "")[:20])
    except (TypeError, ValueError):
        return today()
    return day if AS_OF_FIRST_YEAR <= day.year <= AS_OF_LAST_YEAR else today()


def _context(job):
    return {"job": job, "organization": job.organization, "progress": export_jobs.progress(job)}


@login_required
@require_http_methods(["GET", "POST"])
def export_request(request, pk):
    """GET: what a background export is, and the user's latest ones, for the date asked
    (`as_of`, core.asof). POST: ask for the export on that date."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    if request.method == "POST":
        as_of = _posted_as_of(request)
        job = export_jobs.request_export(
            user=request.user, organization=organization, as_of=as_of, language=get_language()
        )
        return redirect("organizations:organization-export-job", pk=job.pk)
    as_of = page_as_of(request)
    jobs = ExportJob.objects.filter(requested_by=request.user, organization=organization)
    context = {"organization": organization, "jobs": jobs[:RECENT_JOBS], **page_context(as_of)}
    return render(request, "organizations/export_request.html", context)


# The job: its progress bar while a worker has it, then its download link or its error.
export_job, export_job_progress = job_page_views(
    own_job=_own_job,
    context=_context,
    template="organizations/export_job.html",
    progress_template="organizations/includes/export_job_progress.html",
)


@login_required
@require_GET
def export_job_download(request, pk):
    """The finished workbook, read from the default storage."""
    job = _own_job(request, pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=export_jobs.file_name(job)
    )
