from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from congresses import rulepacks
from core.asof import page_as_of, page_context, today
from core.forms import add_service_errors, parse_id, parse_ids
from core.navigation import query_without_page
from organizations import access
from organizations.choices import WRITE_ROLES
from organizations.models import Member, Organization
from organizations.selectors import ancestor_paths
from recognition import rules, selectors, services
from recognition.choices import (
    CommendationForm,
    CommendationStatus,
    Level,
    PeriodKind,
    RecipientKind,
    Step,
)
from recognition.forms import (
    ApprovalForm,
    CampaignForm,
    CommendationProposalForm,
    GridHeaderForm,
    WorkForm,
    WorkUpdateForm,
)
from recognition.models import Campaign, CampaignWork, Period, Rating

GRID_PAGE_SIZE = 100
LIST_PAGE_SIZE = 50


def _year_period(request):
    """The yearly period of ?year= (default: last year), or 404 for a year without one, and
    the years that have one, latest first (the page's choice of years). One query: a yearly
    period a year, a few dozen rows at most."""
    try:
        year = int(request.GET.get("year") or timezone.localdate().year - 1)
    except ValueError as error:
        raise Http404 from error
    periods = list(Period.objects.filter(kind=PeriodKind.YEAR).order_by("-year"))
    period = next((period for period in periods if period.year == year), None)
    if period is None:
        raise Http404
    return period, [period.year for period in periods]


def _named_levels(summary, period):
    """The summary's rows per level of the tree named as the term's level rules name them."""
    from congresses import selectors as congress_selectors

    if summary["organizations"]:
        labels = (
            congress_selectors.level_labels(period.term_id)
            if period.term_id
            else congress_selectors.level_labels_of_year(period.year)
        )
        congress_selectors.name_levels(summary["organizations"], labels, key="tree_level")
    return summary


@login_required
@require_GET
def overview(request, pk):
    """A subtree's classification, exemplary list, streaks, caps, commendations and campaigns
    for one year; each figure is one grouped query."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    period, years = _year_period(request)
    # Ratings and commendations decided on or before the date asked for (core.asof).
    as_of = page_as_of(request)
    return render(
        request,
        "recognition/overview.html",
        {
            "organization": organization,
            "period": period,
            "as_of": as_of,
            "years": years,
            "levels": Level.choices,
            "summary": _named_levels(
                selectors.rating_summary(organization=organization, period=period, as_of=as_of),
                period,
            ),
            "exemplary": selectors.exemplary_list(
                organization=organization, period=period, as_of=as_of
            ),
            "member_streaks": selectors.streaks(
                organization=organization, year=period.year, as_of=as_of
            ),
            "organization_streaks": selectors.streaks(
                organization=organization,
                year=period.year,
                subject="organization",
                exemplary=True,
                as_of=as_of,
            ),
            "streak_years": selectors.streak_years(),
            "warnings": selectors.member_cap_warnings(
                period=period, organization=organization, as_of=as_of
            )
            + selectors.organization_cap_warnings(
                period=period, organization=organization, as_of=as_of
            ),
            "commendations": selectors.commendation_summary(
                organization=organization, year=period.year, as_of=as_of
            ),
            "campaigns": selectors.campaign_summary(organization=organization, as_of=as_of),
            "can_write": access.can_write(request.user, organization),
        },
    )


def _finite_decimal(raw):
    """`raw` as a Decimal; InvalidOperation unless it is a finite number (NaN and Infinity
    parse, and compare with an error)."""
    score = Decimal(raw)
    if not score.is_finite():
        raise InvalidOperation
    return score


def _grid_subjects(organization, subject):
    """The grid's rows: the members of the subtree, or the organizations directly under it."""
    if subject == "members":
        rows = Member.objects.in_subtree(organization).select_related("organization")
        return rows.order_by("org_path", "full_name", "pk")
    return Organization.objects.children_of(organization).order_by("path")


