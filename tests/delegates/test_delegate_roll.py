"""The roll of delegates of a delegate congress: the delegates and alternates elected by the
congresses below taken onto it, seats unfilled (R-EL-33), replacement by an alternate of the
same organization in order, declined and not-accepted credentials (R-EL-34), ex officio and
appointed delegates (R-EL-32, R-WV-13), whom it convenes and the base D it proposes (R-EL-21)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from audit.models import AuditEvent
from congresses import rulepacks
from congresses.models import Congress, Term
from delegates import selectors, services
from delegates.models import Delegate
from organizations.models import Member
from personnel import hooks as personnel_hooks
from personnel import services as personnel_services
from personnel.choices import BallotKind
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def _cite(rule_id, document=None):
    """The rule as the 2020–2025 pack cites it, with its source document when it has one
    (issue 15, item 4; congresses 0013)."""
    rule = rulepacks.cite(Term.objects.get(name="2020–2025"), rule_id)
    assert rule.startswith(rule_id)
    assert document is None or document in rule
    return rule


DAY = datetime.date(2020, 3, 19)


@pytest.fixture(autouse=True)
def english():
    """The services' messages read in English here (the rule ids are in both)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def _members(organization):
    return list(
        Member.objects.in_subtree(organization)
        .filter(official_on__isnull=False, official_on__lt=DAY)
        .order_by("code")
    )


def _elect(lower, kind, people, seats, votes):
    """One round of `kind` at `lower` with `people` on the list and their `votes` (of 6)."""
    ballot = personnel_services.add_ballot(congress=lower, actor=None, kind=kind, seats=seats)
    candidates = [
        personnel_services.add_candidate(ballot=ballot, actor=None, member=person)
        for person in people
    ]
    personnel_services.record_round(
        ballot=ballot, actor=None, convened=6, ballots_issued=6, ballots_returned=6,
        ballots_valid=6, ballots_invalid=0,
        votes={candidate.pk: count for candidate, count in zip(candidates, votes, strict=True)},
    )  # fmt: skip
    return ballot


def _held(lower, stage="held"):
    Congress.objects.filter(pk=lower.pk).update(
        stage=stage, started_on=DAY, ended_on=DAY, kind="all_member"
    )
    lower.refresh_from_db()
    return lower


@pytest.fixture
def plan(congress, staff):
    """Tây Hồ's plan: 8 delegates, 2 ex officio, 1 appointed, 5 elected (Xuân La 2, Bưởi 2,
    Nhật Tân 1) and 3 alternates (Xuân La 2, Bưởi 1), approved."""
    plan = services.create_plan(
        congress=congress, actor=staff, total=8, ex_officio=2, appointed=1, alternates=3,
        as_of=datetime.date(2020, 1, 1),
    )  # fmt: skip
    services.approve_plan(
        plan=plan, actor=staff, expected_version=plan.version, decision_body="Quận ủy Tây Hồ",
        decision_number="12-QĐ/QU", decision_date=datetime.date(2020, 2, 1),
    )  # fmt: skip
    return plan


@pytest.fixture
def xuan_la(district, congress, plan):
    """Xuân La's congress held: 2 delegates elected among 3, 2 alternates elected in order of
    their votes (the second listed has more)."""
    ward = district["wards"][0]
    lower = _held(ward.congresses.get(term=congress.term))
    people = _members(ward)
    _elect(lower, BallotKind.DELEGATES, people[:3], 2, [6, 5, 1])
    _elect(lower, BallotKind.ALTERNATE_DELEGATES, people[3:5], 2, [4, 5])
    return {"ward": ward, "congress": lower, "people": people}


def test_the_delegates_elected_below_arrive_with_how_selected_and_unfilled_seats(
    congress, xuan_la, staff
):
    result = services.take_elected(congress=congress, actor=staff)
    assert result == {"added": 4, "skipped": []}
    people = xuan_la["people"]
    rows = {d.member_id: d for d in Delegate.objects.filter(congress=congress)}
    assert {rows[p.pk].how_selected for p in people[:2]} == {"elected"}
    assert people[2].pk not in rows  # not elected
    # Alternates in order of votes: the one with 5 votes first.
    assert (rows[people[4].pk].alternate_order, rows[people[3].pk].alternate_order) == (1, 2)
    assert rows[people[4].pk].status == "standby"
    assert all(d.represents_id == xuan_la["ward"].pk for d in rows.values())
    figures = selectors.delegate_figures(congress, congress.delegate_plan)
    by_org = {row["quota"].organization.code: row for row in figures["organizations"]}
    assert (by_org["HN-TH-P07"]["elected"], by_org["HN-TH-P07"]["unfilled"]) == (2, 0)
    # Bưởi's and Nhật Tân's congresses are not held: their seats are unfilled (R-EL-33).
    assert figures["unfilled"] == 3
    # Taking again adds nobody (idempotent) and writes no audit row.
    assert services.take_elected(congress=congress, actor=staff)["added"] == 0
    assert AuditEvent.objects.filter(action="delegates.elected_taken").count() == 1


