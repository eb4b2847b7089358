"""The candidate and counter services refuse a person who is not a party member on the
congress's day (its opening, else its planned date, else today; core.asof), as the pickers
offer only those: a translated message naming the person, nothing written."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from audit.models import AuditEvent
from organizations.models import Member
from personnel import selectors, services
from personnel.choices import BallotKind
from personnel.models import Candidate, CountingMember
from tests.factories import OPENED, MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(tree):
    return OrganizationFactory(code="HN-TH-P07-CB1", parent=tree["xuan_la"])


@pytest.fixture
def ballot(congress):
    return services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=9)


def admitted_after_the_congress(cell):
    return MemberFactory(
        organization=cell,
        full_name="Trần Thị Muộn",
        admitted_on=OPENED + datetime.timedelta(days=1),
        official_on=OPENED + datetime.timedelta(days=367),
    )


def gone_before_the_congress(cell):
    member = MemberFactory(organization=cell, full_name="Lê Văn Đi")
    Member.objects.filter(pk=member.pk).update(left_on=OPENED - datetime.timedelta(days=1))
    member.refresh_from_db()
    return member


def written():
    return (
        Candidate.objects.count(),
        CountingMember.objects.count(),
        AuditEvent.objects.filter(
            action__in=["personnel.candidate_added", "personnel.counting_member_added"]
        ).count(),
    )


@pytest.mark.parametrize("make", [admitted_after_the_congress, gone_before_the_congress])
def test_a_candidate_not_a_member_on_the_day_is_refused(ballot, cell, make):
    member = make(cell)
    before = written()

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        services.add_candidate(ballot=ballot, actor=None, member=member)

    assert raised.value.message_dict["member_code"] == [
        f"{member.full_name} is not a party member on 20/08/2020, the day of this congress."
    ]
    assert written() == before


@pytest.mark.parametrize("make", [admitted_after_the_congress, gone_before_the_congress])
def test_a_counter_not_a_member_on_the_day_is_refused(congress, cell, make):
    member = make(cell)
    before = written()

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        services.add_counting_member(congress=congress, actor=None, member=member)

    assert member.full_name in raised.value.message_dict["member_code"][0]
    assert written() == before


def test_the_refusal_is_translated(congress, cell):
    member = admitted_after_the_congress(cell)

    with translation.override("vi"), pytest.raises(ValidationError) as raised:
        services.add_counting_member(congress=congress, actor=None, member=member)

    message = raised.value.message_dict["member_code"][0]
    assert "Trần Thị Muộn" in message
    assert "đảng viên" in message


def test_a_member_who_left_after_the_congress_day_stands_and_counts(ballot, congress, cell):
    standing = MemberFactory(organization=cell, full_name="Phạm Văn Sau")
    counter = MemberFactory(organization=cell, full_name="Hoàng Thị Đếm")
    Member.objects.filter(pk__in=[standing.pk, counter.pk]).update(
        left_on=OPENED + datetime.timedelta(days=30)
    )
    standing.refresh_from_db()
    counter.refresh_from_db()

    candidate = services.add_candidate(ballot=ballot, actor=None, member=standing)
    counting = services.add_counting_member(congress=congress, actor=None, member=counter)

    assert (candidate.member, counting.member) == (standing, counter)


def test_the_congress_day_is_its_opening_else_its_plan_else_today(congress):
    assert selectors.congress_day(congress) == OPENED

    congress.started_on, congress.planned_date = None, datetime.date(2020, 9, 1)
    assert selectors.congress_day(congress) == datetime.date(2020, 9, 1)

    congress.planned_date = None
    assert selectors.congress_day(congress) == timezone.localdate()
