"""What reports adds to the pages of the apps below it (registered in ReportsConfig.ready())."""

from reports.models import ReportJob


def recent_jobs(request):
    """The organization list's "My recent reports" panel: the user's last five jobs."""
    return {
        "recent_jobs": ReportJob.objects.visible_to(request.user)
        .filter(requested_by=request.user)
        .select_related("organization")[:5]
    }
