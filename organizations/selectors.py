"""Reads of organizations that other apps' pages and reports use (the subtree figures live in
organizations.statistics, whose dotted names the figure cache keeps)."""

from organizations.models import Organization


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
