"""Spreadsheet import (upload → preview → confirm) and export of an organization's subtree.

The uploaded file is checked and planned without writing anything, kept in the default
storage under a random name (never the client's file name) until the user confirms, then
planned again and applied in one transaction; the stored file is deleted either way. A file
of more than IMPORT_BACKGROUND_ROWS rows is handed to a worker instead (import_job_views.py).
"""

import datetime
import logging
import re
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.asof import as_of_from
from core.uploads import FORM_OVERHEAD, max_request_size
from organizations import access, export_jobs, import_jobs, spreadsheets
from organizations.models import ImportJob, Organization

security_logger = logging.getLogger("congress_admin.security")

SESSION_KEY = "organizations:import_file"
STORED_NAME = re.compile(r"imports/[0-9a-f]{32}\.xlsx")
# Rows of each kind listed on the preview page; the counts cover all of them.
PREVIEW_ROWS = 200
# The user's latest import jobs listed under the upload form.
RECENT_JOBS = 5


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".xlsx," + spreadsheets.XLSX_CONTENT_TYPE}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > spreadsheets.MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s.")
                % {"limit": filesizeformat(spreadsheets.MAX_FILE_SIZE)}
            )
        return upload


def _pop_stored_file(request):
    """(stored name, client's file name) of the upload waiting for confirmation, or Nones."""
    stored = request.session.pop(SESSION_KEY, None) or {}
    name = stored.get("stored", "") if isinstance(stored, dict) else ""
    if not STORED_NAME.fullmatch(name):
        return None, None
    return name, stored.get("filename", "")


def _delete_stale_uploads():
    """Delete uploads whose preview was left unconfirmed longer than a session lives."""
    if not default_storage.exists("imports"):
        return
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for filename in default_storage.listdir("imports")[1]:
        name = f"imports/{filename}"
        if STORED_NAME.fullmatch(name) and default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)


def _discard_stored_file(request):
    name, _filename = _pop_stored_file(request)
    if name:
        default_storage.delete(name)


def _xlsx_response(content, filename):
    response = HttpResponse(content, content_type=spreadsheets.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _preview(request, plan, *, confirmable):
    counts = plan.counts
    context = {
        "plan": plan,
        "confirmable": confirmable,
        "counts": counts,
        "limit": PREVIEW_ROWS,
        "organization_creates": plan.rows("organizations", "create")[:PREVIEW_ROWS],
        "organization_updates": plan.rows("organizations", "update")[:PREVIEW_ROWS],
        "member_creates": plan.rows("members", "create")[:PREVIEW_ROWS],
        "member_updates": plan.rows("members", "update")[:PREVIEW_ROWS],
    }
    return render(request, "organizations/import_preview.html", context)


def _upload_limit():
    return settings.IMPORT_MAX_UPLOAD_BYTES + FORM_OVERHEAD


@max_request_size(_upload_limit)
@login_required
@require_http_methods(["GET", "POST"])
def organization_import(request):
    """GET: the upload form. POST: check the file and show what importing it would change."""
    access.require_tree_role(request.user)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        _discard_stored_file(request)
        _delete_stale_uploads()
        upload = form.cleaned_data["file"]
        data = upload.read(spreadsheets.MAX_FILE_SIZE + 1)
        if import_jobs.needs_job(data):
            job = import_jobs.request_import(
                user=request.user, data=data, name=upload.name, language=get_language()
            )
            return redirect("organizations:organization-import-job", pk=job.pk)
        plan = spreadsheets.import_workbook(
            source=data, user=request.user, dry_run=True, name=upload.name[:200]
        )
        confirmable = plan.is_valid and plan.has_changes
        if confirmable:
            stored = default_storage.save(f"imports/{uuid.uuid4().hex}.xlsx", ContentFile(data))
            request.session[SESSION_KEY] = {"stored": stored, "filename": plan.name}
        return _preview(request, plan, confirmable=confirmable)
    if request.method == "GET":
        _discard_stored_file(request)  # a preview left without confirming
    return render(
        request,
        "organizations/import_form.html",
        {
            "form": form,
            "max_size": spreadsheets.MAX_FILE_SIZE,
            "jobs": ImportJob.objects.filter(requested_by=request.user)[:RECENT_JOBS],
            "background_rows": settings.IMPORT_BACKGROUND_ROWS,
        },
    )


def _take_stored_file(name):
    """The stored file's bytes (at most one past the size limit); the file is deleted."""
    try:
        with default_storage.open(name, "rb") as stored:
            return stored.read(spreadsheets.MAX_FILE_SIZE + 1)
    finally:
        default_storage.delete(name)


def _landing(plan, user):
    """The pk of what to land on after an import: the highest organization of the file (or
    of its members) that `user` may see, or None."""
    codes = {row.code for row in plan.organizations} or {
        row.organization_code for row in plan.members
    }
    return (
        Organization.objects.visible_to(user)
        .filter(code__in=codes)
        .order_by("depth", "path")
        .values_list("pk", flat=True)
        .first()
    )


@login_required
@require_POST
def organization_import_confirm(request):
    """Check the stored file again and apply it in one transaction; delete it either way."""
    access.require_tree_role(request.user)
    name, filename = _pop_stored_file(request)
    if name is None or not default_storage.exists(name):
        messages.error(request, _("No uploaded file is waiting for confirmation; upload it again."))
        return redirect("organizations:organization-import")
    data = _take_stored_file(name)
    plan = spreadsheets.import_workbook(
        source=data,
        user=request.user,
        name=filename,
        before_apply=import_jobs.refuse_when_busy,
    )
    if not plan.applied:
        messages.error(request, _("Nothing was imported: the data changed since the preview."))
        return _preview(request, plan, confirmable=False)
    counts = plan.counts
    messages.success(
        request,
        _(
            "Imported. Organizations: %(org_created)s created, %(org_updated)s updated. "
            "Members: %(member_created)s created, %(member_updated)s updated."
        )
        % {
            "org_created": counts["organizations"]["created"],
            "org_updated": counts["organizations"]["updated"],
            "member_created": counts["members"]["created"],
            "member_updated": counts["members"]["updated"],
        },
    )
    landing = _landing(plan, request.user)
    if landing is not None:
        return redirect("organizations:organization-detail", pk=landing)
    return redirect("organizations:organization-list")


@login_required
@require_GET
def organization_import_template(request):
    """The blank workbook: both sheets' headers and a guide to the columns."""
    access.require_tree_role(request.user)
    return _xlsx_response(spreadsheets.template_workbook(), "mau-nhap-to-chuc-dang-vien.xlsx")


@login_required
@require_GET
def organization_export(request, pk):
    """The subtree of a visible organization, with its members, on the date asked (`as_of`,
    core.asof; default today) as a workbook; above EXPORT_BACKGROUND_ROWS members, the page
    asking a worker for it (export_job_views.py). A date that does not read gives today's
    state, and the workbook's first row says which date it shows (a download has no page to
    tell it on)."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    as_of, _unreadable = as_of_from(request)
    if export_jobs.needs_job(organization, as_of=as_of):
        url = reverse("organizations:organization-export-request", args=[organization.pk])
        return redirect(f"{url}?{urlencode({'as_of': f'{as_of:%d/%m/%Y}'})}")
    return _xlsx_response(
        spreadsheets.export_workbook(root=organization, as_of=as_of),
        export_jobs.export_file_name(organization, as_of),
    )
