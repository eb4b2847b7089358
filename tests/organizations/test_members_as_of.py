"""Members on a date (issue 15, item 1): a member counts when admitted on or before the date
and not yet gone (core.asof.member_on); leaving is recorded by the member services, audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from core.asof import member_on, parse_as_of
from core.editing import StaleEditError
from organizations import services, statistics
from organizations.models import Member
from tests.asof_helpers import UNREADABLE, messages_of
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def members(cell):
    """Admitted 2010 (stays), admitted 2015 and gone 30/06/2020, admitted 01/03/2020."""
    staying = MemberFactory(organization=cell, code="M1", admitted_on=D(2010, 5, 1))
    gone = MemberFactory(organization=cell, code="M2", admitted_on=D(2015, 5, 1))
    late = MemberFactory(organization=cell, code="M3", admitted_on=D(2020, 3, 1), official_on=None)
    services.end_membership(member=gone, actor=None, expected_version=gone.version,
                            left_on=D(2020, 6, 30))  # fmt: skip
    return staying, Member.objects.get(pk=gone.pk), late


@pytest.mark.parametrize(
    ("day", "codes"),
    [
        (D(2009, 1, 1), set()),
        (D(2015, 5, 1), {"M1", "M2"}),
        (D(2020, 3, 1), {"M1", "M2", "M3"}),
        (D(2020, 6, 29), {"M1", "M2", "M3"}),
        # Gone on 30/06/2020: not counted that day any more.
        (D(2020, 6, 30), {"M1", "M3"}),
        (D(2024, 1, 1), {"M1", "M3"}),
    ],
)
def test_a_member_counts_from_admission_until_leaving(members, day, codes):
    assert set(Member.objects.filter(member_on(day)).values_list("code", flat=True)) == codes
    assert set(Member.objects.on(day).values_list("code", flat=True)) == codes


def test_leaving_is_audited_and_compare_and_set(members):
    _staying, gone, late = members

    event = AuditEvent.objects.filter(action="member.updated", target_id=str(gone.pk)).get()
    assert event.data["after"]["left_on"] == "2020-06-30"
    assert gone.left_on == D(2020, 6, 30)
    with pytest.raises(StaleEditError):
        services.end_membership(member=late, actor=None, expected_version=late.version + 1)


def test_leaving_is_checked(members):
    _staying, _gone, late = members
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    for left_on in (tomorrow, D(2020, 2, 1)):
        with pytest.raises(ValidationError) as error:
            services.end_membership(
                member=late, actor=None, expected_version=late.version, left_on=left_on
            )
        assert "left_on" in error.value.message_dict


def test_the_subtree_figures_count_the_members_on_the_date(tree, members):
    def figures(day):
        counted = statistics.member_statistics(tree["tay_ho"], as_of=day)
        return counted["total"], counted["official"], counted["probationary"]

    # M3 probationary (never made official); M1, M2 official a year after admission.
    assert figures(D(2011, 1, 1)) == (1, 0, 1)
    assert figures(D(2016, 1, 1)) == (2, 1, 1)
    assert figures(D(2016, 6, 1)) == (2, 2, 0)
    assert figures(D(2020, 6, 1)) == (3, 2, 1)
    assert figures(D(2020, 7, 1)) == (2, 1, 1)
    assert dict(statistics.ethnicity_counts(tree["tay_ho"], as_of=D(2020, 7, 1))) == {"Kinh": 2}


def test_the_allocation_and_the_roll_count_the_members_on_the_date(tree, members, cell):
    from delegates import selectors

    def allocation(day):
        return dict(selectors.children_with_official_members(tree["tay_ho"], as_of=day))

    assert allocation(D(2020, 6, 1))[tree["xuan_la"]] == 2
    assert allocation(D(2020, 7, 1))[tree["xuan_la"]] == 1


def test_the_organization_page_takes_a_date(client, tree, members):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    url = reverse("organizations:organization-detail", args=[tree["tay_ho"].pk])

    before = client.get(url, {"as_of": "01/06/2020"})
    after = client.get(url, {"as_of": "2020-07-01"})
    today = client.get(url)
    unreadable = client.get(url, {"as_of": "31/02/2020"})

    assert before.context["as_of"] == D(2020, 6, 1)
    assert before.context["members"]["total"] == 3
    assert after.context["members"]["total"] == 2
    assert today.context["as_of"] == timezone.localdate()
    assert today.context["members"]["total"] == 2
    assert unreadable.context["as_of"] == timezone.localdate()
    assert 'value="01/06/2020"' in before.content.decode()
    assert messages_of(unreadable) == [UNREADABLE]


@pytest.mark.parametrize("day", ["01/01/0001", "31/12/0060", "01/01/9999"])
def test_a_year_no_figure_can_be_about_is_unreadable(client, tree, members, day):
    """01/01/0001 once broke the age bands (a 500): a year outside 1900–2100 reads as today."""
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    url = reverse("organizations:organization-detail", args=[tree["tay_ho"].pk])

    response = client.get(url, {"as_of": day})

    assert response.status_code == 200
    assert response.context["as_of"] == timezone.localdate()


@pytest.mark.parametrize("size", [1, 12])
def test_the_page_on_a_past_date_keeps_its_query_count(
    client, tree, size, django_assert_num_queries
):
    for _number in range(size):
        cell = OrganizationFactory(parent=tree["xuan_la"])
        MemberFactory.create_batch(2, organization=cell, admitted_on=D(2010, 1, 1))
    client.force_login(UserFactory(scope=tree["city"], role="leader"))

    # session, user, grants, organization, ancestors, kinds, the tree's moves (read once, to
    # place the subtree as it stood), children, members, ethnicities
    with django_assert_num_queries(10):
        response = client.get(
            reverse("organizations:organization-detail", args=[tree["tay_ho"].pk]),
            {"as_of": "01/01/2015"},
        )

    assert response.context["members"]["total"] == 2 * size


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2020-08-13", D(2020, 8, 13)),
        ("13/08/2020", D(2020, 8, 13)),
        ("3/8/2020", D(2020, 8, 3)),
        ("13-08-2020", D(2020, 8, 13)),
        ("13.08.2020", D(2020, 8, 13)),
    ],
)
def test_the_shared_parser_reads_the_vietnamese_formats(text, day):
    assert parse_as_of(text) == day


def test_the_counts_of_today_leave_out_the_members_gone(tree, members, cell):
    from congresses.services import member_counts_by_organization
    from personnel.selectors import official_members

    # M1 official and staying; M2 gone; M3 probationary.
    assert official_members(cell) == 1
    assert member_counts_by_organization(tree["tay_ho"])[cell.path] == 2
