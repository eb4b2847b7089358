"""What the import and export jobs' pages share: the job's page and its progress, polled with
htmx until the worker is done."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET


def job_page_views(*, own_job, context, template, progress_template):
    """The two GET views of a kind of job, taking the job's pk: its page, and the progress
    fragment the page polls every 2 s (once the worker is done, it has the page reload).

    `own_job(request, pk)` fetches the job its user may see (404 otherwise); `context(job)`
    is what both templates show.
    """

    @login_required
    @require_GET
    def page(request, pk):
        """The job: its progress while a worker has it, then its outcome."""
        job = own_job(request, pk)
        return render(request, template, context(job))

    @login_required
    @require_GET
    def progress(request, pk):
        """The progress, polled every 2 s; once the worker is done, the page reloads."""
        job = own_job(request, pk)
        response = render(request, progress_template, context(job))
        if not job.is_pending:
            response["HX-Refresh"] = "true"
        return response

    return page, progress
