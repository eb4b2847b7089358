"""The counts behind a high organization's member cap warnings (R-CL-05), cached.

A city's cap warnings count every member rating of the period in the city (450,000 ratings:
~1 s under load, issue 15's benchmark; the whole table is the subtree, so no index helps).
For organizations at most STATS_CACHE_MAX_DEPTH deep the grouped counts are kept in the
figure cache (organizations.figure_cache, like the city's member counts), keyed by the
period, step and date asked (core.asof) and by the period's generation: saving ratings of the
period (services.ratings.save_ratings) starts a new generation, so the next page counts again.
"""

import time

from django.core.cache import cache
from django.db import transaction

MEMBER_CAPS = "recognition.figures.count_member_caps"


def _generation_key(period_pk):
    return f"recognition:ratings-generation:{period_pk}"


def generation(period_pk):
    """The period's ratings generation (0 until ratings of it are saved in this cache's life)."""
    return cache.get(_generation_key(period_pk), 0)


def ratings_saved(period_pk):
    """Start a new generation of the period's cap counts once the saving transaction commits."""
    transaction.on_commit(lambda: cache.set(_generation_key(period_pk), time.time_ns(), None))


def count_member_caps(organization, *, period, step, as_of, length, generation):
    """figure_cache's count: the rows of `recognition.selectors.member_cap_counts` (JSON)."""
    import datetime

    from recognition import selectors

    del generation  # in the cache key only
    rows = selectors.member_cap_counts(
        period=period,
        organization=organization,
        step=step,
        as_of=datetime.date.fromisoformat(as_of) if as_of else None,
        length=length,
    )
    return {"rows": [[row["group"], row["excellent"], row["good"]] for row in rows]}
