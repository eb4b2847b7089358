from itertools import pairwise

from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from congresses.choices import HELD_STAGES, CongressOccasion, Stage
from organizations.querysets import PathScopedQuerySet, branch_on

STEP = 4  # organizations.models.Organization.STEP, without importing the model here


def held_q(day, prefix=""):
    """Held on `day`: the move into a held stage took effect on or before it."""
    return Q(**{f"{prefix}held_on__lte": day})


def forward_q():
    """A move one stage forward (a StageTransition's from/to pair); a move back is a
    correction, which marks the moves it corrects undone rather than being history itself."""
    q = Q(pk__in=[])
    for before, after in pairwise(Stage):
        q |= Q(from_stage=before, to_stage=after)
    return q


class StageTransitionQuerySet(models.QuerySet):
    def standing(self):
        """The stage history: the moves forward not undone by a correction (undone_by). The
        corrections themselves are left out: they only mark undone what they correct, so the
        history reads as if the mistaken moves never happened."""
        return self.filter(forward_q(), undone_by__isnull=True)

    def as_of(self, day):
        """The history (standing) as it had taken effect on `day`."""
        return self.standing().filter(effective_on__lte=day)


class CongressQuerySet(PathScopedQuerySet):
    def in_subtree_on(self, organization, day):
        """The congresses in the subtree of `organization` as it stood on `day`
        (organizations.querysets.subtree_on_q) of organizations founded by then
        (`founded_by`): what every page and figure of a date counts (the dashboard, the
        congress list, the summaries). One join to the organizations, no query more."""
        return super().in_subtree_on(organization, day).founded_by(day)

    def founded_by(self, day):
        """The congresses that could have been planned on `day`: of organizations founded on
        or before it (core.asof.founded_by: the congress of a ward committee founded in 2025
        is not "planned" on a date of 2020), and, for a congress after a merger, not before
        its merger (issue 15: its window starts on the merger's day, set by
        occasions.plan_merger_congress; a merger of 01/06/2021 plans nothing on 20/02/2020).
        Every congress when `day` is None. Reads reaching congresses otherwise than by
        `in_subtree_on` (the worklist, a working group's congresses) call it themselves."""
        from core.asof import founded_by

        if day is None:
            return self
        after_merger = Q(occasion=CongressOccasion.MERGER, window_start__gt=day)
        return self.filter(founded_by(day, "organization__")).exclude(after_merger)

    def regular(self):
        """The regular congresses of their terms: "the term's congress" of an organization,
        and what the wave's figures count (issue 15, item 6)."""
        return self.filter(occasion=CongressOccasion.REGULAR)

    def other_occasions(self):
        """The congresses held besides the regular one (mid-term, merger, extraordinary)."""
        return self.exclude(occasion=CongressOccasion.REGULAR)

    def held(self):
        """Held now (the current stage): the checks of the services (R-WV-01)."""
        return self.filter(stage__in=HELD_STAGES)

    def not_held(self):
        return self.exclude(stage__in=HELD_STAGES)

    def held_on_or_before(self, day):
        """Held on `day`: moved into a held stage effective on or before it (core.asof)."""
        return self.filter(held_q(day))

    def not_held_on(self, day):
        return self.exclude(held_q(day))

    def with_stage_on(self, day):
        """Annotates `stage_on`: the stage of the last transition effective on or before
        `day` (planned before the first one). One subquery; none on or after today, when it
        is the stage itself (no stage change is dated in the future): a page of today reads a
        whole city's congresses as fast as before it took a date."""
        from congresses.models import StageTransition
        from core.asof import today

        if day >= today():
            return self.annotate(stage_on=F("stage"))

        last = (
            StageTransition.objects.filter(congress=OuterRef("pk"))
            .as_of(day)
            .order_by("-effective_on", "-at", "-id")
            .values("to_stage")[:1]
        )
        return self.annotate(stage_on=Coalesce(Subquery(last), Value(Stage.PLANNED)))

    def overdue(self, *, as_of):
        """Planned before `as_of` and not held on `as_of`."""
        return self.not_held_on(as_of).filter(planned_date__lt=as_of)

    def rollup(self, *, as_of, **group):
        """Planned, held, overdue, pilots and pilots held on `as_of`, grouped by `group`: one
        query (held counted on the `congress_held_on` index)."""
        return (
            self.values(**group)
            .annotate(
                planned=Count("pk"),
                held=Count("pk", filter=held_q(as_of)),
                overdue=Count("pk", filter=Q(planned_date__lt=as_of) & ~held_q(as_of)),
                pilots=Count("pk", filter=Q(is_pilot=True)),
                pilots_held=Count("pk", filter=Q(is_pilot=True) & held_q(as_of)),
            )
            .order_by(*group)
        )

    def progress_by_level(self, *, as_of):
        """One row per level of the tree: planned, held, overdue, pilots. One query."""
        return self.rollup(as_of=as_of, level_number=models.F("level"))

    def progress_by_child(self, organization, *, as_of):
        """One row per direct child of `organization`, counting that child's whole branch.

        The child's path prefix is the GROUP BY key: one query, no loop over nodes. On a past
        `as_of`, the children and branches of that day (organizations.querysets.branch_on).
        """
        prefix = branch_on(organization, as_of, "org_path", STEP)
        return (
            self.in_subtree_on(organization, as_of)
            .exclude(organization=organization)
            .rollup(as_of=as_of, branch=prefix)
        )


class WorkingGroupQuerySet(PathScopedQuerySet):
    """Working groups scoped by the path of the organization that set them up."""

    path_field = "owner_path"
