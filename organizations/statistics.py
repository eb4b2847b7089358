"""Aggregates over a subtree: each function is one grouped query on an indexed path range."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from organizations import figure_cache
from organizations.choices import Gender
from organizations.models import Member, Organization
from organizations.querysets import children_on_q

# Age bands (years, lower bound inclusive); "under 40" is the youth cut-off of the 2020 term.
AGE_BANDS = ((None, 30), (30, 40), (40, 50), (50, 60), (60, None))


def years_before(day, years):
    """The same calendar day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_band_key(low, high):
    if low is None:
        return f"under_{high}"
    if high is None:
        return f"from_{low}"
    return f"from_{low}_to_{high}"


def member_statistics(organization, *, as_of):
    """Counts over the members of `organization`'s subtree on `as_of` (admitted by then and not
    yet gone, core.asof), ages and official status at `as_of`: one query."""
    # Count a column of the covering index (org_path, never null), not the id: counting the
    # id, which the index lacks, made PostgreSQL read the table instead of the index alone
    # (docs/benchmarks.md). Django refuses COUNT(*) with a filter.
    counted = "org_path"
    official = Q(official_on__isnull=False, official_on__lte=as_of)
    aggregates = {
        "total": Count(counted),
        "female": Count(counted, filter=Q(gender=Gender.FEMALE)),
        "male": Count(counted, filter=Q(gender=Gender.MALE)),
        "official": Count(counted, filter=official),
        "probationary": Count(counted, filter=~official),
    }
    for low, high in AGE_BANDS:
        # Aged at least `low` means born on or before as_of - low years.
        condition = Q()
        if low is not None:
            condition &= Q(birth_date__lte=years_before(as_of, low))
        if high is not None:
            condition &= Q(birth_date__gt=years_before(as_of, high))
        aggregates[age_band_key(low, high)] = Count(counted, filter=condition)
    return Member.objects.in_subtree_on(organization, as_of).on(as_of).aggregate(**aggregates)


def ethnicity_counts(organization, *, as_of=None):
    """[(ethnicity, count)] over the subtree's members on `as_of` (core.asof; all when None),
    largest first: one grouped query."""
    return list(
        Member.objects.in_subtree_on(organization, as_of)
        .on(as_of)
        .values_list("ethnicity")
        .annotate(count=Count("pk"))
        .order_by("-count", "ethnicity")
    )


def kind_counts(organization, *, as_of=None):
    """Organizations below `organization` per kind, there on `as_of` (core.asof: founded by
    then, not yet dissolved or merged away; all when None): directly below and in the whole
    subtree.

    [{"kind__name", "kind__level", "children", "total"}]: one grouped query.
    """
    return list(
        Organization.objects.in_subtree_on(organization, as_of)
        .on(as_of)
        .exclude(pk=organization.pk)
        .values("kind__name", "kind__level")
        .annotate(
            total=Count("pk"), children=Count("pk", filter=children_on_q(organization, as_of))
        )
        .order_by("kind__level", "kind__name")
    )


def subtree_figures(organization, *, as_of):
    """Member statistics, ethnicities and kinds below `organization` (three queries), with
    "computed_at": when a high organization's figures were counted (`figure_cache`)."""
    return figure_cache.high_figures(
        organization, "organizations.statistics.count_subtree_figures", as_of=as_of.isoformat()
    )


def count_subtree_figures(organization, *, as_of):
    """`subtree_figures` counted now; `as_of` as ISO text (it travels to the worker)."""
    as_of = datetime.date.fromisoformat(as_of)
    return {
        "members": member_statistics(organization, as_of=as_of),
        "ethnicities": ethnicity_counts(organization, as_of=as_of),
        "kind_rows": kind_counts(organization, as_of=as_of),
    }


def count_members(organization, *, as_of=None):
    """{"count": members of the subtree on `as_of`} (ISO text, today when None — a recount
    queued before the date was a parameter; core.asof: admitted by then, not yet gone): the
    unfiltered member list's paginator count on that date."""
    as_of = datetime.date.fromisoformat(as_of) if as_of else timezone.localdate()
    return {"count": Member.objects.in_subtree_on(organization, as_of).on(as_of).count()}


def count_all_members(organization):
    """{"count": every member row of the subtree, gone ones included}: the rating grid's
    paginator count (recognition.views.rating_grid lists them all, not on a date)."""
    return {"count": Member.objects.in_subtree(organization).count()}


def kind_fit_warnings(organization, *, member_count, official_count, as_of=None):
    """Rules R-OR-01 and R-OR-02 as warnings (never refusals): member counts that do not fit
    the kind, each citing its rule with the source of the rule pack in force on `as_of`
    (today when None; hooks.cite, filled by congresses, which organizations cannot import).
    No query when nothing is wrong."""
    from django.utils.translation import gettext as _

    from organizations import hooks

    day = as_of or timezone.localdate()
    kind = organization.kind
    warnings = []
    if kind.min_members is not None and member_count < kind.min_members:
        warnings.append(
            _(
                "A %(kind)s usually has at least %(minimum)s members; this one has %(count)s "
                "(%(rule)s)."
            )
            % {
                "kind": kind.name,
                "minimum": kind.min_members,
                "count": member_count,
                "rule": hooks.cite("R-OR-01", day),
            }
        )
    if kind.max_members is not None and member_count > kind.max_members:
        warnings.append(
            _(
                "A %(kind)s usually has at most %(maximum)s members; this one has %(count)s "
                "(%(rule)s)."
            )
            % {
                "kind": kind.name,
                "maximum": kind.max_members,
                "count": member_count,
                "rule": hooks.cite("R-OR-01", day),
            }
        )
    if kind.level == 3 and official_count < 3:
        warnings.append(
            _(
                "A grassroots organization needs at least 3 official members; this one has "
                "%(count)s. With fewer, its members are attached to another organization "
                "(%(rule)s; %(attached)s)."
            )
            % {
                "count": official_count,
                "rule": hooks.cite("R-OR-01", day),
                "attached": hooks.cite("R-OR-02", day),
            }
        )
    return warnings


def organizations_by_kind(organization, *, as_of=None):
    """The organizations below `organization` per kind (name, level, whether it holds
    members) there on `as_of` (core.asof; all when None), shallowest kinds first. One grouped
    query."""
    return list(
        Organization.objects.in_subtree_on(organization, as_of)
        .on(as_of)
        .exclude(pk=organization.pk)
        .values("kind__name", "kind__name_en", "kind__level", "kind__holds_members")
        .annotate(count=Count("pk"))
        .order_by("kind__level", "kind__name")
    )
