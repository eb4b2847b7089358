import pytest
from django.urls import reverse

from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_list_shows_exactly_the_granted_subtree(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    response = client.get(reverse("organizations:organization-list"))

    assert response.status_code == 200
    assert [org.code for org in response.context["page"]] == ["HN-TH", "HN-TH-P07"]


def test_list_for_user_without_grant_is_empty(client, tree):
    client.force_login(UserFactory())

    response = client.get(reverse("organizations:organization-list"))

    assert list(response.context["page"]) == []
    assert "Bạn chưa được phân quyền" in response.content.decode()


def test_superuser_sees_every_organization(client, tree):
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(reverse("organizations:organization-list"))

    assert [org.code for org in response.context["page"]] == ["HN", "HN-TH", "HN-TH-P07", "HN-LB"]


def test_search_filters_by_name_within_scope(client, tree):
    client.force_login(UserFactory(scope=tree["city"], role="leader"))

    response = client.get(reverse("organizations:organization-list"), {"q": "Xuân La"})

    assert [org.code for org in response.context["page"]] == ["HN-TH-P07"]


@pytest.mark.parametrize("cells", [1, 30])
@pytest.mark.parametrize(("params", "queries"), [({}, 7), ({"as_of": "01/06/2020"}, 8)])
def test_list_query_count_is_constant(
    client, tree, cells, params, queries, django_assert_num_queries
):
    OrganizationFactory.create_batch(cells, parent=tree["xuan_la"])
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    # session, user, grants, count, page with kinds, the children on the date of the
    # organizations opening a branch (one grouped query), recent jobs; on a past date the
    # moves in the tree since it too (read once per request)
    with django_assert_num_queries(queries):
        response = client.get(reverse("organizations:organization-list"), params)

    assert len(response.context["page"]) == 2 + cells
