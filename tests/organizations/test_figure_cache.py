"""The figures of a whole city are served from the cache, recounted off the request when stale,
and counted ahead by celery beat (`organizations.figure_cache`)."""

import datetime
import logging
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from organizations import figure_cache
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

SUBTREE = "organizations.statistics.count_subtree_figures"


@pytest.fixture
def city(client, tree):
    """The city with one member, and a leader of the city signed in."""
    cell = OrganizationFactory(parent=tree["xuan_la"])
    MemberFactory(organization=cell)
    client.force_login(UserFactory(scope=tree["city"], role="leader"))
    return {"city": tree["city"], "cell": cell, "url": detail_url(tree["city"])}


def detail_url(organization):
    return reverse("organizations:organization-detail", args=[organization.pk])


def age_entries(organization, seconds):
    """Make every cached figure of `organization` `seconds` older; returns how many."""
    aged = 0
    for key in cached_keys(organization):
        entry = cache.get(key)
        entry["computed_at"] -= datetime.timedelta(seconds=seconds)
        cache.set(key, entry)
        aged += 1
    return aged


def cached_keys(organization):
    today = timezone.localdate()
    return [
        figure_cache.cache_key(path, organization, params)
        for path, params in figure_cache.default_figures(today)
        if cache.get(figure_cache.cache_key(path, organization, params)) is not None
    ]


def counting_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, sum("COUNT(" in query["sql"] for query in queries.captured_queries)


def test_stale_figures_are_served_and_recounted_once(client, city, settings):
    client.get(city["url"])
    MemberFactory(organization=city["cell"])
    assert age_entries(city["city"], settings.STATS_CACHE_SECONDS + 1) == 1

    with mock.patch("organizations.tasks.recount_figures_task.delay") as delay:
        first, first_counts = counting_queries(client, city["url"])
        second, second_counts = counting_queries(client, city["url"])

    # both requests get the stale figures at once; one recount is queued, not two
    assert (first.context["members"]["total"], second.context["members"]["total"]) == (1, 1)
    assert (first_counts, second_counts) == (0, 0)
    assert delay.call_args_list == [
        mock.call(SUBTREE, city["city"].pk, {"as_of": timezone.localdate().isoformat()})
    ]
    # the task (run here in process) counts, stores and frees the lock
    figure_cache.recount(*delay.call_args.args)
    third = client.get(city["url"])
    assert third.context["members"]["total"] == 2
    key = figure_cache.cache_key(SUBTREE, city["city"], delay.call_args.args[2])
    assert cache.get(f"{key}:recounting") is None


def test_in_process_tasks_recount_in_the_request_that_finds_them_stale(client, city, settings):
    client.get(city["url"])
    MemberFactory(organization=city["cell"])
    age_entries(city["city"], settings.STATS_CACHE_SECONDS + 1)

    stale = client.get(city["url"])  # the embedded profile: the task runs in this request
    fresh, fresh_counts = counting_queries(client, city["url"])

    assert (stale.context["members"]["total"], fresh.context["members"]["total"]) == (1, 2)
    assert fresh_counts == 0


def test_without_a_broker_stale_figures_are_still_served(client, city, settings, caplog):
    client.get(city["url"])
    age_entries(city["city"], settings.STATS_CACHE_SECONDS + 1)
    broken = mock.patch(
        "organizations.tasks.recount_figures_task.delay",
        side_effect=OperationalError("Error 111 connecting to redis. Connection refused."),
    )

    with broken, caplog.at_level(logging.WARNING, logger="organizations.figure_cache"):
        response = client.get(city["url"])

    assert response.status_code == 200
    assert response.context["members"]["total"] == 1
    assert [record.getMessage() for record in caplog.records] == [
        f"Could not queue a recount of {SUBTREE} for organization {city['city'].pk}"
    ]


def test_figures_older_than_the_stale_limit_are_counted_in_the_request(client, city):
    client.get(city["url"])
    MemberFactory(organization=city["cell"])
    key = cached_keys(city["city"])[0]
    cache.delete(key)  # what the cache does when the entry's timeout has passed

    response, counts = counting_queries(client, city["url"])

    assert response.context["members"]["total"] == 2
    assert counts >= 1


def test_warming_counts_every_default_figure_of_the_high_organizations(client, city, tree):
    other_root = OrganizationFactory(code="HCM", name="Đảng bộ Thành phố Hồ Chí Minh")
    wanted = figure_cache.default_figures(timezone.localdate())

    stored = figure_cache.warm_high_figures()

    # the two roots (depth 1); districts and wards are counted on every request
    # the subtree's figures, the member count, the wave, the results roll-up and the rating
    # grid's member count
    assert stored == 2 * len(wanted) == 10
    assert len(cached_keys(city["city"])) == len(cached_keys(other_root)) == 5
    assert cached_keys(tree["tay_ho"]) == []
    page, page_counts = counting_queries(client, city["url"])
    members, members_counts = counting_queries(
        client, reverse("organizations:member-list", args=[city["city"].pk])
    )
    wave, wave_counts = counting_queries(
        client, reverse("congresses:wave-dashboard", args=[city["city"].pk])
    )
    assert (page_counts, members_counts, wave_counts) == (0, 0, 0)
    # The results page serves the warmed roll-up: nothing of it is counted in the request.
    with mock.patch("personnel.rollup.results_rollup", side_effect=AssertionError("counted")):
        results = client.get(reverse("personnel:election-results", args=[city["city"].pk]))
    assert results.context["rollup"]["computed_at"] is not None
    assert page.context["members"]["total"] == members.context["page"].paginator.count == 1
    assert page.context["computed_at"] is not None
    assert wave.context["computed_at"] is not None


def test_warming_is_scheduled_with_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["warm-high-figures"]

    assert entry["task"] == "organizations.tasks.warm_high_figures_task"
    assert entry["schedule"] == settings.STATS_WARM_SECONDS < settings.STATS_CACHE_SECONDS


def test_only_the_known_figures_are_counted(tree):
    with pytest.raises(ValueError, match="not a figure"):
        figure_cache.high_figures(tree["city"], "os.system", command="true")
    with pytest.raises(ValueError, match="not a figure"):
        figure_cache.recount("os.system", tree["city"].pk, {"command": "true"})


def test_a_past_date_is_served_from_the_cache_under_its_own_key(client, city):
    """A city's figures on a past date go through the cache like today's (keyed by the date):
    counted once, then served; another date is counted apart."""
    url = city["url"] + "?as_of=01/01/2020"

    first, counted_first = counting_queries(client, url)
    MemberFactory(organization=city["cell"], admitted_on=datetime.date(2010, 1, 1))
    second, counted_again = counting_queries(client, url)
    _other, counted_other = counting_queries(client, city["url"] + "?as_of=02/01/2020")

    key = figure_cache.cache_key(SUBTREE, city["city"], {"as_of": "2020-01-01"})
    assert counted_first > 0
    assert counted_again == 0
    assert counted_other > 0
    assert second.context["members"]["total"] == first.context["members"]["total"] == 1
    assert second.context["computed_at"] == cache.get(key)["computed_at"]
