"""Issue 18, item 11: the first screen. Each role lands where its work is; the organization
list offers no test report; empty lists say what to do next."""

import pytest
from django.urls import reverse

from reports.views import SUBTREE_KINDS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "where"),
    [
        ("staff", lambda tree: reverse("organizations:organization-list")),
        ("leader", lambda tree: reverse("congresses:wave-dashboard", args=[tree["tay_ho"].pk])),
        (
            "secretary",
            lambda tree: reverse("organizations:organization-detail", args=[tree["tay_ho"].pk]),
        ),
    ],
)
def test_each_role_lands_where_its_work_is(client, tree, role, where):
    client.force_login(UserFactory(scope=tree["tay_ho"], role=role))

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == where(tree)
    assert client.get(response["Location"]).status_code == 200


def test_staff_and_leader_grants_land_on_the_tree(client, tree):
    from organizations.models import RoleGrant

    user = UserFactory(scope=tree["tay_ho"], role="leader")
    RoleGrant.objects.create(user=user, role="staff", organization=tree["long_bien"])
    client.force_login(user)

    assert client.get(reverse("home"))["Location"] == reverse("organizations:organization-list")


def test_the_organization_list_offers_no_test_report(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    page = client.get(reverse("organizations:organization-list")).content.decode()
    request_page = client.get(
        reverse("reports:report-new", args=[tree["tay_ho"].pk])
    ).content.decode()

    assert 'value="test"' not in page
    assert "Báo cáo thử" not in page
    assert "test" not in [value for value, _label in SUBTREE_KINDS]
    assert 'value="test"' not in request_page


def test_an_empty_search_offers_the_whole_tree(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    page = client.get(reverse("organizations:organization-list") + "?q=zzzz").content.decode()

    assert "Không có tổ chức nào khớp với nội dung tìm kiếm." in page
    assert f'href="{reverse("organizations:organization-list")}"' in page


def test_empty_lists_say_what_to_do_next(client, tree):
    from tests.factories import OrganizationFactory

    cell = OrganizationFactory(parent=tree["xuan_la"])
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    members = client.get(reverse("organizations:member-list", args=[cell.pk])).content.decode()
    filtered = client.get(
        reverse("organizations:member-list", args=[cell.pk]) + "?q=zzzz"
    ).content.decode()
    reports = client.get(reverse("reports:job-list")).content.decode()

    assert "Chưa có đảng viên nào" in members
    assert f'href="{reverse("organizations:member-create", args=[cell.pk])}"' in members
    assert f'href="{reverse("organizations:member-list", args=[cell.pk])}">Bỏ bộ lọc' in filtered
    assert f'href="{reverse("organizations:organization-list")}">' in reports


def test_the_tree_collapses_per_organization(client, tree):
    """<details> per organization with children on the page: the first level stands open,
    the levels below closed; no script."""
    from tests.factories import OrganizationFactory

    cell = OrganizationFactory(parent=tree["xuan_la"], name="Chi bộ khu dân cư số 1")
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    page = client.get(reverse("organizations:organization-list")).content.decode()
    tay_ho = page.index(tree["tay_ho"].name)
    xuan_la = page.index(tree["xuan_la"].name)

    assert page.count("<details") == 2
    assert page.find("<details open>", tay_ho) < xuan_la
    assert tay_ho < page.find("<details>", xuan_la) < page.index(cell.name)
    assert page.index(cell.name) > xuan_la
    assert page.count("</details></li>") == 2
