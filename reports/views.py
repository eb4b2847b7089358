from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congresses.models import Congress, Term
from core.forms import add_service_errors
from core.navigation import redirect_to_next
from organizations import access
from organizations.choices import Role
from reports import narratives, quick_reports, services
from reports import selectors as report_selectors
from reports.choices import FileFormat, JobStatus, ReportKind
from reports.document import request_defaults
from reports.forms import QuickReportForm, ReportRequestForm, SummaryTextForm
from reports.kinds import KINDS
from reports.models import QuickReport, ReportJob

PAGE_SIZE = 25
# A request refused on these fields is sent back to be corrected; on the others (what the
# hidden fields and the pages' buttons carry) it is a 404.
FIELDS_TO_FIX = {"term", "year", "decision", "as_of", "file_format", "signer", "recipients"}
NOT_TO_FIX = {"organization", "kind", "congress", "group", "__all__"}
LANGUAGES = ("vi", "en")
# Reports about a subtree; a congress's dossier and a working group's snapshot are requested
# from the congress's and the group's pages, a congress's delegate cards from its check-in
# page. The test report (the rendering pipeline's own check) is offered nowhere: it stays a
# kind for the tests and the benchmarks.
SUBTREE_KINDS = [
    (kind.value, kind.label)
    for kind in (
        ReportKind.CONGRESS_SUMMARY,
        ReportKind.RESULTS_ROLLUP,
        ReportKind.CLASSIFICATION_SUMMARY,
        ReportKind.COMMENDATIONS,
    )
]


@login_required
@require_GET
def job_list(request):
    jobs = ReportJob.objects.visible_to(request.user).select_related("organization", "requested_by")
    page = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/job_list.html", {"page": page})


@login_required
@require_POST
def job_request(request):
    """Queue a report about an organization in the user's scope; answer with its status row."""
    form = ReportRequestForm(request.POST, user=request.user)
    if not form.is_valid():
        fixable = form.errors.keys() & FIELDS_TO_FIX and not form.errors.keys() & NOT_TO_FIX
        if fixable and form.cleaned_data["kind"] in dict(SUBTREE_KINDS):
            # A field the user typed in (a signer too long, a date): the form again, with
            # what was typed and the error.
            return _report_new_page(
                request, form.cleaned_data["organization"], form.cleaned_data["kind"], form, 400
            )
        # An organization, congress or group outside the scope is indistinguishable from one
        # that does not exist.
        raise Http404
    try:
        job = services.request_report(
            user=request.user,
            organization=form.cleaned_data["organization"],
            kind=form.cleaned_data["kind"],
            language=request.POST.get("language")
            if request.POST.get("language") in LANGUAGES
            else get_language(),
            parameters=form.parameters(),
            file_format=form.cleaned_data.get("file_format") or FileFormat.PDF,
        )
    except services.TooManyReports as refusal:
        return render(
            request, "reports/too_many_reports.html", {"limit": refusal.limit}, status=429
        )
    job.refresh_from_db()  # eager mode may have rendered it already
    if request.htmx:
        return render(request, "reports/includes/job_row.html", {"job": job})
    messages.success(request, _("The report was requested."))
    return redirect_to_next(request, request.POST.get("next", ""), "reports:job-list")


