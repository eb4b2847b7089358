"""A member congress's roll: official and probationary members on the congress day, members
left out of the base D for a reason of R-EL-20, and D."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from congresses import rulepacks
from congresses.models import Term
from delegates import selectors, services
from delegates.models import RollExclusion
from organizations.models import Member
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _cite(rule_id, document=None):
    """The rule as the 2020–2025 pack cites it, with its source document when it has one
    (issue 15, item 4; congresses 0013)."""
    rule = rulepacks.cite(Term.objects.get(name="2020–2025"), rule_id)
    assert rule.startswith(rule_id)
    assert document is None or document in rule
    return rule


DAY = datetime.date(2020, 3, 19)


@pytest.fixture
def ward_congress(district, congress):
    """Xuân La's member congress on 19/03/2020 (6 official members; one probationary added)."""
    ward = district["wards"][0]
    ward_congress = ward.congresses.get(term=congress.term)
    ward_congress.kind = "all_member"
    ward_congress.started_on = DAY
    ward_congress.save(update_fields=["kind", "started_on"])
    probationary = MemberFactory(organization=Member.objects.in_subtree(ward).first().organization)
    probationary.official_on = None
    probationary.save(update_fields=["official_on"])
    return ward_congress


def test_d_is_the_official_members_less_those_left_out(ward_congress, staff):
    before = selectors.roll_figures(ward_congress, day=DAY)
    assert (before["official"], before["probationary"], before["base"]) == (6, 1, 6)
    member = selectors.roll_members(ward_congress, day=DAY).filter(official_on__isnull=False)[0]
    services.record_exclusion(
        congress=ward_congress, member=member, actor=staff, reason="absent_with_reason"
    )
    after = selectors.roll_figures(ward_congress, day=DAY)
    assert (after["excluded"], after["base"]) == (1, 5)
    assert ("absent_with_reason", 1) in [
        (reason, count) for reason, _, count in after["exclusions"]
    ]
    assert AuditEvent.objects.filter(action="delegates.exclusion_recorded").count() == 1


def test_a_probationary_member_or_one_from_elsewhere_cannot_be_left_out(ward_congress, tree):
    probationary = Member.objects.get(official_on__isnull=True)
    with pytest.raises(ValidationError) as error:
        services.record_exclusion(
            congress=ward_congress, member=probationary, actor=None, reason="suspended"
        )
    assert _cite("R-EL-28", "2011") in str(error.value)
    ward = OrganizationFactory(parent=tree["long_bien"])
    stranger = MemberFactory(organization=OrganizationFactory(parent=ward))
    with pytest.raises(ValidationError):
        services.record_exclusion(
            congress=ward_congress, member=stranger, actor=None, reason="suspended"
        )
    assert not RollExclusion.objects.exists()


def test_staff_leave_a_member_out_on_the_page_and_count_them_again(client, ward_congress, staff):
    url = reverse("delegates:member-roll", args=[ward_congress.pk])
    client.force_login(staff)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["figures"]["base"] == 6
    member = Member.objects.filter(official_on__isnull=False).order_by("pk").first()
    response = client.post(url, {"member": member.pk, "action": "exclude", "reason": "suspended"})
    assert response.status_code == 302
    assert client.get(url).context["figures"]["base"] == 5
    client.post(url, {"member": member.pk, "action": "include"})
    assert client.get(url).context["figures"]["base"] == 6
    assert not RollExclusion.objects.exists()


def test_a_leader_reads_the_roll_and_another_district_gets_404(client, ward_congress, tree):
    url = reverse("delegates:member-roll", args=[ward_congress.pk])
    member = Member.objects.filter(official_on__isnull=False).first()
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    assert client.get(url).status_code == 200
    assert client.post(url, {"member": member.pk, "reason": "suspended"}).status_code == 403
    client.force_login(UserFactory(scope=tree["long_bien"], role="staff"))
    assert client.get(url).status_code == 404
    assert not RollExclusion.objects.exists()


@pytest.mark.parametrize("members", [1, 3])
def test_the_roll_page_reads_a_constant_number_of_queries(
    client, ward_congress, staff, members, django_assert_num_queries
):
    cell = Member.objects.in_subtree(ward_congress.organization).first().organization
    for _ in range(members):
        MemberFactory(organization=cell)
    client.force_login(staff)
    url = reverse("delegates:member-roll", args=[ward_congress.pk])
    client.get(url)
    # session, user, grants, congress, counts, exclusions by reason, page count, page rows,
    # exclusions of the page
    with django_assert_num_queries(9):
        assert client.get(url).status_code == 200


