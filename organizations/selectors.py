"""Reads of organizations that other apps' pages and reports use (the subtree figures live in
organizations.statistics, whose dotted names the figure cache keeps)."""

from organizations.models import Organization


def parent_of(organization):
    """The organization directly above `organization`, or None for a root. One query."""
    if organization.depth <= 1:
        return None
    return Organization.objects.get_parent(organization)
