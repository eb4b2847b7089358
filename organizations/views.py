import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.asof import page_as_of
from core.forms import add_service_errors
from core.navigation import query_without_page
from core.pickers import picker_response
from core.text import normalize_text, search_key
from organizations import access, figure_cache, hooks, services, statistics
from organizations.choices import MembershipStatus
from organizations.forms import MemberFilterForm, MemberForm, RestructureForm, destinations
from organizations.models import Member, Organization, OrganizationKind, OrganizationMerge
from organizations.pickers import ORGANIZATIONS
from organizations.selectors import children_counts_on, visible_ancestors

PAGE_SIZE = 50
CHILDREN_SHOWN = 200
MAX_CELL_CHOICES = 1000


@login_required
@require_GET
def organization_list(request):
    """The tree the user may see as it stood on the date asked (core.asof: the organizations
    founded by then and not yet dissolved or merged away), in tree order of that date (a
    subtree moved since stands under its parent of then: querysets.path_on); search ignores
    accents and case."""
    query = normalize_text(request.GET.get("q", ""))[:100]
    as_of = page_as_of(request)
    organizations = (
        Organization.objects.visible_to(request.user)
        .on(as_of)
        .in_tree_order_on(as_of)
        .select_related("kind")
    )
    if query:
        organizations = organizations.filter(search_key__contains=search_key(query))
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/organization_list.html",
        {
            "page": page,
            "tree": _tree_rows(page, as_of),
            "query": query,
            "as_of": as_of,
            "filters": query_without_page(request),
            **hooks.home_context(request),
            "can_change_tree": access.can_change_tree(request.user),
        },
    )


def _tree_rows(organizations, as_of):
    """The page's organizations (in tree order of `as_of`) as a collapsible tree: an
    organization whose children follow it on the page opens a <details> they stand in,
    headed by `children_count`, the number of its children on `as_of` (one grouped query for
    the page: selectors.children_counts_on); `closes` counts the <details> to close after
    the row. No script: <details> collapses by itself."""
    items = list(organizations)
    rows, open_paths = [], []
    for index, organization in enumerate(items):
        # The path on the page's date (in_tree_order_on), today's without one.
        path = getattr(organization, "path_then", organization.path)
        following = (
            getattr(items[index + 1], "path_then", items[index + 1].path)
            if index + 1 < len(items)
            else ""
        )
        parent_here = following.startswith(path) and following != path
        if parent_here:
            open_paths.append(path)
        closes = 0
        while open_paths and not following.startswith(open_paths[-1]):
            open_paths.pop()
            closes += 1
        rows.append(
            {
                "organization": organization,
                "parent_here": parent_here,
                # The first organizations of the page stand open, those below them closed.
                "open": parent_here and len(open_paths) == 1,
                "closes": range(closes),
            }
        )
    counts = children_counts_on([row["organization"] for row in rows if row["parent_here"]], as_of)
    for row in rows:
        row["children_count"] = counts.get(row["organization"].pk, 0)
    return rows


def _first_children(organization, as_of):
    """The first CHILDREN_SHOWN organizations directly below `organization` there on `as_of`
    (core.asof), where the tree stood then (querysets.children_on_q), and one more when there
    are more (the page then says only the first are listed; not today's `numchild`)."""
    return list(
        Organization.objects.children_on(organization, as_of).select_related("kind")[
            : CHILDREN_SHOWN + 1
        ]
    )


def _age_bands(member_figures):
    """(low, high, count) for each age band of the members' figures."""
    return [
        (low, high, member_figures[statistics.age_band_key(low, high)])
        for low, high in statistics.AGE_BANDS
    ]


