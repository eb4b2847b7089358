import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congresses import (
    hooks,
    occasions,
    rulepacks,
    selectors,
    services,
    stages,
    terms,
    working_groups,
)
from congresses.choices import STAGE_ORDER, Stage
from congresses.forms import (
    CongressFilterForm,
    CongressForm,
    ProgressForm,
    StageForm,
    StageUndoForm,
    TrainingForm,
    WorkingGroupForm,
    congress_initial,
)
from congresses.models import Congress, Term, WorkingGroup
from congresses.querysets import held_q
from core.asof import as_of_from, on_or_before, page_as_of
from core.forms import add_service_errors
from core.navigation import query_without_page
from core.pickers import picker_response
from organizations import access
from organizations.choices import Role
from organizations.pickers import ACCOUNTS
from organizations.services import kind_period

PAGE_SIZE = 50


def _visible_congress_or_404(user, pk, *, as_of=None):
    """The congress `pk` if `user` may see it, else 404; with `as_of`, annotated with its stage
    on that date (`with_stage_on`, in the same query)."""
    congresses = Congress.objects.visible_to(user).select_related("organization__kind", "term")
    if as_of is not None:
        congresses = congresses.with_stage_on(as_of)
    return get_object_or_404(congresses, pk=pk)


def _term_from(request, organization=None):
    """The filter form and the term to show (the one asked, else remembered, else the default
    of congresses.terms)."""
    form = CongressFilterForm(request.GET or None)
    asked = form.cleaned_data.get("term") if form.is_valid() else None
    return form, terms.chosen_term(request, organization, asked=asked)


@login_required
@require_GET
def congress_list(request, pk):
    """The congresses of a subtree in one term, filterable, in tree order, as they stood on the
    date asked (core.asof): the stage on that date, filtered by it, overdue on it."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    form, term = _term_from(request, organization)
    as_of = page_as_of(request)
    congresses = selectors.filtered_congresses(
        organization,
        term,
        form.cleaned_data if form.is_valid() else None,
        today=timezone.localdate(),
        as_of=as_of,
    )
    congresses = selectors.with_parent_name(congresses)
    page = Paginator(congresses, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.as_they_stood(page.object_list, as_of)
    # Whether some organization of the subtree has no regular congress in the term: fewer of
    # them than the organization and its children. Counted up to that many only (a LIMIT), not
    # all of a city's 27,531 (issue 15's benchmark).
    wanted = organization.numchild + 1
    missing = (
        wanted
        - Congress.objects.in_subtree(organization)
        .regular()
        .filter(term=term)
        .values("pk")[:wanted]
        .count()
        if term
        else 0
    )
    return render(
        request,
        "congresses/congress_list.html",
        {
            "organization": organization,
            "term": term,
            "form": form,
            "page": page,
            "filters": query_without_page(request),
            # The stage badges mark as overdue what was overdue on the date shown.
            "today": as_of,
            "as_of": as_of,
            "can_plan": term is not None
            and access.has_role(request.user, organization, {Role.STAFF}),
            "plan_missing": missing > 0,
            # R-WV-10: the term's rule gives cells a mid-term congress (no query).
            "plan_mid_term": term is not None and occasions.cells_hold_mid_term_congress(term),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, pk):
    """Create the term's plan (one congress per organization) for a subtree; confirm first."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    access.require_role(request.user, organization, {Role.STAFF})
    _form, term = _term_from(request, organization)
    if term is None:
        messages.error(request, _("No term has been set up yet."))
        return redirect("congresses:congress-list", pk=organization.pk)
    missing = services.without_term_congress(organization, term).count()
    # R-OR-05: organizations of a kind not valid in their level's window get no congress.
    skipped = list(services.kind_ended_for_term(organization, term))
    if request.method == "POST":
        created = services.create_term_plan(term=term, root=organization, actor=request.user)
        messages.success(
            request,
            _("%(count)s congresses were planned for the term %(term)s.")
            % {"count": created, "term": term},
        )
        if skipped:
            messages.warning(request, _skipped_message(term, skipped))
        return redirect("congresses:congress-list", pk=organization.pk)
    return render(
        request,
        "congresses/plan_confirm.html",
        {
            "organization": organization,
            "term": term,
            "missing": missing,
            "skipped": _skipped_message(term, skipped) if skipped else "",
        },
    )


