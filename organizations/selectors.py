"""Reads of organizations that other apps' pages and reports use (the subtree figures live in
organizations.statistics, whose dotted names the figure cache keeps)."""

from django.db.models import Case, Count, IntegerField, Q, Value, When

from organizations.models import Organization
from organizations.querysets import children_on_q


def parent_of(organization):
    """The organization directly above `organization`, or None for a root. One query."""
    if organization.depth <= 1:
        return None
    return Organization.objects.get_parent(organization)


def ancestor_paths(organization, *, inclusive=False):
    """The paths of the organizations above `organization`, the root's first; with `inclusive`,
    its own path last."""
    path, step = organization.path, Organization.STEP
    end = len(path) + 1 if inclusive else len(path)
    return [path[:length] for length in range(step, end, step)]


def visible_ancestors(organization, user):
    """The organizations above `organization` that `user` may see, for the breadcrumb."""
    return list(
        Organization.objects.visible_to(user)
        .filter(path__in=ancestor_paths(organization))
        .only("pk", "name", "path", "depth", "numchild")
    )


def units_of(organization_ids, *, with_own_name=True):
    """{id: the unit as printed in a list}: the organization's name followed by the name of
    the organization above it ("Chi bộ 1, Đảng bộ phường Xuân La"), so that the eleven "Chi bộ
    1" of a district are told apart; a root's name alone. With `with_own_name=False`, only the
    name above (the unit of a cell listed by its own name). Two queries."""
    ids = {pk for pk in organization_ids if pk is not None}
    if not ids:
        return {}
    rows = list(Organization.objects.filter(pk__in=ids).values_list("pk", "path", "name"))
    step = Organization.STEP
    above = dict(
        Organization.objects.filter(
            path__in={path[:-step] for _pk, path, _name in rows if len(path) > step}
        ).values_list("path", "name")
    )
    units = {}
    for pk, path, name in rows:
        parent = above.get(path[:-step], "")
        if with_own_name:
            units[pk] = f"{name}, {parent}" if parent else name
        else:
            units[pk] = parent or "—"
    return units


def children_counts_on(organizations, day):
    """{pk: how many organizations stood directly below it on `day`} for each of
    `organizations`: the children of that day (querysets.children_on_q, as the organization
    page lists them) there on it (founded by then, not yet gone), not treebeard's `numchild`,
    which counts today's children, the ones merged away included. One grouped query, whatever
    the number of organizations (each one's children are a range of the depth-and-path
    index); none when `organizations` is empty."""
    organizations = list(organizations)
    if not organizations:
        return {}
    below = [(organization.pk, children_on_q(organization, day)) for organization in organizations]
    any_below = Q()
    for _pk, query in below:
        any_below |= query
    rows = (
        Organization.objects.all()
        .on(day)
        .filter(any_below)
        .annotate(
            parent_pk=Case(
                *(When(query, then=Value(pk)) for pk, query in below),
                output_field=IntegerField(),
            )
        )
        .values("parent_pk")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts = {row["parent_pk"]: row["count"] for row in rows}
    return {organization.pk: counts.get(organization.pk, 0) for organization in organizations}