def test_a_round_electing_fewer_leaves_a_seat_unfilled(district, congress, plan, staff):
    ward = district["wards"][1]  # Bưởi: 2 seats
    lower = _held(ward.congresses.get(term=congress.term))
    people = _members(ward)
    # 3 voters of 6 is not more than half of D: only one is elected (R-EL-20).
    _elect(lower, BallotKind.DELEGATES, people[:2], 2, [5, 3])
    services.take_elected(congress=congress, actor=staff)
    figures = selectors.delegate_figures(congress, plan)
    row = next(r for r in figures["organizations"] if r["quota"].organization_id == ward.pk)
    assert (row["elected"], row["unfilled"]) == (1, 1)


@override_settings(DELEGATES_TAKEN_FROM_STAGE="results_approved")
def test_with_the_setting_a_congress_only_held_gives_nobody_yet(congress, xuan_la, staff):
    assert services.take_elected(congress=congress, actor=staff)["added"] == 0
    _held(xuan_la["congress"], stage="results_approved")
    assert services.take_elected(congress=congress, actor=staff)["added"] == 4


def test_no_delegates_taken_before_the_plan_is_approved(district, congress, staff):
    services.create_plan(congress=congress, actor=staff, total=5, as_of=DAY)
    with pytest.raises(ValidationError) as error:
        services.take_elected(congress=congress, actor=staff)
    assert _cite("R-EL-29", "24-QĐ/TW, item 11.1") in str(error.value)


def test_no_delegate_added_or_ex_officio_filled_without_a_plan(district, congress, staff):
    """Issue 15, item 4: both refusals name R-EL-29 and its source, 24-QĐ/TW item 11.1
    (congresses 0015)."""
    member = Member.objects.order_by("pk").first()
    with pytest.raises(ValidationError) as added:
        services.add_delegate(
            congress=congress, member=member, how_selected="ex_officio", actor=staff
        )
    with pytest.raises(ValidationError) as filled:
        services.fill_ex_officio(congress=congress, actor=staff)

    rule = _cite("R-EL-29", "24-QĐ/TW, item 11.1")
    assert rule in str(added.value)
    assert rule in str(filled.value)


def test_someone_from_outside_the_subtree_or_twice_is_not_taken(
    district, congress, xuan_la, staff, tree
):
    # Nhật Tân elects someone of Xuân La (outside its subtree) and a Long Biên member.
    ward = district["wards"][2]
    lower = _held(ward.congresses.get(term=congress.term))
    cell = OrganizationFactory(parent=OrganizationFactory(parent=tree["long_bien"]))
    stranger = MemberFactory(organization=cell)
    Delegate.objects.all().delete()
    _elect(lower, BallotKind.DELEGATES, [xuan_la["people"][5], stranger], 2, [6, 5])
    result = services.take_elected(congress=congress, actor=staff)
    assert len(result["skipped"]) == 2
    assert all("does not belong to" in text and "R-EL-32" in text for text in result["skipped"])
    assert not Delegate.objects.filter(represents=ward).exists()


def test_the_same_member_twice_on_a_roll_is_refused(congress, xuan_la, staff):
    services.take_elected(congress=congress, actor=staff)
    elected = Delegate.objects.filter(how_selected="elected").first().member
    with pytest.raises(ValidationError) as error:
        services.add_delegate(
            congress=congress, member=elected, how_selected="ex_officio", actor=staff
        )
    assert "already on the roll" in str(error.value)
    assert _cite("R-EL-32", "29-QĐ/TW") in str(error.value)


@pytest.fixture
def taken(congress, xuan_la, staff):
    services.take_elected(congress=congress, actor=staff)
    rows = Delegate.objects.filter(congress=congress)
    return {
        "delegates": list(rows.filter(how_selected="elected").order_by("pk")),
        "alternates": list(rows.filter(how_selected="alternate").order_by("alternate_order")),
    }


