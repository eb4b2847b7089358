"""The unfiltered member list of a whole city counts its members once a minute (cached), as
the organization page does; filtered lists and lower organizations count every time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def counts(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, sum("COUNT(" in query["sql"] for query in queries.captured_queries)


def test_city_list_count_is_cached_and_filtered_lists_are_exact(client, tree):
    cell = OrganizationFactory(parent=tree["xuan_la"])
    for _ in range(3):
        MemberFactory(organization=cell)
    client.force_login(UserFactory(scope=tree["city"], role="leader"))
    city = reverse("organizations:member-list", args=[tree["city"].pk])

    first, first_counts = counts(client, city)
    MemberFactory(organization=cell)
    second, second_counts = counts(client, city)
    filtered, filtered_counts = counts(client, city, gender="male")

    assert first.context["page"].paginator.count == 3
    assert (first_counts, second_counts) == (1, 0)
    assert second.context["page"].paginator.count == 3  # counted a minute ago at most
    assert filtered.context["page"].paginator.count == 4  # a filter counts now
    assert filtered_counts == 1
    ward = reverse("organizations:member-list", args=[tree["xuan_la"].pk])
    assert counts(client, ward)[0].context["page"].paginator.count == 4