def test_the_round_form_proposes_d_from_the_member_roll(client, ward_congress, staff):
    from personnel import services as personnel

    member = Member.objects.filter(official_on__isnull=False).order_by("pk").first()
    services.record_exclusion(
        congress=ward_congress, member=member, actor=None, reason="absent_with_reason"
    )
    ballot = personnel.add_ballot(congress=ward_congress, actor=None, kind="secretary", seats=1)
    client.force_login(staff)
    page = client.get(reverse("personnel:round-create", args=[ballot.pk]))
    initial = page.context["form"].initial
    assert (initial["convened"], initial["excluded_absent_with_reason"]) == (6, 1)
    assert (initial["excluded_suspended"], initial["excluded_other"]) == (0, 0)
    assert "D = 5" in page.content.decode()


def test_a_base_that_differs_from_the_roll_needs_a_reason_printed_on_the_minutes(
    client, ward_congress, staff
):
    from personnel import services as personnel
    from personnel.models import ElectionRound

    (candidate,) = [
        personnel.add_candidate(ballot=ballot, actor=None, member=member)
        for ballot in [
            personnel.add_ballot(congress=ward_congress, actor=None, kind="secretary", seats=1)
        ]
        for member in Member.objects.filter(official_on__isnull=False).order_by("pk")[:1]
    ]
    ballot = candidate.ballots.get()
    ward_congress.stage = "held"
    ward_congress.ended_on = DAY
    ward_congress.save(update_fields=["stage", "ended_on"])
    url = reverse("personnel:round-create", args=[ballot.pk])
    minutes = {
        "convened": 7,  # the roll counts 6 official members
        "excluded_absent_with_reason": 0,
        "excluded_suspended": 0,
        "excluded_other": 0,
        "ballots_issued": 6,
        "ballots_returned": 6,
        "ballots_valid": 6,
        "ballots_invalid": 0,
        "number": 1,
        f"votes_{candidate.pk}": 6,
    }
    client.force_login(staff)
    minutes["base_note"] = "Một đảng viên chuyển đến sau khi lập danh sách"
    response = client.post(url, minutes)
    assert response.status_code == 200  # D larger than the roll: refused, even with a reason
    assert _cite("R-EL-20", "244-QĐ/TW") in response.context["form"].errors["convened"][0]
    assert not ElectionRound.objects.exists()

    minutes.update(convened=6, excluded_other=1, base_note="")
    response = client.post(url, minutes)
    assert response.status_code == 200
    assert response.context["form"].errors["base_note"] == [
        "Cơ số bầu cử khác với danh sách đảng viên triệu tập (D = 6): hãy nêu lý do."
    ]
    assert not ElectionRound.objects.exists()

    minutes["base_note"] = "Một đảng viên đi công tác, không có tên trong danh sách vắng"
    response = client.post(url, minutes)
    assert response.status_code == 302
    election_round = ElectionRound.objects.get()
    assert (election_round.base, election_round.base_note) == (5, minutes["base_note"])
    page = client.get(reverse("personnel:round-minutes", args=[election_round.pk]))
    assert minutes["base_note"] in page.content.decode()


def test_a_note_with_a_text_direction_control_is_refused(ward_congress, staff):
    member = Member.objects.filter(official_on__isnull=False).order_by("pk").first()
    with pytest.raises(ValidationError) as error:
        services.record_exclusion(
            congress=ward_congress,
            member=member,
            actor=staff,
            reason="suspended",
            note="Quyết định \u202e số 5",
        )
    assert "U+202E" in str(error.value)
    assert not RollExclusion.objects.exists()


def test_a_member_congress_convenes_its_roll_less_the_exclusions(ward_congress, congress):
    roll = list(selectors.roll_members(ward_congress, day=DAY))
    left_out = next(member for member in roll if member.official_on)
    services.record_exclusion(
        congress=ward_congress, member=left_out, actor=None, reason="suspended"
    )
    convened = list(selectors.convened(ward_congress))
    assert len(convened) == len(roll) - 1  # the probationary member attends (R-EL-28)
    assert left_out not in convened
    assert not selectors.convened(congress).exists()  # a delegate congress, no delegate yet