def test_an_absent_delegate_is_replaced_by_the_next_alternate(congress, taken, staff):
    absent, first = taken["delegates"][0], taken["alternates"][0]
    services.replace_delegate(delegate=absent, alternate=first, actor=staff, reason="Ốm nặng")
    absent.refresh_from_db()
    first.refresh_from_db()
    assert (absent.status, absent.reason) == ("replaced", "Ốm nặng")
    assert (first.status, first.replaces_id) == ("convened", absent.pk)
    convened = set(selectors.convened(congress).values_list("pk", flat=True))
    assert first.member_id in convened
    assert absent.member_id not in convened
    assert taken["alternates"][1].member_id not in convened  # not called
    event = AuditEvent.objects.get(action="delegates.delegate_replaced")
    assert event.data["alternate"] == first.pk


def test_alternates_are_called_in_order(taken, staff):
    with pytest.raises(ValidationError) as error:
        services.replace_delegate(
            delegate=taken["delegates"][0], alternate=taken["alternates"][1], actor=staff,
            reason="Ốm",
        )  # fmt: skip
    assert _cite("R-EL-33", "244-QĐ/TW") in str(error.value)
    assert not Delegate.objects.filter(status="replaced").exists()


def test_an_alternate_of_another_organization_is_refused(congress, district, taken, staff):
    ward = district["wards"][1]
    other = services.add_delegate(
        congress=congress,
        member=_members(ward)[0],
        how_selected="appointed",
        represents=ward,
        decision="QĐ 5-QĐ/QU ngày 01/03/2020",
        actor=staff,
    )
    with pytest.raises(ValidationError) as error:
        services.replace_delegate(
            delegate=other, alternate=taken["alternates"][0], actor=staff, reason="Vắng"
        )
    rule = rulepacks.cite(congress.term, "R-EL-33")  # congresses 0013: 244-QĐ/TW Art. 20
    assert "244-QĐ/TW" in rule
    assert f"same organization only ({rule})" in str(error.value)
    other.refresh_from_db()
    assert other.status == "convened"


def test_no_replacement_after_the_congress_closed(congress, taken, staff):
    Congress.objects.filter(pk=congress.pk).update(stage="held")
    congress.refresh_from_db()
    delegate = Delegate.objects.get(pk=taken["delegates"][0].pk)
    with pytest.raises(ValidationError) as error:
        services.replace_delegate(
            delegate=delegate, alternate=taken["alternates"][0], actor=staff, reason="Vắng"
        )
    assert _cite("R-EL-33", "244-QĐ/TW") in str(error.value)
    assert not Delegate.objects.filter(status="replaced").exists()


def test_declined_and_not_accepted_leave_the_convened_and_d(congress, taken, staff):
    one, two = taken["delegates"]
    with pytest.raises(ValidationError) as error:
        services.withdraw_delegate(
            delegate=one, status="not_accepted", reason="Đang bị kỷ luật", actor=staff
        )
    assert "decision" in error.value.message_dict
    services.withdraw_delegate(
        delegate=one, status="not_accepted", reason="Đang bị kỷ luật",
        decision="Báo cáo thẩm tra tư cách đại biểu", actor=staff,
    )  # fmt: skip
    services.withdraw_delegate(delegate=two, status="declined", reason="Công tác", actor=staff)
    assert not selectors.convened(congress).filter(pk__in=[one.member_id, two.member_id]).exists()
    proposal = personnel_hooks.base_proposal(congress)
    assert proposal["values"] == {
        "convened": 2,
        "excluded_absent_with_reason": 1,
        "excluded_suspended": 0,
        "excluded_other": 1,
    }
    assert proposal["base"] == 0
    assert AuditEvent.objects.filter(action="delegates.delegate_declined").count() == 1
    assert AuditEvent.objects.filter(action="delegates.credentials_not_accepted").count() == 1


