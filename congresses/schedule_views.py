"""Bulk scheduling pages (issue 18, item 10): the schedule grid of a subtree and term, its
download as a workbook and the upload of an edited one. District staff only (the role that
plans the term); every save goes through congresses.scheduling, all or nothing."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from congresses import schedule_xlsx, scheduling, selectors, terms
from congresses.forms import CongressFilterForm
from congresses.schedule_forms import (
    PAGE_SIZE,
    ConfirmForm,
    ScheduleFormSet,
    ScheduleUploadForm,
    row_initial,
)
from core.asof import as_of_from, page_as_of, page_context
from core.forms import parse_id
from core.navigation import query_without_page
from core.uploads import FORM_OVERHEAD, max_request_size
from organizations import access, spreadsheets
from organizations.choices import Role


def _scope(request, pk):
    """(organization, filter form, term) of a scheduling page; 404 out of scope, 403 unless
    the user is district staff over the organization."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    access.require_role(request.user, organization, {Role.STAFF})
    form = CongressFilterForm(request.GET or None)
    asked = form.cleaned_data.get("term") if form.is_valid() else None
    return organization, form, terms.chosen_term(request, organization, asked=asked)


def _filtered(organization, form, term, as_of):
    """The congresses the filter asks for, the stage and "overdue" read on `as_of`
    (core.asof): annotated `stage_on`."""
    filters = form.cleaned_data if form.is_valid() else None
    return selectors.filtered_congresses(
        organization, term, filters, today=timezone.localdate(), as_of=as_of
    )


def _saved(request, count):
    if count:
        messages.success(
            request,
            ngettext(
                "The schedule of %(count)s congress was saved.",
                "The schedule of %(count)s congresses was saved.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Nothing was changed: the schedule is as it was."))


def _no_term(request, organization):
    messages.error(request, _("No term has been set up yet."))
    return redirect("congresses:congress-list", pk=organization.pk)


class _GridRow:
    """One row of the grid: its form, its congress (None for an unknown one), its window and
    the warnings and problems shown beside it."""

    def __init__(self, form, congress, window, warnings, problems, level=""):
        self.form, self.congress, self.window = form, congress, window
        self.warnings, self.problems, self.level = warnings, problems, level


def _shown(problems, formset):
    """Problems as the list above the grid shows them: name, field label, message."""
    labels = {name: formset.form.base_fields[name].label for name in scheduling.FIELDS}
    return [
        {"name": item.name, "label": labels.get(item.field, ""), "message": item.message}
        for item in problems
    ]


def _rows(formset, congresses, windows, *, labels, term=None, warnings=(), problems=()):
    """The grid's rows: each form with the congress it names and the messages of its index
    (on a page just loaded, the warnings of the dates saved)."""
    rows = []
    for index, form in enumerate(formset.forms):
        raw = form["congress"].value()
        congress = congresses.get(parse_id(str(raw if raw is not None else "")))
        row_warnings = [item.message for item in warnings if item.key == index]
        if congress is not None and not formset.is_bound:
            saved = scheduling.window_warning(congress, congress.planned_date, windows, term)
            row_warnings += [saved] if saved else []
        window = scheduling.window_of(congress, windows) if congress else (None, None)
        rows.append(
            _GridRow(
                form,
                congress,
                window,
                row_warnings,
                [item for item in problems if item.key == index and item.field is None],
                labels.get(congress.level, congress.level) if congress else "",
            )
        )
    return rows


def _form_problems(formset, congresses):
    """The errors of an invalid formset as scheduling Problems, naming each row."""
    problems = []
    for index, form in enumerate(formset.forms):
        congress = congresses.get(parse_id(str(form["congress"].value() or "")))
        name = (
            congress.organization.name if congress else _("Row %(number)s") % {"number": index + 1}
        )
        for field, errors in form.errors.items():
            for message in errors:
                shown = field if field in scheduling.FIELDS else None
                problems.append(scheduling.Problem(index, message, shown, name))
    return problems