def _skipped_message(term, skipped):
    """The organizations the term plan leaves out, by name, with their kind's validity."""
    return _(
        "Not planned: %(names)s: the kind of organization is not valid in the term's congress "
        "window (%(rule)s)."
    ) % {
        "names": "; ".join(
            f"{item.name} ({item.kind.name}, {kind_period(item.kind)})" for item in skipped
        ),
        "rule": rulepacks.cite(term, "R-OR-05"),
    }


@login_required
@require_GET
def congress_detail(request, pk):
    # The date is read for the query, and told to be unreadable only once the congress is
    # known to be visible (a 404 leaves no message behind).
    as_of, _unreadable = as_of_from(request)
    congress = _visible_congress_or_404(request.user, pk, as_of=as_of)
    return _render_detail(request, congress, as_of=page_as_of(request))


def _render_detail(
    request, congress, *, progress_form=None, training_form=None, status=200, as_of=None
):
    """The congress page as it stood on `as_of` (default today; core.asof): the stage then,
    the stage changes, progress reports and training sessions dated by then (a past `as_of`
    needs `congress` annotated `with_stage_on(as_of)`, see congress_detail). The forms act on
    today's congress: on a past date they are left out and the page says so. A progress or
    training form that failed is drawn again as the user filled it in, with its errors under
    the fields."""
    today = timezone.localdate()
    as_of = as_of or today
    past = as_of < today
    can_write = access.can_write(request.user, congress.organization)
    editing = can_write and not past
    current = STAGE_ORDER.index(congress.stage)
    next_stage = STAGE_ORDER[current + 1] if current + 1 < len(STAGE_ORDER) else None
    if editing and progress_form is None:
        progress_form = ProgressForm(
            initial={"reported_on": today, "stage_reached": congress.stage}
        )
    if editing and training_form is None:
        training_form = TrainingForm()
    staff = access.has_role(request.user, congress.organization, {Role.STAFF, Role.ADMIN})
    transitions = [
        item for item in congress.transitions.select_related("actor") if item.effective_on <= as_of
    ]
    stage_form = (
        StageForm(
            initial={"to_stage": next_stage, "version": congress.version, "effective_on": today}
        )
        if editing and next_stage
        else None
    )
    undoable = stages.undoable_change(congress) if staff and not past else None
    if past:
        # Shown as it stood then (a copy: the forms above read today's congress).
        congress = selectors.as_they_stood([copy.copy(congress)], as_of)[0]
    return render(
        request,
        "congresses/congress_detail.html",
        {
            "congress": congress,
            "as_of": as_of,
            "past": past,
            # The stage badge marks as overdue what was overdue on the date shown.
            "today": as_of,
            "roman": services.roman(congress.ordinal),
            "warnings": services.congress_warnings(congress) if not past else [],
            # R-OR-06: merged into after its term congress; the staff plan the next one.
            "merger_due": services.merger_congress_due(congress)
            if not past and access.has_role(request.user, congress.organization, {Role.STAFF})
            else None,
            "transitions": transitions,
            "progress": congress.progress.filter(on_or_before("reported_on", as_of)).select_related(
                "entered_by"
            )[:20],
            "can_write": editing,
            "next_stage": next_stage,
            "next_stage_label": Stage(next_stage).label if next_stage else "",
            # The working group records progress; the stage form is not its first action.
            "stage_secondary": not access.has_role(
                request.user, congress.organization, {Role.STAFF, Role.ADMIN}
            ),
            "undoable": undoable,
            "stage_form": stage_form,
            "training": congress.organization.training_sessions.filter(term=congress.term).filter(
                on_or_before("held_on", as_of)
            )[:20],
            "training_form": training_form if editing else None,
            "progress_form": progress_form if editing else None,
            **hooks.detail_context(congress),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def congress_edit(request, pk):
    congress = _visible_congress_or_404(request.user, pk)
    access.require_write(request.user, congress.organization)
    form = CongressForm(request.POST or None, initial=congress_initial(congress), congress=congress)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        expected_version = changes.pop("version")
        try:
            services.update_congress(
                congress=congress, actor=request.user, expected_version=expected_version, **changes
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The congress plan was saved."))
            for warning in services.congress_warnings(congress):
                messages.warning(request, warning)
            return redirect("congresses:congress-detail", pk=congress.pk)
    return render(request, "congresses/congress_form.html", {"congress": congress, "form": form})


def _stage_confirmation(request, congress, form, *, undo=None):
    """The page that asks before a stage change (or its undoing) is made: what changes, on
    which day, and the prerequisites; a blocking prerequisite leaves only the way back."""
    warnings, problems = [], []
    if undo is None:
        try:
            warnings = stages.check_prerequisites(congress, form.cleaned_data["to_stage"])
        except ValidationError as error:
            problems = error.messages
    return render(
        request,
        "congresses/stage_confirm.html",
        {
            "congress": congress,
            "form": form,
            "to_stage": Stage(undo.from_stage if undo else form.cleaned_data["to_stage"]),
            "undo": undo,
            "warnings": warnings,
            "problems": problems,
        },
    )


def _change_stage(request, congress, data):
    """Apply a confirmed stage change; the outcome as a message."""
    try:
        services.change_stage(
            congress=congress,
            to_stage=data["to_stage"],
            actor=request.user,
            expected_version=data["version"],
            held_on=data["held_on"],
            effective_on=data["effective_on"],
            approval={
                name: data[name] for name in ("approval_number", "approval_date", "approval_body")
            },
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The congress is now at the stage “%(stage)s”.")
            % {"stage": Stage(data["to_stage"]).label},
        )


@login_required
@require_POST
def congress_stage(request, pk):
    """Move a congress to the stage named in the form, after a confirmation page that names
    the stage, the day and the prerequisites."""
    congress = _visible_congress_or_404(request.user, pk)
    access.require_write(request.user, congress.organization)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The stage change was not understood; nothing was changed."))
        return redirect("congresses:congress-detail", pk=congress.pk)
    data = form.cleaned_data
    if data["to_stage"] == Stage.RESULTS_APPROVED:
        access.require_role(request.user, congress.organization, {Role.STAFF, Role.ADMIN})
    if not data["confirmed"]:
        return _stage_confirmation(request, congress, form)
    _change_stage(request, congress, data)
    return redirect("congresses:congress-detail", pk=congress.pk)


@login_required
@require_POST
def congress_stage_undo(request, pk):
    """Undo the congress's last stage change made today (the staff only), after confirming."""
    congress = _visible_congress_or_404(request.user, pk)
    access.require_role(request.user, congress.organization, {Role.STAFF, Role.ADMIN})
    form = StageUndoForm(request.POST)
    undo = stages.undoable_change(congress)
    if not form.is_valid() or undo is None:
        messages.error(request, _("There is no stage change of today to undo."))
        return redirect("congresses:congress-detail", pk=congress.pk)
    if not form.cleaned_data["confirmed"]:
        return _stage_confirmation(request, congress, form, undo=undo)
    try:
        stages.undo_stage_change(
            congress=congress,
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The change was undone; the congress is back at the stage “%(stage)s”.")
            % {"stage": Stage(undo.from_stage).label},
        )
    return redirect("congresses:congress-detail", pk=congress.pk)


@login_required
@require_POST
def progress_create(request, pk):
    """A working group's progress report; the congress moves to the stage reached."""
    congress = _visible_congress_or_404(request.user, pk)
    access.require_write(request.user, congress.organization)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.record_progress(congress=congress, actor=request.user, **form.cleaned_data)
        except services.AlreadyRecorded:
            messages.info(
                request, _("This progress report was already recorded; it was not recorded twice.")
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The progress was recorded."))
            return redirect("congresses:congress-detail", pk=congress.pk)
    if form.errors:
        # Drawn again with what was typed: a refused report is not lost.
        return _render_detail(request, congress, progress_form=form)
    return redirect("congresses:congress-detail", pk=congress.pk)


@login_required
@require_POST
def training_create(request, pk):
    """A training session on congress work held for the congress's organization."""
    congress = _visible_congress_or_404(request.user, pk)
    access.require_write(request.user, congress.organization)
    form = TrainingForm(request.POST)
    if form.is_valid():
        try:
            services.record_training(
                organization=congress.organization,
                term=congress.term,
                actor=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The training session was recorded."))
            return redirect("congresses:congress-detail", pk=congress.pk)
    return _render_detail(request, congress, training_form=form)


def _urgency(as_of):
    """The worklist's order on `as_of`: overdue 0, planned 1, undated 2, held 3."""
    return Case(
        When(held_q(as_of), then=Value(3)),
        When(planned_date__lt=as_of, then=Value(0)),
        When(planned_date__isnull=True, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )


@login_required
@require_GET
def worklist(request):
    """A working-group member's congresses, most urgent first: overdue, then by planned date;
    as they stood on the date asked (core.asof): held, overdue and the stage on that date."""
    _form, term = _term_from(request)
    as_of = page_as_of(request)
    # The page's congresses are picked by ordering the bare rows (a top-N sort of narrow rows;
    # the whole city's 27,531 joined to their organizations took ~300 ms, issue 15's
    # benchmark), then read in full: still the count and one query.
    ordered = (
        Congress.objects.writable_by(request.user)
        .filter(term=term)
        .founded_by(as_of)
        .annotate(urgency=_urgency(as_of))
        .order_by("urgency", "planned_date", "org_path")
    )
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = (
        Congress.objects.filter(pk__in=page.object_list.values("pk"))
        .select_related("organization")
        .with_stage_on(as_of)
        .annotate(urgency=_urgency(as_of))
        .order_by("urgency", "planned_date", "org_path")
    )
    page.object_list = selectors.as_they_stood(page.object_list, as_of)
    return render(
        request,
        "congresses/worklist.html",
        {
            "page": page,
            "term": term,
            "terms": Term.objects.all(),
            "today": as_of,
            "as_of": as_of,
            "filters": query_without_page(request),
        },
    )


@login_required
@require_GET
def group_list(request, pk):
    """The working groups of a term set up by `pk`, with their congresses planned, held and
    overdue on the date asked (core.asof)."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    _form, term = _term_from(request, organization)
    as_of = page_as_of(request)
    groups = list(
        WorkingGroup.objects.filter(owner=organization, term=term).prefetch_related(
            "members", "organizations"
        )
    )
    progress = selectors.group_progress(groups, term, as_of=as_of) if groups else {}
    for group in groups:
        group.progress = progress.get(group.pk)
    return render(
        request,
        "congresses/group_list.html",
        {
            "organization": organization,
            "term": term,
            "terms": Term.objects.all(),
            "groups": groups,
            "as_of": as_of,
            "can_edit": access.has_role(request.user, organization, {Role.STAFF}),
        },
    )


def _group_owner_or_404(request, pk):
    """The committee whose working groups the user edits: 404 out of scope, 403 not staff."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    access.require_role(request.user, organization, {Role.STAFF})
    return organization


@login_required
@require_GET
def group_account_search(request, pk):
    """The working-group form's picker search (core.pickers): the accounts that may join a
    group of organization `pk`, by accent-free name or user name; never another district's."""
    organization = _group_owner_or_404(request, pk)
    accounts = access.assignable_users(request.user, organization)
    return picker_response(request, ACCOUNTS, accounts)


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request, pk, group_pk=None):
    organization = _group_owner_or_404(request, pk)
    _form, term = _term_from(request, organization)
    group = None
    initial = {}
    if group_pk is not None:
        group = get_object_or_404(WorkingGroup, pk=group_pk, owner=organization)
        initial = {
            "name": group.name,
            "leader_name": group.leader_name,
            "members": ", ".join(
                group.members.order_by("username").values_list("username", flat=True)
            ),
            "organizations": list(group.organizations.all()),
        }
    form = WorkingGroupForm(
        request.POST or None,
        owner=organization,
        actor=request.user,
        search_url=reverse("congresses:group-account-search", args=[organization.pk]),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            working_groups.save_working_group(
                group=group, term=term, owner=organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The working group was saved."))
            return redirect("congresses:group-list", pk=organization.pk)
    return render(
        request,
        "congresses/group_form.html",
        {"organization": organization, "form": form, "group": group, "term": term},
    )


@login_required
@require_GET
def rules_in_force(request):
    """The rule pack of a term (issue 15, item 4): its source documents, its rules by section
    with source, article and parameters, flags on rules inferred or unresolved, and what
    changed from the previous term. Open to every signed-in user: the rules are no one's
    subtree. A constant number of queries whatever the size of the packs."""
    _form, term = _term_from(request)
    context = {"term": term, "terms": Term.objects.all()}
    if term is not None:
        documents, lines, removed, previous = rulepacks.rules_in_force(term)
        sections = {}
        for line in lines:
            sections.setdefault(line.rule.get_section_display(), []).append(line)
        context.update(
            documents=documents,
            sections=sections,
            removed=removed,
            previous=previous,
        )
    return render(request, "congresses/rules_in_force.html", context)