def test_ex_officio_and_appointed_delegates_within_the_plan(congress, district, plan, staff):
    tay_ho = district["tay_ho"]
    people = _members(tay_ho)
    # No committee of the previous term's congress is recorded: add by hand.
    with pytest.raises(ValidationError) as error:
        services.fill_ex_officio(congress=congress, actor=staff)
    assert "by hand" in str(error.value)
    for person in people[:2]:
        services.add_delegate(congress=congress, member=person, how_selected="ex_officio",
                              actor=staff)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.add_delegate(
            congress=congress, member=people[2], how_selected="ex_officio", actor=staff
        )
    assert "The plan has 2" in str(error.value)
    ward = district["wards"][2]
    with pytest.raises(ValidationError) as error:
        services.add_delegate(
            congress=congress, member=_members(ward)[0], how_selected="appointed",
            represents=ward, actor=staff,
        )  # fmt: skip
    assert "decision" in error.value.message_dict
    with pytest.raises(ValidationError):  # outside the unit represented
        services.add_delegate(
            congress=congress, member=people[3], how_selected="appointed",
            represents=ward, decision="QĐ 7", actor=staff,
        )  # fmt: skip
    services.add_delegate(
        congress=congress, member=_members(ward)[0], how_selected="appointed",
        represents=ward, decision="QĐ 7", actor=staff,
    )  # fmt: skip
    figures = selectors.delegate_figures(congress, plan)
    assert (figures["ex_officio"], figures["appointed"], figures["standing"]) == (2, 1, 3)
    assert selectors.convened(congress).count() == 3


def test_the_outgoing_committee_is_filled_in_from_the_previous_term(
    congress, district, plan, staff
):
    tay_ho = district["tay_ho"]
    previous_term = Term.objects.create(
        name="2015–2020", starts_on=datetime.date(2014, 6, 1), ends_on=datetime.date(2020, 12, 31)
    )
    previous = Congress.objects.create(
        term=previous_term, organization=tay_ho, org_path=tay_ho.path, level=congress.level,
        ordinal=congress.ordinal - 1, kind="delegate", stage="held",
        started_on=datetime.date(2015, 6, 1), ended_on=datetime.date(2015, 6, 2),
    )  # fmt: skip
    people = _members(tay_ho)
    ballot = personnel_services.add_ballot(
        congress=previous, actor=None, kind=BallotKind.COMMITTEE, seats=3
    )
    candidates = [
        personnel_services.add_candidate(ballot=ballot, actor=None, member=p) for p in people[:4]
    ]
    personnel_services.record_round(
        ballot=ballot, actor=None, convened=6, ballots_issued=6, ballots_returned=6,
        ballots_valid=6, ballots_invalid=0,
        votes={c.pk: v for c, v in zip(candidates, [6, 6, 5, 1], strict=True)},
    )  # fmt: skip
    result = services.fill_ex_officio(congress=congress, actor=staff)
    assert result["added"] == 2  # three elected, the plan has two ex officio seats
    assert result["skipped"]
    assert set(
        Delegate.objects.filter(how_selected="ex_officio").values_list("member_id", flat=True)
    ) <= {p.pk for p in people[:3]}


def test_staff_take_the_delegates_and_replace_one_on_the_pages(client, congress, xuan_la, staff):
    from django.urls import reverse

    client.force_login(staff)
    roll = reverse("delegates:delegate-roll", args=[congress.pk])
    assert client.post(roll, {"action": "take"}).status_code == 302
    page = client.get(roll)
    assert page.context["figures"]["standing"] == 2
    assert len(page.context["page"].object_list) == 4
    assert roll in client.get(reverse("delegates:plan", args=[congress.pk])).content.decode()
    name = xuan_la["people"][0].full_name
    assert [d.member.full_name for d in client.get(roll, {"q": name}).context["page"]] == [name]
    absent = Delegate.objects.get(member=xuan_la["people"][0])
    first = Delegate.objects.get(alternate_order=1)
    url = reverse("delegates:delegate", args=[absent.pk])
    data = {"action": "replace", "replace-alternate": first.pk, "replace-reason": "Ốm nặng"}
    unconfirmed = client.post(url, data)  # the confirmation is missing: nothing written
    assert unconfirmed.status_code == 200
    assert unconfirmed.context["replace_form"]["reason"].value() == "Ốm nặng"
    assert not Delegate.objects.filter(status="replaced").exists()
    assert client.post(url, {**data, "replace-confirm": "on"}).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.replaces_id) == ("convened", absent.pk)


def test_the_picker_finds_a_member_by_name_and_adds_them_ex_officio(
    client, congress, district, plan, staff
):
    from django.urls import reverse

    client.force_login(staff)
    roll = reverse("delegates:delegate-roll", args=[congress.pk])
    member = _members(district["tay_ho"])[0]
    found = client.get(roll, {"find": member.full_name}).context["found"]
    assert member in found
    picked = client.get(roll, {"find": member.full_name, "pick": member.pk})
    assert picked.context["picked"] == member
    # Appointed without a decision: refused, the input kept, nothing written.
    refused = client.post(
        f"{roll}?pick={member.pk}",
        {"action": "add", "add-member": member.pk, "add-how_selected": "appointed",
         "add-represents": district["wards"][0].pk},
    )  # fmt: skip
    assert refused.status_code == 200
    assert refused.context["add_form"].errors
    assert not Delegate.objects.exists()
    added = client.post(
        roll, {"action": "add", "add-member": member.pk, "add-how_selected": "ex_officio"}
    )
    assert added.status_code == 302
    assert Delegate.objects.get().how_selected == "ex_officio"
    assert AuditEvent.objects.filter(action="delegates.delegate_added").count() == 1