def _ratings_by_key(period, subject, subjects):
    """The period's ratings of the page's members or organizations, by their pk."""
    lookup = {"member__in": subjects} if subject == "members" else {"organization__in": subjects}
    ratings = Rating.objects.filter(period=period, **lookup)
    if subject == "organizations":
        ratings = ratings.filter(member__isnull=True)
    return {(rating.member_id or rating.organization_id): rating for rating in ratings}


def _grid_step(header, request):
    """The step shown: the posted one, else the query's, else proposed."""
    step = header.data.get("step") if header.is_bound else request.GET.get("step", Step.PROPOSED)
    return step if step in Step.values else Step.PROPOSED


def _cap_warnings(subject, period, organization, step, as_of):
    """The cap warnings of the members or of the organizations, at `step` on `as_of`."""
    warnings = (
        selectors.member_cap_warnings
        if subject == "members"
        else selectors.organization_cap_warnings
    )
    return warnings(period=period, organization=organization, step=step, as_of=as_of)


def _decided_then(rating, as_of):
    """The rating's decided level on `as_of` (core.asof): the decision counts when dated on or
    before it; "" before."""
    if rating is None or not rating.level:
        return ""
    if rating.decision_date is None:
        return rating.level if as_of >= today() else ""
    return rating.level if rating.decision_date <= as_of else ""


def _parse_grid(post, keys, labels):
    """The grid's rows from POST, with the problems of unreadable cells named by row."""
    entries, errors = [], []
    for key in keys:
        level = post.get(f"level-{key}", "")
        raw_score = (post.get(f"score-{key}") or "").strip().replace(",", ".")
        score = None
        if raw_score:
            try:
                score = _finite_decimal(raw_score)
            except InvalidOperation:
                score = None
                errors.append(
                    _("%(row)s: the score “%(value)s” is not a number.")
                    % {"row": labels[key], "value": raw_score}
                )
        raw_version = post.get(f"version-{key}") or ""
        entries.append(
            {
                "key": key,
                "level": level,
                "score": score,
                "is_exemplary": post.get(f"exemplary-{key}") == "on",
                "version": parse_id(raw_version),
                "label": labels[key],
            }
        )
    return entries, errors