def _page(request, organization, form, term, as_of):
    """The page of the grid asked for, its congresses as they stood on `as_of` (their stage
    badge); the forms still edit today's dates, venues and pilot flags."""
    congresses = selectors.with_parent_name(_filtered(organization, form, term, as_of))
    page = Paginator(congresses, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.as_they_stood(page.object_list, as_of)
    return page


def _render_grid(request, organization, form, term, formset, **extra):
    as_of = page_as_of(request)
    page = _page(request, organization, form, term, as_of)
    if formset is None:
        formset = ScheduleFormSet(initial=[row_initial(congress) for congress in page])
        congresses = {congress.pk: congress for congress in page}
    else:
        congresses = extra.pop("congresses")
    windows = scheduling.level_windows(term)
    labels = selectors.level_labels(term)
    context = {
        "organization": organization,
        "term": term,
        "form": form,
        "page": page,
        "filters": query_without_page(request),
        "formset": formset,
        **page_context(as_of),
        # The stage badges mark as overdue what was overdue on the date shown.
        "today": as_of,
        **extra,
        "problems": _shown(extra.get("problems", ()), formset),
        "warnings": _shown(extra.get("warnings", ()), formset),
    }
    context["rows"] = _rows(
        formset,
        congresses,
        windows,
        labels=labels,
        term=term,
        warnings=extra.get("warnings", ()),
        problems=extra.get("problems", ()),
    )
    return render(request, "congresses/schedule_grid.html", context)


def _save_grid(request, organization, form, term):
    """Check and save the posted rows; the grid again with its problems or warnings."""
    formset = ScheduleFormSet(request.POST)
    confirm = ConfirmForm(request.POST)
    ids = [parse_id(str(row["congress"].value() or "")) for row in formset.forms]
    congresses = scheduling.congresses_in(organization, term, [pk for pk in ids if pk])
    grid = {"congresses": congresses, "confirm_form": confirm}
    if not formset.is_valid():
        grid["problems"] = _form_problems(formset, congresses)
        return _render_grid(request, organization, form, term, formset, **grid)
    rows = [row.as_row(index) for index, row in enumerate(formset.forms)]
    confirmed = confirm.is_valid() and confirm.cleaned_data["confirmed"]
    try:
        count = scheduling.save_schedule(
            root=organization, term=term, rows=rows, actor=request.user, confirmed=confirmed
        )
    except scheduling.ScheduleRefused as refused:
        for problem in refused.problems:
            if problem.field and problem.key < len(formset.forms):
                formset.forms[problem.key].add_error(problem.field, problem.message)
        grid["problems"] = refused.problems
    except scheduling.ConfirmationNeeded as needed:
        grid["warnings"] = needed.warnings
        grid["confirm_form"] = ConfirmForm()
    else:
        _saved(request, count)
        return redirect(request.get_full_path())
    return _render_grid(request, organization, form, term, formset, **grid)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_grid(request, pk):
    """The congresses of a subtree and term, a page at a time, with their date, venue and
    pilot flag editable together; saved all or nothing, dates outside their level's window
    only once confirmed. Dated (core.asof, `as_of`): the stage and the "overdue" filter are
    read on the date asked; on a past date the page says that a save changes today's
    schedule."""
    organization, form, term = _scope(request, pk)
    if term is None:
        return _no_term(request, organization)
    if request.method == "POST":
        return _save_grid(request, organization, form, term)
    return _render_grid(request, organization, form, term, None)


@login_required
@require_GET
def schedule_download(request, pk):
    """The grid's congresses (every page, as filtered) as a workbook."""
    organization, form, term = _scope(request, pk)
    if term is None:
        return _no_term(request, organization)
    # The grid's filter, as the grid read it on its date (the link carries its `as_of`).
    as_of, _unreadable = as_of_from(request)
    content = schedule_xlsx.schedule_workbook(
        _filtered(organization, form, term, as_of),
        labels=selectors.level_labels(term),
        windows=scheduling.level_windows(term),
    )
    response = HttpResponse(content, content_type=spreadsheets.XLSX_CONTENT_TYPE)
    filename = f"lich-dai-hoi-{organization.code}-{term.starts_on.year}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _upload_limit():
    return settings.IMPORT_MAX_UPLOAD_BYTES + FORM_OVERHEAD


def _read_upload(upload):
    """(rows, errors) of an uploaded schedule; a refused file is one error."""
    data = upload.read(spreadsheets.MAX_FILE_SIZE + 1)
    try:
        return schedule_xlsx.read_schedule(data, name=upload.name[:200])
    except spreadsheets.SpreadsheetError as error:
        return [], [spreadsheets.CellError(message=str(error))]


# The rows of an upload waiting for its warnings to be confirmed (a few kB: no file is kept).
PENDING_KEY = "congresses.schedule_upload"


def _keep_pending(request, organization, term, rows):
    request.session[PENDING_KEY] = {
        "root": organization.pk,
        "term": term.pk,
        "rows": [
            [row.key, row.congress_id, row.version, *_stored_values(row.values)] for row in rows
        ],
    }


def _stored_values(values):
    day = values["planned_date"]
    return [day.isoformat() if day else None, values["venue"], values["is_pilot"]]


def _pending_rows(request, organization, term):
    """The rows kept by _keep_pending for this organization and term (taken from the
    session), or None."""
    pending = request.session.pop(PENDING_KEY, None)
    if not isinstance(pending, dict) or (pending.get("root"), pending.get("term")) != (
        organization.pk,
        term.pk,
    ):
        return None
    return [
        scheduling.Row(key, congress, version, _read_values(day, venue, pilot))
        for key, congress, version, day, venue, pilot in pending.get("rows", [])
    ]


def _read_values(day, venue, pilot):
    planned = datetime.date.fromisoformat(day) if day else None
    return {"planned_date": planned, "venue": venue, "is_pilot": pilot}


def _save_upload(request, organization, term, rows, confirmed):
    """(errors, warnings, count) of saving uploaded rows: CellErrors; count None unless
    saved. Rows with warnings are kept in the session for the confirmation."""
    try:
        count = scheduling.save_schedule(
            root=organization, term=term, rows=rows, actor=request.user, confirmed=confirmed
        )
    except scheduling.ScheduleRefused as refused:
        return schedule_xlsx.problem_cells(refused.problems), [], None
    except scheduling.ConfirmationNeeded as needed:
        _keep_pending(request, organization, term, rows)
        return [], schedule_xlsx.problem_cells(needed.warnings), None
    return [], [], count


def _upload_outcome(request, organization, term, upload_form):
    """(errors, warnings, count) of a POST: a new file, or the confirmation of the rows of
    the last one (a second submit, as the stage change's confirmation page sends)."""
    if "pending" in request.POST:
        rows = _pending_rows(request, organization, term)
        if rows is None:
            message = _("No uploaded schedule is waiting for confirmation; upload it again.")
            return [spreadsheets.CellError(message=message)], [], None
        return _save_upload(request, organization, term, rows, True)
    request.session.pop(PENDING_KEY, None)  # a new file: the rows waiting are dropped
    if not upload_form.is_valid():
        return [], [], None
    rows, errors = _read_upload(upload_form.cleaned_data["file"])
    if errors:
        return errors, [], None
    confirmed = upload_form.cleaned_data["confirmed"]
    return _save_upload(request, organization, term, rows, confirmed)


@max_request_size(_upload_limit)
@login_required
@require_http_methods(["GET", "POST"])
def schedule_upload(request, pk):
    """GET: the upload form. POST: check the workbook and save it all or nothing; with
    warnings, the page asks to confirm (a second submit saves the rows read, checked again)."""
    organization, _form, term = _scope(request, pk)
    if term is None:
        return _no_term(request, organization)
    upload_form = ScheduleUploadForm(request.POST or None, request.FILES or None)
    if "pending" in request.POST:
        upload_form = ScheduleUploadForm()  # a confirmation carries no file
    errors, warnings = [], []
    if request.method == "POST":
        errors, warnings, count = _upload_outcome(request, organization, term, upload_form)
        if count is not None:
            _saved(request, count)
            grid = reverse("congresses:schedule-grid", args=[organization.pk])
            return redirect(f"{grid}?{request.GET.urlencode()}" if request.GET else grid)
    return render(
        request,
        "congresses/schedule_upload.html",
        {
            "organization": organization,
            "term": term,
            "upload_form": upload_form,
            "errors": errors,
            "warnings": warnings,
            "filters": request.GET.urlencode(),
        },
    )