def test_the_round_form_takes_d_from_the_roll_of_delegates(client, congress, taken, staff):
    """R-EL-21: a delegate congress's round proposes D from the convened delegates."""
    from django.urls import reverse

    Congress.objects.filter(pk=congress.pk).update(
        stage="personnel_approved", started_on=datetime.date(2020, 8, 20)
    )
    congress.refresh_from_db()
    ballot = personnel_services.add_ballot(
        congress=congress, actor=None, kind=BallotKind.SECRETARY, seats=1
    )
    client.force_login(staff)
    page = client.get(reverse("personnel:round-create", args=[ballot.pk]))
    assert page.context["form"].initial["convened"] == 2
    assert reverse("delegates:delegate-roll", args=[congress.pk]) in page.content.decode()


def test_a_delegate_who_declined_is_replaced_and_d_counts_the_alternate(congress, taken, staff):
    one = taken["delegates"][0]
    second = taken["alternates"][1]
    # The second alternate declines: never called, it changes neither the convened nor D.
    services.withdraw_delegate(delegate=second, status="declined", reason="Bận", actor=staff)
    services.withdraw_delegate(delegate=one, status="declined", reason="Công tác", actor=staff)
    assert personnel_hooks.base_proposal(congress)["values"]["convened"] == 2
    one.refresh_from_db()
    services.replace_delegate(
        delegate=one, alternate=taken["alternates"][0], actor=staff, reason="Công tác"
    )
    proposal = personnel_hooks.base_proposal(congress)
    assert (proposal["values"]["convened"], proposal["base"]) == (2, 2)
    second.refresh_from_db()
    with pytest.raises(ValidationError) as error:  # an alternate never called is not replaced
        services.replace_delegate(
            delegate=second, alternate=taken["alternates"][0], actor=staff, reason="x"
        )
    assert "nothing to replace" in str(error.value)


def test_the_roll_page_reads_a_constant_number_of_queries(client, congress, taken, staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client.force_login(staff)
    url = reverse("delegates:delegate-roll", args=[congress.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for member in _members(congress.organization)[6:]:
        Delegate.objects.create(
            congress=congress, organization=congress.organization, org_path=congress.org_path,
            member=member, represents=congress.organization, how_selected="appointed",
        )  # fmt: skip
    with CaptureQueriesContext(connection) as more:
        client.get(url)
    assert len(more) == len(few)


def test_a_refusal_on_the_delegate_page_is_shown_with_the_input(client, congress, taken, staff):
    from django.urls import reverse

    replaced = taken["delegates"][0]
    services.replace_delegate(
        delegate=replaced, alternate=taken["alternates"][0], actor=staff, reason="Ốm"
    )
    client.force_login(staff)
    # Declining a delegate already replaced (a stale page): refused, said, nothing written.
    response = client.post(
        reverse("delegates:delegate", args=[replaced.pk]),
        {"action": "withdraw", "withdraw-status": "declined", "withdraw-reason": "Bận",
         "withdraw-confirm": "on"},
    )  # fmt: skip
    from django.utils.html import escape

    assert response.status_code == 200
    errors = response.context["withdraw_form"].non_field_errors()
    assert len(errors) == 1
    assert escape(errors[0]) in response.content.decode()  # shown on the page
    assert response.context["withdraw_form"]["reason"].value() == "Bận"
    replaced.refresh_from_db()
    assert replaced.status == "replaced"


def test_a_member_gone_by_the_congress_is_not_a_delegate(congress, district, plan, staff):
    from organizations import services as organization_services

    person = _members(district["tay_ho"])[0]
    day = min(selectors.congress_day(congress), timezone.localdate())
    organization_services.end_membership(
        member=person, actor=None, expected_version=person.version, left_on=day
    )
    person.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        services.add_delegate(congress=congress, member=person, how_selected="ex_officio",
                              actor=staff)  # fmt: skip
    assert _cite("R-EL-28", "2011") in str(error.value)
