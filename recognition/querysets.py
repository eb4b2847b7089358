"""Querysets of recognition rows that know what "on a date" means for them (core.asof)."""

from django.db.models import Case, F, IntegerField, Q, Value, When

from organizations.querysets import PathScopedQuerySet
from recognition.choices import WorkStatus


class CampaignWorkQuerySet(PathScopedQuerySet):
    def on(self, day):
        """The works registered on or before `day` (core.asof; all when None)."""
        from core.asof import on_or_before

        return self.filter(on_or_before("registered_on", day))

    def with_status_on(self, day, *, today):
        """Each work with `status_on`, its status on `day` (a work completed after it was still
        in progress then), and `progress_on`, its completion then: 100 when completed by then,
        unknown (None) when completed later or, on a past day, for a work not completed (only
        today's completion is recorded)."""
        completed_then = Q(status=WorkStatus.COMPLETED, completed_on__lte=day)
        completed_later = Q(status=WorkStatus.COMPLETED, completed_on__gt=day)
        status_on = Case(
            When(completed_later, then=Value(WorkStatus.IN_PROGRESS.value)), default=F("status")
        )
        known = F("progress") if day >= today else Value(None)
        progress_on = Case(
            When(completed_then, then=Value(100)),
            When(completed_later, then=Value(None)),
            default=known,
            output_field=IntegerField(),
        )
        return self.annotate(status_on=status_on, progress_on=progress_on)
