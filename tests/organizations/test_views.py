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
def test_list_query_count_is_constant(client, tree, cells, django_assert_num_queries):
    OrganizationFactory.create_batch(cells, parent=tree["xuan_la"])
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    # session, user, grants, count, page with kinds, recent jobs
    with django_assert_num_queries(6):
        response = client.get(reverse("organizations:organization-list"))

    assert len(response.context["page"]) == 2 + cells
