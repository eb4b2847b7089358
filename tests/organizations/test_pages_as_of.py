"""The organization list and the member list on a date (issue 15, item 1; core.asof): the
organizations there on that date, the members admitted by then and not yet gone."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from core import asof
from organizations import services
from organizations.models import Member
from tests.asof_helpers import UNREADABLE, day_text, messages_of
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def members(cell):
    """Admitted 2010 (stays), admitted 2015 and gone 30/06/2020, admitted 01/03/2020 and official
    on 01/03/2021."""
    MemberFactory(organization=cell, code="M1", admitted_on=D(2010, 5, 1))
    gone = MemberFactory(organization=cell, code="M2", admitted_on=D(2015, 5, 1))
    MemberFactory(
        organization=cell, code="M3", admitted_on=D(2020, 3, 1), official_on=D(2021, 3, 1)
    )
    services.end_membership(member=gone, actor=None, expected_version=gone.version,
                            left_on=D(2020, 6, 30))  # fmt: skip


def listed(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response, [member.code for member in response.context["page"]]


@pytest.mark.parametrize(
    ("day", "codes"),
    [
        ("01/01/2009", []),
        ("29/06/2020", ["M1", "M2", "M3"]),
        # Gone on 30/06/2020: no longer listed that day, nor today.
        ("30/06/2020", ["M1", "M3"]),
        ("", ["M1", "M3"]),
    ],
)
def test_the_member_list_shows_the_members_on_the_date(client, tree, members, day, codes):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("organizations:member-list", args=[tree["tay_ho"].pk])

    response, shown = listed(client, url, as_of=day)

    assert sorted(shown) == codes
    assert response.context["page"].paginator.count == len(codes)
    shown_day = day or day_text(asof.today())
    assert f"tính đến ngày {shown_day}" in response.content.decode()


def test_the_member_status_and_search_are_those_of_the_date(client, tree, members):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("organizations:member-list", args=[tree["tay_ho"].pk])

    _response, probationary_then = listed(client, url, as_of="01/06/2020", status="probationary")
    _response, probationary_now = listed(client, url, status="probationary")
    _response, found = listed(client, url, as_of="01/06/2020", q="M2")
    response, page = listed(client, url, as_of="01/06/2020")

    assert probationary_then == ["M3"]
    assert probationary_now == []
    assert found == ["M2"]
    # The pagination links keep the date.
    assert "as_of=01%2F06%2F2020" in response.context["filters"]
    assert sorted(page) == ["M1", "M2", "M3"]


def test_an_unreadable_date_lists_todays_members_with_a_message(client, tree, members):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("organizations:member-list", args=[tree["tay_ho"].pk])

    response, shown = listed(client, url, as_of="31/02/2020")

    assert sorted(shown) == ["M1", "M3"]
    assert UNREADABLE in messages_of(response)


def test_the_count_of_a_citys_member_list_is_cached_per_date(client, tree, members, settings):
    settings.STATS_CACHE_MAX_DEPTH = 1
    cache.clear()
    client.force_login(UserFactory(scope=tree["city"], role="staff"))
    url = reverse("organizations:member-list", args=[tree["city"].pk])

    counts = {day: listed(client, url, as_of=day)[0] for day in ("29/06/2020", "30/06/2020")}
    # Counted once per date: a member added now leaves the counts kept for those dates.
    MemberFactory(organization=Member.objects.get(code="M1").organization, code="M4",
                  admitted_on=D(2019, 1, 1))  # fmt: skip
    again = listed(client, url, as_of="29/06/2020")[0]

    assert counts["29/06/2020"].context["page"].paginator.count == 3
    assert counts["30/06/2020"].context["page"].paginator.count == 2
    assert again.context["page"].paginator.count == 3
    cache.clear()


@pytest.mark.parametrize("size", [1, 20])
def test_member_list_on_a_date_query_count_is_constant(
    client, tree, cell, size, django_assert_num_queries
):
    MemberFactory.create_batch(size, organization=cell, admitted_on=D(2010, 1, 1))
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    # session, user, grants, organization, the moves in the tree since the date (read once per
    # request: organizations.querysets.subtree_on_q), count, page with cells
    with django_assert_num_queries(7):
        response = client.get(
            reverse("organizations:member-list", args=[tree["tay_ho"].pk]),
            {"as_of": "01/01/2020"},
        )

    assert len(response.context["page"]) == size


def test_the_organization_list_shows_the_tree_on_the_date(client, tree, cell):
    second = OrganizationFactory(code="HN-TH-P07-CB2", parent=tree["xuan_la"])
    services.update_organization(organization=cell, actor=None, expected_version=cell.version,
                                 valid_to=D(2020, 6, 30))  # fmt: skip
    services.update_organization(organization=second, actor=None,
                                 expected_version=second.version,
                                 valid_from=D(2020, 6, 30))  # fmt: skip
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("organizations:organization-list")

    def codes(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return response, {row["organization"].code for row in response.context["tree"]}

    _response, before = codes(as_of="29/06/2020")
    _response, after = codes(as_of="30/06/2020")
    response, today = codes(q="cb")

    assert {"HN-TH-P07-CB1"} <= before
    assert "HN-TH-P07-CB2" not in before
    assert {"HN-TH-P07-CB2"} <= after
    assert "HN-TH-P07-CB1" not in after
    assert today == {"HN-TH-P07-CB2"}
    assert "tính đến ngày" in response.content.decode()


def test_the_organization_page_names_and_counts_the_organizations_there_on_the_date(
    client, tree, cell
):
    services.update_organization(organization=cell, actor=None, expected_version=cell.version,
                                 valid_to=D(2020, 6, 30))  # fmt: skip
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("organizations:organization-detail", args=[tree["xuan_la"].pk])

    before = client.get(url, {"as_of": "29/06/2020"})
    after = client.get(url, {"as_of": "30/06/2020"})

    assert [child.code for child in before.context["children"]] == ["HN-TH-P07-CB1"]
    assert after.context["children"] == []
    assert sum(row["total"] for row in before.context["kind_rows"]) == 1
    assert after.context["kind_rows"] == []


# --- An organization before it was founded and after it ended ---------------------------------

REFORM_DAY = D(2025, 7, 1)


@pytest.fixture
def merged_ward(tree):
    """A grassroots ward of Long Biên (a cell with two members below it) merged on 01/07/2025
    into a ward committee founded that day, as the demo's HN-LB-P01 into HN-PBD."""
    from tests.factories import kind

    ward = OrganizationFactory(
        code="HN-LB-P01", name="Đảng bộ phường Bồ Đề", parent=tree["long_bien"]
    )
    cell = OrganizationFactory(code="HN-LB-P01-CB1", parent=ward, kind=kind("chi-bo-truc-thuoc"))
    MemberFactory(organization=cell, code="M1", admitted_on=D(2010, 5, 1))
    MemberFactory(organization=cell, code="M2", admitted_on=D(2012, 5, 1))
    successor = services.create_organization(
        code="HN-PBD", name="Đảng bộ phường Bồ Đề (mới)", kind=kind("dang-bo-phuong"),
        parent=tree["city"], valid_from=REFORM_DAY,
    )  # fmt: skip
    services.merge_organizations(
        predecessors=[ward], successor=successor, merged_on=REFORM_DAY, actor=None
    )
    ward.refresh_from_db()
    return {"ward": ward, "successor": successor}


