"""The counts behind a high organization's member cap warnings (R-CL-05), cached.

A city's cap warnings count every member rating of the period in the city (450,000 ratings:
~1 s under load, issue 15's benchmark; the whole table is the subtree, so no index helps).
For organizations at most STATS_CACHE_MAX_DEPTH deep the grouped counts are kept in the
figure cache (organizations.figure_cache, like the city's member counts), keyed by the
period, step and date asked (core.asof) and by the period's generation: saving ratings of the
period (services.ratings.save_ratings) starts a new generation, so the next page counts again.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

logger = logging.getLogger(__name__)

MEMBER_CAPS = "recognition.figures.count_member_caps"
# The rating grid's paginator count of a high organization's members (450,000 in a city: a
# parallel sequential scan, ~40 ms idle), cached like the member list's.
GRID_MEMBERS = "organizations.statistics.count_all_members"


def default_grid_figures(_today):
    """figure_cache.register_default_figures's provider: the grid's member count, counted
    ahead by celery beat (`warm_high_figures`) for every high organization."""
    return [(GRID_MEMBERS, {})]


def _generation_key(period_pk):
    return f"recognition:ratings-generation:{period_pk}"


def generation(period_pk):
    """The period's ratings generation (0 until ratings of it are saved in this cache's life)."""
    return cache.get(_generation_key(period_pk), 0)


def ratings_saved(period_pk, *, step=None, paths=()):
    """Start a new generation of the period's cap counts once the saving transaction commits;
    with `step` and the `paths` of the members rated, then queue the new counts of the high
    organizations above them (`warm_cap_counts`): the first grid after saving finds them
    counted (a city's: ~1 s) instead of counting them in the request."""

    def renew():
        cache.set(_generation_key(period_pk), time.time_ns(), None)
        if step and paths:
            _warm_later(period_pk, step, sorted(set(paths)))

    transaction.on_commit(renew)


def _warm_later(period_pk, step, paths):
    from recognition.tasks import warm_cap_counts_task

    try:
        warm_cap_counts_task.delay(period_pk, step, _high_ancestor_paths(paths))
    except BrokerError:
        # No broker: the first grid counts them itself, as before.
        logger.warning("Could not queue the cap counts of period %s", period_pk)


def _high_ancestor_paths(paths):
    """The paths, at most STATS_CACHE_MAX_DEPTH deep, above or at any of `paths`."""
    from organizations.models import Organization

    step = Organization.STEP
    deepest = settings.STATS_CACHE_MAX_DEPTH * step
    return sorted(
        {
            path[:length]
            for path in paths
            for length in range(step, min(len(path), deepest) + 1, step)
        }
    )


def warm_cap_counts(period_pk, step, paths):
    """Count and keep today's cap counts at `step` of the high organizations at `paths` above
    the grassroots level (the ones whose grid reads them from the figure cache), under the
    period's current generation: exactly what their grid asks (`member_cap_warnings`)."""
    from core.asof import today
    from organizations.models import Organization
    from recognition import selectors
    from recognition.models import Period
    from recognition.rules import GRASSROOTS_LEVEL

    period = Period.objects.filter(pk=period_pk).first()
    if period is None:
        return
    for organization in Organization.objects.filter(
        path__in=paths, depth__lte=settings.STATS_CACHE_MAX_DEPTH, kind__level__lt=GRASSROOTS_LEVEL
    ).select_related("kind"):
        selectors.member_cap_warnings(
            period=period, organization=organization, step=step, as_of=today()
        )


def count_member_caps(organization, *, period, step, as_of, generation):
    """figure_cache's count: `recognition.selectors.grassroots_cap_rows` (JSON)."""
    import datetime

    from recognition import selectors

    del generation  # in the cache key only
    rows = selectors.grassroots_cap_rows(
        period=period,  # its pk: a filter's value
        organization=organization,
        step=step,
        as_of=datetime.date.fromisoformat(as_of) if as_of else None,
    )
    return {"rows": rows}
