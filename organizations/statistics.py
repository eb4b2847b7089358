"""Aggregates over a subtree: each function is one grouped query on an indexed path range."""

from django.db.models import Count, Q

from organizations.choices import Gender
from organizations.models import Member, Organization

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
    """Counts over every member of `organization`'s subtree, ages at `as_of`: one query."""
    aggregates = {
        "total": Count("pk"),
        "female": Count("pk", filter=Q(gender=Gender.FEMALE)),
        "male": Count("pk", filter=Q(gender=Gender.MALE)),
        "official": Count("pk", filter=Q(official_on__isnull=False)),
        "probationary": Count("pk", filter=Q(official_on__isnull=True)),
    }
    for low, high in AGE_BANDS:
        # Aged at least `low` means born on or before as_of - low years.
        condition = Q()
        if low is not None:
            condition &= Q(birth_date__lte=years_before(as_of, low))
        if high is not None:
            condition &= Q(birth_date__gt=years_before(as_of, high))
        aggregates[age_band_key(low, high)] = Count("pk", filter=condition)
    return Member.objects.in_subtree(organization).aggregate(**aggregates)


def ethnicity_counts(organization):
    """[(ethnicity, count)] over the subtree, largest first: one grouped query."""
    return list(
        Member.objects.in_subtree(organization)
        .values_list("ethnicity")
        .annotate(count=Count("pk"))
        .order_by("-count", "ethnicity")
    )


def kind_counts(organization, *, children_only=False):
    """[{"kind__name", "kind__level", "count"}] of the organizations below `organization`."""
    organizations = Organization.objects.in_subtree(organization).exclude(pk=organization.pk)
    if children_only:
        organizations = organizations.filter(depth=organization.depth + 1)
    return list(
        organizations.values("kind__name", "kind__level")
        .annotate(count=Count("pk"))
        .order_by("kind__level", "kind__name")
    )


def kind_fit_warnings(organization, *, member_count, official_count):
    """Rule R-OR-01 as warnings (never refusals): member counts that do not fit the kind."""
    from django.utils.translation import gettext as _

    kind = organization.kind
    warnings = []
    if kind.min_members is not None and member_count < kind.min_members:
        warnings.append(
            _("A %(kind)s usually has at least %(minimum)s members; this one has %(count)s.")
            % {"kind": kind.name, "minimum": kind.min_members, "count": member_count}
        )
    if kind.max_members is not None and member_count > kind.max_members:
        warnings.append(
            _("A %(kind)s usually has at most %(maximum)s members; this one has %(count)s.")
            % {"kind": kind.name, "maximum": kind.max_members, "count": member_count}
        )
    if kind.level == 3 and official_count < 3:
        warnings.append(
            _(
                "A grassroots organization needs at least 3 official members; "
                "this one has %(count)s."
            )
            % {"count": official_count}
        )
    return warnings