@login_required
@require_GET
def organization_detail(request, pk):
    """One organization: its place in the tree, what stands below it, its members' figures.

    Every figure over the subtree is one grouped query, whatever the subtree's size.
    """
    organization = get_object_or_404(
        Organization.objects.visible_to(request.user).select_related("kind"), pk=pk
    )
    ancestors = visible_ancestors(organization, request.user)
    # Members and organizations on the date asked for (core.asof: admitted by then and not
    # yet gone; founded by then and not yet dissolved or merged away).
    as_of = page_as_of(request)
    mergers = _mergers(organization, request.user)
    existence = _existence_on(organization, as_of, mergers)
    # An organization gone by the date shows its figures of its last day (the page says so),
    # not the empty subtree of a merged ward ("0 members").
    figures_as_of = existence["last_day"] if existence and existence["gone_on"] else as_of
    children = _first_children(organization, figures_as_of)
    more_children = len(children) > CHILDREN_SHOWN
    children = children[:CHILDREN_SHOWN]
    figures = statistics.subtree_figures(organization, as_of=figures_as_of)
    member_figures = figures["members"]
    # R-OR-01 speaks of an organization that exists: none before it was founded or after it
    # ended.
    warnings = (
        []
        if existence
        else statistics.kind_fit_warnings(
            organization,
            member_count=member_figures["total"],
            official_count=member_figures["official"],
            as_of=as_of,
        )
    )
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "mergers": mergers,
            "existence": existence,
            "figures_as_of": figures_as_of,
            "ancestors": ancestors,
            "kind_rows": figures["kind_rows"],
            "computed_at": figures["computed_at"],
            "children": children,
            "more_children": more_children,
            "members": member_figures,
            "age_bands": _age_bands(member_figures),
            "ethnicities": figures["ethnicities"],
            "warnings": warnings,
            "as_of": as_of,
            "can_write": access.can_write(request.user, organization),
            "can_restructure": access.can_restructure(request.user, organization),
        },
    )


def _existence_on(organization, as_of, mergers):
    """None when `organization` is there on `as_of` (core.asof.organization_on); else what its
    page says instead of its figures of that day: `founded_on` (its `valid_from`, after
    `as_of`) or `gone_on` (its `valid_to`, on or before `as_of`) with `last_day`, the day
    before (the page's figures are of that day), and `successors`, the organizations it was
    merged into that the user may see (`_mergers`; none when it was dissolved). No query."""
    founded_on = organization.valid_from
    gone_on = organization.valid_to
    if founded_on is not None and as_of < founded_on:
        return {"gone_on": None, "founded_on": founded_on, "last_day": None, "successors": []}
    if gone_on is not None and as_of >= gone_on:
        return {
            "gone_on": gone_on,
            "founded_on": None,
            "last_day": gone_on - datetime.timedelta(days=1),
            "successors": [merger.successor for merger in mergers["into"]],
        }
    return None


def _mergers(organization, user):
    """The mergers `organization` took part in, with the units on the other side that `user`
    may see: the way from a merged unit to its successor and back to its history (R-OR-06).
    Only an organization with validity dates can have any, so the others read nothing."""
    if organization.valid_from is None and organization.valid_to is None:
        return {"into": [], "from": []}
    visible = Organization.objects.visible_to(user).values("pk")
    rows = OrganizationMerge.objects.filter(
        Q(predecessor=organization, successor__in=visible)
        | Q(successor=organization, predecessor__in=visible)
    ).select_related("predecessor", "successor")
    rows = sorted(rows, key=lambda row: (row.merged_on, row.predecessor.path))
    return {
        "into": [row for row in rows if row.predecessor_id == organization.pk],
        "from": [row for row in rows if row.successor_id == organization.pk],
    }


def _member_cells(organization, user):
    """Organizations holding members in `organization`'s subtree where `user` may write."""
    return (
        Organization.objects.in_subtree(organization)
        .filter(kind__holds_members=True)
        .writable_by(user)
        .only("pk", "name", "code", "path")
    )


def _with_status(members, status, as_of):
    """The members official or on probation on `as_of`, as `status` asks (all of them
    otherwise)."""
    official = Q(official_on__isnull=False, official_on__lte=as_of)
    if status == MembershipStatus.OFFICIAL:
        return members.filter(official)
    if status == MembershipStatus.PROBATIONARY:
        return members.exclude(official)
    return members


