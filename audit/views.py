from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.actions import action_label
from audit.forms import AuditFilterForm
from audit.models import AuditEvent
from core.navigation import query_without_page
from organizations import access
from organizations.choices import Role
from organizations.models import Organization

PAGE_SIZE = 50


def _admin_scope(user):
    """Events a user may read: everything for superusers, the subtrees of their admin grants
    otherwise; PermissionDenied for anyone else (the audit holds personnel values)."""
    if not user.is_superuser and not any(
        role == Role.ADMIN for role, _path in access.user_grants(user)
    ):
        access.refuse("audit refused: user=%s", user.pk)
    return AuditEvent.objects.granted_to(user, {Role.ADMIN})


def _filtered(events, data):
    """The events narrowed by the filter form's cleaned data."""
    if data["action"]:
        events = events.filter(action__startswith=data["action"])
    if data["actor"]:
        events = events.filter(actor__username=data["actor"])
    if data["organization"]:
        organization = Organization.objects.filter(code=data["organization"]).first()
        events = events.in_subtree(organization) if organization else events.none()
    if data["since"]:
        events = events.filter(created_at__date__gte=data["since"])
    if data["until"]:
        events = events.filter(created_at__date__lte=data["until"])
    return events


@login_required
@require_GET
def event_list(request):
    """The audit log for site administrators: who changed what, filtered and paginated."""
    events = _admin_scope(request.user).select_related("actor")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        events = _filtered(events, form.cleaned_data)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    for event in page:
        event.action_label = action_label(event.action)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "extra": query_without_page(request)},
    )
