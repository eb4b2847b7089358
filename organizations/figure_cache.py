"""Figures of the highest organizations (a whole city or province), counted off the request.

Counting every member of a city takes ~150 ms and of a whole country's party ~1.2 s
(docs/benchmarks.md): too long for a page. The figures of organizations at most
STATS_CACHE_MAX_DEPTH deep are kept in the cache, with the time they were counted:

- younger than STATS_CACHE_SECONDS: served as they are;
- older, up to STATS_CACHE_STALE_SECONDS: still served, while one worker task counts them
  again (one task per key at a time; with tasks run in process, the request counts them);
- missing (a restart, or a date nobody asked for yet): counted in the request.

Celery beat recounts the figures pages ask for by default (today's, the current term's)
every STATS_WARM_SECONDS (`warm_high_figures`), so in production no page waits for them.

A figure is named by the dotted path of a function `count(organization, **params)` returning
a dict; `params` must be JSON values (a date as its ISO text), as they travel to the worker.
"""

import datetime
import itertools
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError as BrokerError

from organizations.models import Organization

logger = logging.getLogger(__name__)

# The figures that may be counted this way (a task names one; nothing else is imported): the
# ones of organizations, and those the apps above it register from their AppConfig.ready().
COUNTS = {
    "organizations.statistics.count_subtree_figures",
    "organizations.statistics.count_members",
    "organizations.statistics.count_all_members",
}
# Functions `wanted(today)` returning (count_path, params) pairs counted ahead by celery beat,
# registered by the apps that own those figures.
_default_figure_providers = []


def register_count(count_path):
    """Allow `count_path` (the dotted path of a counting function) to be counted here."""
    COUNTS.add(count_path)


def register_default_figures(provider):
    """Count `provider(today)`'s figures of every high organization ahead (`warm_high_figures`)."""
    if provider not in _default_figure_providers:
        _default_figure_providers.append(provider)


def is_high(organization):
    return organization.depth <= settings.STATS_CACHE_MAX_DEPTH


def cache_key(count_path, organization, params):
    """The cache key of the figures `count_path` counts for `organization` with `params`."""
    arguments = json.dumps(params, sort_keys=True, separators=(",", ":"))
    return ":".join(("figures", count_path, str(organization.pk), organization.path, arguments))


def count(count_path, organization, params):
    """The figures counted now (only those named in COUNTS)."""
    if count_path not in COUNTS:
        raise ValueError(f"not a figure of figure_cache.COUNTS: {count_path}")
    return import_string(count_path)(organization, **params)


def count_and_store(count_path, organization, params):
    """Count now and keep the result; returns the stored entry."""
    entry = {"figures": count(count_path, organization, params), "computed_at": timezone.now()}
    cache.set(
        cache_key(count_path, organization, params), entry, settings.STATS_CACHE_STALE_SECONDS
    )
    return entry


def _is_stale(entry):
    """Whether a stored entry is older than STATS_CACHE_SECONDS (served, but to be recounted)."""
    age = timezone.now() - entry["computed_at"]
    return age > datetime.timedelta(seconds=settings.STATS_CACHE_SECONDS)


def _lock_key(key):
    """The cache key of the lock held while the figures stored under `key` are recounted."""
    return f"{key}:recounting"


def high_figures(organization, count_path, **params):
    """The figures `count_path` names for `organization`, with "computed_at" added: when they
    were counted for a high organization (served from the cache), None when counted now."""
    if not is_high(organization):
        return count(count_path, organization, params) | {"computed_at": None}
    key = cache_key(count_path, organization, params)
    entry = cache.get(key)
    if entry is None:
        entry = count_and_store(count_path, organization, params)
    elif _is_stale(entry):
        _recount_later(key, count_path, organization, params)
    return entry["figures"] | {"computed_at": entry["computed_at"]}


def _recount_later(key, count_path, organization, params):
    """Queue one recount of stale figures (the lock keeps other requests from queueing more)."""
    from organizations.tasks import recount_figures_task

    lock = _lock_key(key)
    if not cache.add(lock, True, settings.STATS_CACHE_SECONDS):
        return
    try:
        recount_figures_task.delay(count_path, organization.pk, params)
    except BrokerError:
        # No broker: the stale figures are still served; the lock lapses and the next request
        # after it tries again. Nothing about members goes to the log, only the figure's name.
        logger.warning(
            "Could not queue a recount of %s for organization %s", count_path, organization.pk
        )


def recount(count_path, organization_pk, params):
    """The worker's side of `_recount_later`: count, store, release the lock."""
    organization = Organization.objects.filter(pk=organization_pk).first()
    if organization is None:
        return
    key = cache_key(count_path, organization, params)
    try:
        count_and_store(count_path, organization, params)
    finally:
        cache.delete(_lock_key(key))


def default_figures(today):
    """(count_path, params) of the figures pages of a high organization ask for by default."""
    wanted = [
        ("organizations.statistics.count_subtree_figures", {"as_of": today.isoformat()}),
        ("organizations.statistics.count_members", {"as_of": today.isoformat()}),
    ]
    for provider in _default_figure_providers:
        wanted.extend(provider(today))
    return wanted


def warm_high_figures():
    """Count the default figures of every high organization; returns how many were stored."""
    wanted = default_figures(timezone.localdate())
    high = list(Organization.objects.filter(depth__lte=settings.STATS_CACHE_MAX_DEPTH))
    for organization, (count_path, params) in itertools.product(high, wanted):
        count_and_store(count_path, organization, params)
    return len(high) * len(wanted)
