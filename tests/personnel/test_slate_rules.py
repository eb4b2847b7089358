"""Issue 15, item 7: the slate-size rules R-EL-07/08/10 refuse a list when its first round is
recorded, unless the congress decided otherwise by its own vote on that list (congress_day,
subject "the lists"), which the round's minutes print."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from audit.models import AuditEvent
from congress_day import services as congress_day
from congress_day.models import Vote
from personnel import selectors, services
from personnel.choices import BallotKind
from personnel.models import ElectionRound, RoundVote, TallyEntry
from personnel.tally.services import enter_tally, set_counting_account
from reports import services as report_services
from reports.choices import FileFormat, ReportKind
from reports.models import ReportJob
from tests.factories import UserFactory, open_congress
from tests.pdf import pdf_text
from tests.personnel.conftest import MINUTES, decided, fill, record

pytestmark = pytest.mark.django_db


def written():
    return (
        ElectionRound.objects.count(),
        RoundVote.objects.count(),
        TallyEntry.objects.count(),
        AuditEvent.objects.filter(action="personnel.round_recorded").count(),
    )


def test_a_3_for_3_committee_list_is_refused_naming_the_rule(three_for_three):
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        record(three_for_three)

    first, hint = raised.value.messages
    assert "R-EL-07" in first
    assert "R-EL-07, Regulation 244-QĐ/TW" in first  # the 2020–2025 pack's source
    assert "3 candidates for 3 seats" in first
    assert "record its vote on this list" in hint
    assert written() == (0, 0, 0, 0)


def test_the_refusal_is_translated(three_for_three):
    with translation.override("vi"), pytest.raises(ValidationError) as raised:
        record(three_for_three)

    assert "R-EL-07" in raised.value.messages[0]
    assert "danh sách" in raised.value.messages[0].lower()


def test_the_round_form_shows_the_refusal_and_keeps_the_input(client, staff, three_for_three):
    client.force_login(staff)
    url = reverse("personnel:round-create", args=[three_for_three.pk])
    assert "R-EL-07" in " ".join(client.get(url).context["slate_refusal"])
    candidates = list(three_for_three.candidates.all())
    post = {key: str(value) for key, value in MINUTES.items()} | {
        "excluded_absent_with_reason": "0",
        "excluded_suspended": "0",
        "excluded_other": "0",
        "number": "1",
    }
    post |= {f"votes_{candidate.pk}": "15" for candidate in candidates}

    with translation.override("en"):
        response = client.post(reverse("personnel:round-create", args=[three_for_three.pk]), post)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "R-EL-07" in errors
    assert response.context["form"]["ballots_issued"].value() == "20"
    assert written() == (0, 0, 0, 0)


def test_a_tally_on_a_refused_list_is_not_entered(tree, congress, three_for_three):
    member = services.add_counting_member(congress=congress, actor=None, full_name="Kiểm phiếu")
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    set_counting_account(counting_member=member, actor=None, username=user.username)
    votes = dict.fromkeys(three_for_three.candidates.values_list("pk", flat=True), 15)

    with pytest.raises(ValidationError):
        enter_tally(ballot=three_for_three, actor=user, expected_number=1, votes=votes, **MINUTES)

    assert written() == (0, 0, 0, 0)


@pytest.mark.parametrize(
    ("kind", "seats", "names", "rule"),
    [
        (BallotKind.COMMITTEE, 20, 27, "R-EL-08"),  # 35 % excess
        (BallotKind.STANDING_COMMITTEE, 5, 7, "R-EL-10"),  # two more for a body of five
    ],
)
def test_too_long_lists_are_refused(congress, kind, seats, names, rule):
    ballot = services.add_ballot(congress=congress, actor=None, kind=kind, seats=seats)
    fill(ballot, names)

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        record(ballot)

    assert rule in " ".join(raised.value.messages)
    assert written() == (0, 0, 0, 0)


def test_one_more_name_than_three_seats_is_allowed(congress):
    """R-EL-10: a body of 3 to 5 may have one more name, though 1 is above 30 % of 3."""
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=3)
    fill(ballot, 4)

    assert selectors.slate_errors(ballot) == []
    assert record(ballot).number == 1


def job(congress, language):
    return ReportJob(
        kind=ReportKind.CONGRESS_DOSSIER,
        organization=congress.organization,
        parameters={"congress": congress.pk},
        language=language,
        file_format=FileFormat.PDF,
        created_at=timezone.now(),
    )


def test_with_the_congress_decision_the_list_is_accepted_and_the_minutes_say_so(
    client, staff, three_for_three
):
    vote = decided(three_for_three, agree=15, disagree=3, abstain=2, present=20)
    assert vote.adopted

    election_round = record(three_for_three)

    assert election_round.number == 1
    with translation.override("en"):
        day = date_format(vote.voted_on, "SHORT_DATE_FORMAT")
        text = " ".join(
            pdf_text(report_services.build_pdf(job(three_for_three.congress, "en"))).split()
        )
    assert (
        f"The congress voted on this list on {day}: 15 for, 3 against, 2 abstaining, of 20 "
        "present; adopted." in text
    )
    client.force_login(staff)
    page = client.get(reverse("personnel:round-minutes", args=[election_round.pk]))
    assert (
        "15 tán thành, 3 không tán thành, 2 không biểu quyết, trên 20 có mặt"
        in page.content.decode()
    )
    # The day the congress voted (its opening day here), not the day the vote was typed.
    assert vote.voted_on != timezone.localdate()
    assert date_format(vote.voted_on, "SHORT_DATE_FORMAT") in page.content.decode()


def test_a_decision_with_more_votes_than_present_is_refused(three_for_three):
    with pytest.raises(ValidationError):
        decided(three_for_three, agree=15, disagree=4, abstain=2, present=20)

    assert not Vote.objects.exists()
    with pytest.raises(ValidationError):
        record(three_for_three)


def test_a_decision_not_adopted_does_not_open_the_list(three_for_three):
    decided(three_for_three, agree=8, disagree=10, abstain=2, present=20)

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        record(three_for_three)

    assert "was not adopted (8 agree of 20 present)" in raised.value.messages[-1]
    assert written() == (0, 0, 0, 0)


def test_a_decision_names_an_election_of_its_own_congress(tree, term, congress, three_for_three):
    from congresses import services as congress_services

    congress_services.create_term_plan(term=term, root=tree["xuan_la"], actor=None)
    other = open_congress(tree["xuan_la"].congresses.get(term=term), congress.started_on)

    with pytest.raises(ValidationError) as raised:
        congress_day.record_vote(
            congress=other, subject="lists", title="Danh sách", agree=5, disagree=0,
            abstain=0, present=5, actor=None, ballot=three_for_three,
        )  # fmt: skip

    assert list(raised.value.message_dict) == ["ballot"]
    assert not Vote.objects.exists()


def test_the_congress_day_form_records_the_decision_on_a_list(client, staff, three_for_three):
    client.force_login(staff)
    url = reverse("congress_day:programme", args=[three_for_three.congress.pk])
    post = {
        "action": "vote",
        "subject": "lists",
        "title": "Danh sách bầu Ban Chấp hành",
        "ballot": str(three_for_three.pk),
        "agree": "15",
        "disagree": "3",
        "abstain": "2",
        "present": "20",
        # The day it voted: the first round (dated the opening day) rests on it.
        "voted_on": three_for_three.congress.started_on.strftime("%d/%m/%Y"),
    }

    checked = client.post(url, post)
    assert checked.context["confirming"]["ballot"] == three_for_three
    response = client.post(url, post | {"confirmed": "True"})

    assert response.status_code == 302
    vote = Vote.objects.get()
    assert (vote.ballot, vote.adopted) == (three_for_three, True)
    assert record(three_for_three).number == 1


def test_a_decision_dated_after_the_round_does_not_allow_it(three_for_three):
    """Issue 15, item 2: the congress's decision comes on or before the round it allows; a
    vote typed today does not let a round of the opening day through."""
    congress = three_for_three.congress
    today = timezone.localdate()
    decided(three_for_three)
    Vote.objects.update(voted_on=today)

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        record(three_for_three)  # dated the congress's opening day (round_date's default)
    assert "dated after the round" in raised.value.messages[-1]
    assert written() == (0, 0, 0, 0)

    votes = dict.fromkeys(three_for_three.candidates.values_list("pk", flat=True), 15)
    later = services.record_round(
        ballot=three_for_three, actor=None, votes=votes, held_on=today, **MINUTES
    )
    assert (later.number, later.held_on, congress.ended_on) == (1, today, None)
