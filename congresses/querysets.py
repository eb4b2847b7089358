from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Substr

from congresses.choices import HELD_STAGES
from organizations.querysets import PathScopedQuerySet

STEP = 4  # organizations.models.Organization.STEP, without importing the model here


class CongressQuerySet(PathScopedQuerySet):
    def held(self):
        return self.filter(stage__in=HELD_STAGES)

    def not_held(self):
        return self.exclude(stage__in=HELD_STAGES)

    def overdue(self, *, as_of):
        """Planned before `as_of` and still not held."""
        return self.not_held().filter(planned_date__lt=as_of)

    def rollup(self, *, as_of, **group):
        """Planned, held, overdue, pilots and pilots held, grouped by `group`: one query."""
        return (
            self.values(**group)
            .annotate(
                planned=Count("pk"),
                held=Count("pk", filter=Q(stage__in=HELD_STAGES)),
                overdue=Count("pk", filter=Q(planned_date__lt=as_of) & ~Q(stage__in=HELD_STAGES)),
                pilots=Count("pk", filter=Q(is_pilot=True)),
                pilots_held=Count("pk", filter=Q(is_pilot=True, stage__in=HELD_STAGES)),
            )
            .order_by(*group)
        )

    def progress_by_level(self, *, as_of):
        """One row per level of the tree: planned, held, overdue, pilots. One query."""
        return self.rollup(as_of=as_of, level_number=models.F("level"))

    def progress_by_child(self, organization, *, as_of):
        """One row per direct child of `organization`, counting that child's whole branch.

        The child's path prefix is the GROUP BY key: one query, no loop over nodes.
        """
        prefix = Substr("org_path", 1, len(organization.path) + STEP)
        return (
            self.in_subtree(organization)
            .exclude(organization=organization)
            .rollup(as_of=as_of, branch=prefix)
        )


class WorkingGroupQuerySet(PathScopedQuerySet):
    """Working groups scoped by the path of the organization that set them up."""

    path_field = "owner_path"
