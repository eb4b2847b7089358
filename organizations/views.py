from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from organizations.models import Organization
from organizations.text import normalize_text
from reports.models import ReportJob

PAGE_SIZE = 50


@login_required
@require_GET
def organization_list(request):
    """The organizations the user may see, in tree order, with a test-report button each."""
    query = normalize_text(request.GET.get("q", ""))[:100]
    organizations = Organization.objects.visible_to(request.user).select_related("kind")
    if query:
        organizations = organizations.filter(Q(name__icontains=query) | Q(code__icontains=query))
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    recent_jobs = (
        ReportJob.objects.visible_to(request.user)
        .filter(requested_by=request.user)
        .select_related("organization")[:5]
    )
    return render(
        request,
        "organizations/organization_list.html",
        {"page": page, "query": query, "recent_jobs": recent_jobs},
    )
