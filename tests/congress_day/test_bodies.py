"""The congress's bodies: chosen from the convened, elected by a recorded vote."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from congress_day import selectors, services
from congress_day.models import BodyMember, Vote
from personnel.services import add_counting_member
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def convened_members(congress):
    from delegates.selectors import convened

    return list(convened(congress).filter(official_on__isnull=False).order_by("pk"))


def elect(congress, staff, body, agree=5):
    return services.record_vote(
        congress=congress,
        subject="body",
        body=body,
        title="Bầu đoàn chủ tịch",
        agree=agree,
        disagree=0,
        abstain=0,
        present=7,
        actor=staff,
    )


def test_a_body_is_chosen_from_the_convened_then_elected(congress, staff, tree):
    first, second = convened_members(congress)[:2]
    services.add_body_member(congress=congress, body="presidium", member=first, actor=staff)
    services.add_body_member(congress=congress, body="presidium", member=second, actor=staff)
    with pytest.raises(ValidationError, match="already"):
        services.add_body_member(congress=congress, body="presidium", member=first, actor=staff)
    ward = OrganizationFactory(parent=tree["long_bien"])
    stranger = MemberFactory(organization=OrganizationFactory(parent=ward))
    with pytest.raises(ValidationError, match="not convened"):
        services.add_body_member(congress=congress, body="presidium", member=stranger, actor=staff)
    with pytest.raises(ValidationError, match="delegate congress"):
        services.add_body_member(congress=congress, body="credentials", member=first, actor=staff)
    vote = elect(congress, staff, "presidium")
    assert vote.adopted
    assert vote.body == "presidium"
    third = convened_members(congress)[2]
    with pytest.raises(ValidationError, match="has been elected"):
        services.add_body_member(congress=congress, body="presidium", member=third, actor=staff)
    seat = BodyMember.objects.filter(body="presidium").first()
    with pytest.raises(ValidationError, match="has been elected"):
        services.remove_body_member(seat=seat, actor=staff)
    shown = selectors.bodies(congress)
    presidium = shown["elected"][0]
    assert [s.member for s in presidium["seats"]] == [first, second]
    assert presidium["vote"] == vote
    assert [entry["body"] for entry in shown["elected"]] == ["presidium", "secretariat"]


def test_a_vote_on_a_body_needs_its_members(congress, staff):
    with pytest.raises(ValidationError, match="members before the vote"):
        elect(congress, staff, "secretariat")
    with pytest.raises(ValidationError, match="Choose the body"):
        elect(congress, staff, "")
    assert not Vote.objects.exists()


def test_the_counting_committee_is_personnel_s(congress, staff):
    member = convened_members(congress)[0]
    add_counting_member(congress=congress, actor=staff, member=member)
    assert [person.full_name for person in selectors.bodies(congress)["counting"]] == [
        member.full_name
    ]


def test_the_page_picks_a_member_by_name(client, congress, staff):
    client.force_login(staff)
    member = convened_members(congress)[0]
    url = reverse("congress_day:programme", args=[congress.pk])
    page = client.get(url, {"find": member.full_name[:6]})
    assert member in page.context["found"]
    response = client.post(
        url, {"action": "add-member", "member": member.pk, "body": "secretariat"}
    )
    assert response.status_code == 302
    seat = BodyMember.objects.get()
    assert (seat.body, seat.member) == ("secretariat", member)
    assert member.full_name in client.get(url).content.decode()
    client.post(url, {"action": "remove-member", "seat": seat.pk})
    assert not BodyMember.objects.exists()