def _filtered_members(members, data, as_of):
    """The members narrowed by the filter form's cleaned data (the status on `as_of`)."""
    if data["q"]:
        key = search_key(data["q"])
        members = members.filter(Q(name_key__contains=key) | Q(code__icontains=data["q"]))
    if data["gender"]:
        members = members.filter(gender=data["gender"])
    members = _with_status(members, data["status"], as_of)
    if data["unit"]:
        members = members.filter(organization__search_key__contains=search_key(data["unit"]))
    return members


def _member_column_labels():
    """The headings of the member list's columns."""
    return [
        Member._meta.get_field(name).verbose_name
        for name in ("full_name", "gender", "birth_date", "ethnicity")
    ] + [_("status"), Member._meta.get_field("organization").verbose_name]


@login_required
@require_GET
def member_list(request, pk):
    """Members of the whole subtree on the date asked (core.asof: admitted by then and not yet
    gone; default today), filtered and paginated."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    as_of = page_as_of(request)
    form = MemberFilterForm(request.GET or None)
    members = (
        Member.objects.in_subtree_on(organization, as_of).on(as_of).select_related("organization")
    )
    if form.is_valid():
        members = _filtered_members(members, form.cleaned_data, as_of)
    paginator = Paginator(members, PAGE_SIZE)
    if not any(request.GET.get(name) for name in MemberFilterForm.base_fields):
        # The unfiltered list of a whole city or province: its exact count (5.6 million rows
        # for the whole party, ~300 ms) is cached like the organization page's figures, per
        # date.
        counted = figure_cache.high_figures(
            organization, "organizations.statistics.count_members", as_of=as_of.isoformat()
        )
        paginator.__dict__["count"] = counted["count"]  # Paginator.count is a cached property
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for member in page.object_list:
        member.official_then = member.official_on is not None and member.official_on <= as_of
    return render(
        request,
        "organizations/member_list.html",
        {
            "organization": organization,
            "form": form,
            "page": page,
            "as_of": as_of,
            "filters": query_without_page(request),
            "can_write": access.can_write(request.user, organization),
            "column_labels": _member_column_labels(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_create(request, pk):
    organization = access.get_visible_organization_or_404(request.user, pk)
    access.require_write(request.user, organization)
    cells = _member_cells(organization, request.user)
    if cells.count() > MAX_CELL_CHOICES:
        # A drop-down of a city's 25,000 cells is no use to anyone.
        messages.info(request, _("Open the grassroots organization or the cell to add a member."))
        return redirect("organizations:member-list", pk=organization.pk)
    initial = {"organization": organization.pk} if organization.kind.holds_members else {}
    form = MemberForm(request.POST or None, organizations=cells, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values.pop("version")
        try:
            member = services.create_member(actor=request.user, **values)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Member %(name)s was added.") % {"name": member.full_name})
            duplicates = Member.objects.visible_to(request.user).possible_duplicates(
                [(member.code, member.name_key, member.birth_date)]
            )
            for other in duplicates.get(member.code, []):
                messages.warning(
                    request,
                    _(
                        "%(other)s (%(code)s, %(organization)s) has the same name and date of "
                        "birth. Check that they are different people."
                    )
                    % {
                        "other": other.full_name,
                        "code": other.code,
                        "organization": other.organization.name,
                    },
                )
            return redirect("organizations:member-list", pk=organization.pk)
    return render(
        request,
        "organizations/member_form.html",
        {"organization": organization, "form": form, "member": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, pk):
    member = get_object_or_404(
        Member.objects.visible_to(request.user).select_related("organization__kind"), pk=pk
    )
    access.require_write(request.user, member.organization)
    # A member may be moved to any cell the user may write to.
    cells = (
        Organization.objects.filter(kind__holds_members=True)
        .writable_by(request.user)
        .only("pk", "name", "code", "path")
    )
    initial = {field: getattr(member, field) for field in services.MEMBER_FIELDS}
    initial["organization"] = member.organization_id
    initial["version"] = member.version
    form = MemberForm(request.POST or None, organizations=cells, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        expected_version = changes.pop("version")
        try:
            services.update_member(
                member=member, actor=request.user, expected_version=expected_version, **changes
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member's data were saved."))
            return redirect("organizations:member-list", pk=member.organization_id)
    return render(
        request,
        "organizations/member_form.html",
        {"organization": member.organization, "form": form, "member": member},
    )


# --- Moving and merging organizations --------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organization_move(request, pk):
    """Move an organization and its whole subtree under another one (with confirmation)."""
    return _restructure(request, pk, merging=False)


@login_required
@require_http_methods(["GET", "POST"])
def organization_merge(request, pk):
    """Merge an organization into another of its kind (with confirmation): its members and the
    organizations below it move there, it stays in the tree as history (rule R-OR-06)."""
    return _restructure(request, pk, merging=True)


def _restructured_or_404(request, pk):
    """The organization `pk` if the user may move or merge it: 404 out of scope, else 403."""
    organization = get_object_or_404(
        Organization.objects.visible_to(request.user).select_related("kind"), pk=pk
    )
    access.require_restructure(request.user, organization)
    return organization


@login_required
@require_GET
def destination_search(request, pk):
    """The destination picker's search (core.pickers): organizations by accent-free name or
    code, where the user may move or merge organization `pk` to (`merge=1`: of its kind, or of
    a kind a reform began above it, R-OR-06)."""
    organization = _restructured_or_404(request, pk)
    choices = destinations(request.user).exclude(pk=organization.pk)
    if request.GET.get("merge"):
        reform_kinds = OrganizationKind.objects.filter(
            valid_from__isnull=False, level__lt=organization.kind.level
        )
        choices = choices.filter(Q(kind=organization.kind_id) | Q(kind__in=reform_kinds))
    return picker_response(request, ORGANIZATIONS, choices)


def _restructure(request, pk, *, merging):
    """The form; then a page saying what will change; then, confirmed, the change itself."""
    organization = _restructured_or_404(request, pk)
    form = RestructureForm(
        request.POST or None,
        user=request.user,
        organization=organization,
        merging=merging,
        search_url=reverse("organizations:destination-search", args=[organization.pk])
        + ("?merge=1" if merging else ""),
        initial={"version": organization.version, "merged_on": timezone.localdate()},
    )
    impact = None
    if request.method == "POST" and form.is_valid():
        destination = form.cleaned_data["destination"]
        try:
            if merging:
                services.check_merge(
                    organization, destination, merged_on=form.cleaned_data["merged_on"]
                )
            else:
                services.check_move(organization, destination)
            if form.cleaned_data["confirmed"]:
                return _apply_restructure(request, form, organization, destination, merging)
            impact = {
                "organizations": Organization.objects.in_subtree(organization).count() - 1,
                "members": Member.objects.in_subtree(organization).count(),
                "destination": destination,
            }
            if merging:
                impact.update(hooks.merge_checks(destination, form.cleaned_data["merged_on"]))
        except ValidationError as error:
            add_service_errors(form, error)
    return render(
        request,
        "organizations/restructure.html",
        {"organization": organization, "form": form, "merging": merging, "impact": impact},
    )


def _apply_restructure(request, form, organization, destination, merging):
    version = form.cleaned_data["version"]
    if merging:
        services.merge_organizations(
            predecessors=[organization],
            successor=destination,
            merged_on=form.cleaned_data["merged_on"],
            actor=request.user,
            expected_versions={organization.pk: version},
        )
        messages.success(
            request,
            _("%(name)s was merged into %(successor)s, which must now hold its congress.")
            % {"name": organization.name, "successor": destination.name},
        )
        return redirect("organizations:organization-detail", pk=destination.pk)
    services.move_organization(
        organization=organization, new_parent=destination, actor=request.user,
        expected_version=version,
    )  # fmt: skip
    messages.success(
        request,
        _("%(name)s now stands under %(parent)s.")
        % {"name": organization.name, "parent": destination.name},
    )
    return redirect("organizations:organization-detail", pk=organization.pk)