@login_required
@require_GET
def report_new(request, pk):
    """Pick a report about an organization: kind, term or year, format and language."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    kind = request.GET.get("kind")
    if kind not in dict(SUBTREE_KINDS):
        kind = SUBTREE_KINDS[0][0]
    form = ReportRequestForm(
        user=request.user,
        initial={"organization": organization.pk, "year": 2020},
        defaults=request_defaults(organization, as_of=timezone.localdate()),
    )
    return _report_new_page(request, organization, kind, form)


def _report_new_page(request, organization, kind, form, status=200):
    """The request form of `kind` about `organization`: a new one, or one sent back with its
    errors and what was typed."""
    if form.is_bound:
        defaults = request_defaults(organization, as_of=timezone.localdate())
        for name, value in defaults.items():
            if value:
                form.fields[name].widget.attrs["placeholder"] = value
    signed = ("signer", "recipients") if KINDS[kind].signed else ()
    context = {
        "organization": organization,
        "form": form,
        "kinds": SUBTREE_KINDS,
        "kind": kind,
        # Only the fields this kind reads (its `needs`; every subtree kind is dated), and who
        # signs and receives it when it is signed.
        "fields": [form[name] for name in (*KINDS[kind].needs, "as_of", "file_format")],
        "signed_fields": [form[name] for name in signed],
        # District staff write the text of the congress summary, per term.
        "summary_terms": list(Term.objects.all())
        if access.has_role(request.user, organization, {Role.STAFF})
        else [],
    }
    if request.htmx:
        return render(request, "reports/includes/request_fields.html", context, status=status)
    return render(request, "reports/report_new.html", context, status=status)


@login_required
@require_GET
def job_status(request, pk):
    job = get_object_or_404(
        ReportJob.objects.visible_to(request.user).select_related("organization"), pk=pk
    )
    return render(request, "reports/includes/job_row.html", {"job": job})


@login_required
@require_GET
def job_download(request, pk):
    job = get_object_or_404(
        ReportJob.objects.visible_to(request.user).select_related("organization"),
        pk=pk,
        status=JobStatus.DONE,
    )
    if request.GET.get("file") == "zip":  # the congress file's zip of the uploaded files
        if not job.bundle:
            raise Http404
        name = job.filename.rsplit(".", 1)[0] + ".zip"
        return FileResponse(job.bundle.open("rb"), as_attachment=True, filename=name)
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


@login_required
@require_http_methods(["GET", "POST"])
def quick_report(request, pk):
    """A congress's quick report (báo cáo nhanh, R-RP-02): the figures read from its records
    (as the PDF of kind quick-report prints them), the issues the staff write, sent up to the
    higher committee."""
    congress = get_object_or_404(
        Congress.objects.visible_to(request.user).select_related("organization", "term"), pk=pk
    )
    report = QuickReport.objects.filter(congress=congress).select_related("sent_by").first()
    version = report.version if report else 0
    form = QuickReportForm(initial={"issues": report.issues if report else "", "version": version})
    if request.method == "POST":
        access.require_write(request.user, congress.organization)
        form = QuickReportForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                quick_reports.save_quick_report(
                    congress=congress,
                    actor=request.user,
                    issues=data["issues"],
                    expected_version=data["version"],
                    send=data["action"] == "send",
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if data["action"] == "send":
                    messages.success(request, _("The quick report was sent up."))
                else:
                    messages.success(request, _("The quick report was saved."))
                return redirect("reports:quick-report", pk=congress.pk)
    return render(
        request,
        "reports/quick_report.html",
        {
            "congress": congress,
            "report": report,
            "form": form,
            "can_write": access.can_write(request.user, congress.organization),
        },
    )


def _summary_text_initial(narrative):
    """The form's values: the saved parts and their version (0 before the first save)."""
    if narrative is None:
        return {"version": 0}
    parts = {name: getattr(narrative, name) for name in narratives.PARTS}
    return {**parts, "version": narrative.version}


@login_required
@require_http_methods(["GET", "POST"])
def summary_text(request, pk, term):
    """The staff's text of an organization's congress summary for a term (district staff of
    the organization's subtree): five parts printed between the summary's tables."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    access.require_role(request.user, organization, {Role.STAFF})
    term = get_object_or_404(Term, pk=term)
    narrative = report_selectors.summary_narrative(organization, term)
    form = SummaryTextForm(initial=_summary_text_initial(narrative))
    if request.method == "POST":
        form = SummaryTextForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                narratives.save_narrative(
                    organization=organization,
                    term=term,
                    actor=request.user,
                    texts={name: data[name] for name in narratives.PARTS},
                    expected_version=data["version"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The text of the summary was saved."))
                return redirect("reports:summary-text", pk=organization.pk, term=term.pk)
    figures = [(f"{{{name}}}", label) for name, label in narratives.FIGURES.items()]
    return render(
        request,
        "reports/summary_text.html",
        {"organization": organization, "term": term, "form": form, "figures": figures},
    )