def test_the_page_of_a_merged_ward_says_so_and_shows_its_last_day(client, tree, merged_ward):
    ward, successor = merged_ward["ward"], merged_ward["successor"]
    client.force_login(UserFactory(scope=tree["city"], role="leader"))
    url = reverse("organizations:organization-detail", args=[ward.pk])

    response = client.get(url)

    page = response.content.decode()
    assert response.context["existence"] == {
        "gone_on": REFORM_DAY,
        "founded_on": None,
        "last_day": D(2025, 6, 30),
        "successors": [successor],
    }
    assert response.context["figures_as_of"] == D(2025, 6, 30)
    assert response.context["members"]["total"] == 2
    assert [child.code for child in response.context["children"]] == ["HN-LB-P01-CB1"]
    assert response.context["warnings"] == []
    assert "số liệu dưới đây là số liệu ngày cuối cùng" in page
    assert f'href="{reverse("organizations:organization-detail", args=[successor.pk])}"' in page
    assert "?as_of=30/06/2025" in page


def test_the_page_of_a_ward_before_it_was_founded_says_so(client, tree, merged_ward):
    successor = merged_ward["successor"]
    client.force_login(UserFactory(scope=tree["city"], role="leader"))
    url = reverse("organizations:organization-detail", args=[successor.pk])

    then = client.get(url, {"as_of": "01/06/2020"})
    now = client.get(url)

    assert then.context["existence"]["founded_on"] == REFORM_DAY
    assert then.context["members"]["total"] == 0
    assert then.context["children"] == []
    assert then.context["warnings"] == []
    assert "chưa được thành lập" in then.content.decode()
    assert now.context["existence"] is None
    assert now.context["members"]["total"] == 2


def test_the_page_of_a_ward_before_its_merger_shows_it_as_it_was(client, tree, merged_ward):
    client.force_login(UserFactory(scope=tree["city"], role="leader"))
    url = reverse("organizations:organization-detail", args=[merged_ward["ward"].pk])

    response = client.get(url, {"as_of": "01/06/2020"})

    assert response.context["existence"] is None
    assert response.context["figures_as_of"] == D(2020, 6, 1)
    assert response.context["members"]["total"] == 2