@login_required
@require_http_methods(["GET", "POST"])
def rating_grid(request, pk):
    """Enter one step of a year's ratings for the members of an organization (?subject=members,
    paginated) or for the organizations directly under it; each page saves all or nothing.
    On a past date (core.asof) the grid is shown read-only as it stood then: a decided level
    counts when its decision is dated by then (the self-assessments and proposals carry no
    date); saving always acts on today's ratings."""
    # The kind with it: the cap warnings read its level.
    organization = access.get_visible_organization_or_404(request.user, pk, related=("kind",))
    period, years = _year_period(request)
    as_of = page_as_of(request)
    subject = "organizations" if request.GET.get("subject") == "organizations" else "members"
    can_write = access.can_write(request.user, organization)
    rows = _grid_subjects(organization, subject)
    paginator = Paginator(rows, GRID_PAGE_SIZE)
    counted = selectors.grid_member_count(organization) if subject == "members" else None
    if counted is not None:
        paginator.__dict__["count"] = counted  # Paginator.count is a cached property
    page = paginator.get_page(request.GET.get("page"))
    subjects = list(page.object_list)
    by_key = _ratings_by_key(period, subject, subjects)
    header = GridHeaderForm(request.POST or None, initial={"step": Step.PROPOSED})
    step = _grid_step(header, request)
    errors = []
    labels = {item.pk: getattr(item, "full_name", None) or item.name for item in subjects}
    if request.method == "POST":
        access.require_write(request.user, organization)
        entries, errors = _parse_grid(request.POST, list(labels), labels)
        if header.is_valid() and not errors:
            objects = {item.pk: item for item in subjects}
            for entry in entries:
                entry["member" if subject == "members" else "organization"] = objects[
                    entry.pop("key")
                ]
            try:
                saved = services.save_ratings(
                    period=period, actor=request.user, entries=entries, **header.cleaned_data
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(request, _("%(count)s ratings were saved.") % {"count": saved})
                return redirect(request.get_full_path())
    field = rules.STEP_FIELDS[step]
    grid = []
    for item in subjects:
        rating = by_key.get(item.pk)
        posted = request.method == "POST"
        decided = _decided_then(rating, as_of)
        level = (getattr(rating, field) if rating else "") if step != Step.DECIDED else decided
        grid.append(
            {
                "item": item,
                "rating": rating,
                "decided": decided,
                "level": request.POST.get(f"level-{item.pk}", "") if posted else level,
                "score": request.POST.get(f"score-{item.pk}", "")
                if posted
                else (rating.score if rating and rating.score is not None else ""),
                "exemplary": (request.POST.get(f"exemplary-{item.pk}") == "on")
                if posted
                else bool(rating and rating.is_exemplary),
            }
        )
    cap_warnings = _cap_warnings(subject, period, organization, step, as_of)
    dated = page_context(as_of)
    # R-CL-02: the score floors of the period's term, from its rule pack.
    term = selectors.term_of_period(period) if period.uses_points else None
    floors = rules.score_floors(term) if period.uses_points else {}
    return render(
        request,
        "recognition/rating_grid.html",
        {
            **dated,
            "organization": organization,
            "period": period,
            "years": years,
            "subject": subject,
            "step": step,
            "header": header,
            "grid": grid,
            "page": page,
            "errors": errors,
            "levels": Level.choices,
            "cap_warnings": cap_warnings,
            "floors": floors,
            "floors_rule": rulepacks.cite(term, "R-CL-02") if floors else "",
            "can_write": can_write,
            # The grid is entered on today's ratings: read-only on a past date.
            "can_enter": can_write and not dated["as_of_past"],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def commendation_list(request, pk):
    """Commendations granted within a subtree, filtered by decision or status; staff approve
    the proposals they may decide by one decision (all or nothing)."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    decision = (request.GET.get("decision") or "").strip()
    status = request.GET.get("status") or ""
    # Proposed on or before the date asked for, approved when decided by then (core.asof).
    as_of = page_as_of(request)
    commendations = selectors.commendations_on(
        organization, as_of=as_of, decision=decision, status=status
    )
    approval = ApprovalForm(request.POST or None)
    if request.method == "POST":
        access.require_write(request.user, organization)
        chosen = commendations.writable_by(request.user).filter(
            pk__in=parse_ids(request.POST.getlist("commendation")),
        )
        if approval.is_valid():
            try:
                count = services.approve_commendations(
                    commendations=chosen, actor=request.user, **approval.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(approval, error)
            else:
                messages.success(request, _("%(count)s commendations approved.") % {"count": count})
                return redirect(request.get_full_path())
    page = Paginator(
        commendations.select_related("organization", "period"), LIST_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "recognition/commendation_list.html",
        {
            "organization": organization,
            "page": page,
            "decision": decision,
            "status": status,
            "as_of": as_of,
            "as_of_text": f"{as_of:%d/%m/%Y}",
            "approval": approval,
            "statuses": CommendationStatus.choices,
            "can_write": access.can_write(request.user, organization),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def commendation_create(request, pk):
    """Propose a commendation granted by this organization; the authority table decides."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    access.require_write(request.user, organization)
    form = CommendationProposalForm(
        request.POST or None,
        initial=request.GET.dict(),
        organizations=Organization.objects.in_subtree(organization),
        members=Member.objects.in_subtree(organization),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        year = data.pop("year")
        data["period"] = (
            Period.objects.filter(kind=PeriodKind.YEAR, year=year).first() if year else None
        )
        try:
            services.propose_commendation(granting=organization, actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The commendation was recorded."))
            return redirect("recognition:commendation-list", pk=organization.pk)
    allowed = sorted(
        (CommendationForm(form).label, RecipientKind(recipient).label.lower())
        for form, recipient in selectors.authorities(granting=organization)
    )
    return render(
        request,
        "recognition/commendation_form.html",
        {"organization": organization, "form": form, "allowed": allowed},
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_list(request, pk):
    """Campaigns run by this organization, above it or under it, with the subtree's works
    registered and completed and the commendations of the campaign decided by the page's date
    (core.asof; counted in the same grouped query); staff start one here (today)."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    as_of = page_as_of(request)
    form = CampaignForm(request.POST or None)
    if request.method == "POST":
        access.require_write(request.user, organization)
        if form.is_valid():
            try:
                campaign = services.create_campaign(
                    organizer=organization, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The campaign was created."))
                return redirect("recognition:campaign-detail", pk=campaign.pk)
    campaigns = selectors.campaigns_on(
        Campaign.objects.in_subtree(organization)
        | Campaign.objects.on_paths(ancestor_paths(organization, inclusive=True)),
        organization=organization,
        as_of=as_of,
    ).select_related("organization")
    return render(
        request,
        "recognition/campaign_list.html",
        {
            "organization": organization,
            "campaigns": campaigns,
            "form": form if access.can_write(request.user, organization) else None,
            **page_context(as_of),
        },
    )


def _on_campaign_branch(campaign, path):
    """True if the subtree at `path` lies under the campaign's organizer or covers it."""
    return path.startswith(campaign.org_path) or campaign.org_path.startswith(path)


def _visible_campaign_or_404(user, pk):
    """A campaign is open to users whose scope lies under its organizer or covers it."""
    campaign = get_object_or_404(Campaign.objects.select_related("organization"), pk=pk)
    if user.is_superuser or any(
        _on_campaign_branch(campaign, path) for _role, path in access.user_grants(user)
    ):
        return campaign
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def campaign_detail(request, pk):
    """A campaign's works within the user's scope registered by the page's date, each in its
    status then (core.asof), and the campaign's commendations decided by then; staff register
    their organizations' works (today)."""
    campaign = _visible_campaign_or_404(request.user, pk)
    as_of = page_as_of(request)
    form = WorkForm(request.POST or None)
    if request.method == "POST" and not any(
        role in WRITE_ROLES and _on_campaign_branch(campaign, path)
        for role, path in access.user_grants(request.user)
    ):
        access.refuse("write refused: user=%s campaign=%s", request.user.pk, campaign.pk)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = (
            Organization.objects.writable_by(request.user)
            .filter(code=data.pop("organization_code"))
            .first()
        )
        if organization is None:
            form.add_error(
                "organization_code",
                _("There is no organization with this code that you may write to."),
            )
        else:
            try:
                services.register_work(
                    campaign=campaign, organization=organization, actor=request.user, **data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The work was registered."))
                return redirect("recognition:campaign-detail", pk=campaign.pk)
    works = (
        CampaignWork.objects.filter(campaign=campaign)
        .visible_to(request.user)
        .on(as_of)
        .with_status_on(as_of, today=today())
        .select_related("organization")
        # The model's order without its campaign (one here): read off the `work_subtree`
        # index, 50 rows, where ordering by the campaign's date and name joined and sorted
        # all of a city's 7,500 works first (82 ms, issue 15's benchmark).
        .order_by("org_path", "title", "pk")
    )
    page = Paginator(works, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    commendations = selectors.campaign_commendations(campaign, user=request.user, as_of=as_of)
    return render(
        request,
        "recognition/campaign_detail.html",
        {
            "campaign": campaign,
            "page": page,
            "form": form,
            "commendations": commendations,
            "filters": query_without_page(request),
            **page_context(as_of),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def work_edit(request, pk):
    """Record how a registered work is going (compare-and-set)."""
    work = get_object_or_404(
        CampaignWork.objects.visible_to(request.user).select_related("organization", "campaign"),
        pk=pk,
    )
    access.require_write(request.user, work.organization)
    initial = {
        "status": work.status,
        "progress": work.progress,
        "completed_on": work.completed_on,
        "result": work.result,
        "version": work.version,
    }
    form = WorkUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.update_work(
                work=work, actor=request.user, expected_version=data.pop("version"), **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The work was saved."))
            return redirect("recognition:campaign-detail", pk=work.campaign_id)
    return render(request, "recognition/work_form.html", {"work": work, "form": form})
