"""An election round only on a congress in session or held, dated within it (issue 15)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from congresses import services as congress_services
from congresses.choices import Stage
from congresses.models import Congress
from personnel import selectors, services
from personnel.models import BallotKind, ElectionRound, RoundVote
from tests.factories import OPENED
from tests.personnel.conftest import decided, fill

pytestmark = pytest.mark.django_db

D = datetime.date
MINUTES = {
    "convened": 10,
    "ballots_issued": 10,
    "ballots_returned": 10,
    "ballots_valid": 10,
    "ballots_invalid": 0,
}


def record(ballot, people, **extra):
    return services.record_round(
        ballot=ballot, actor=None, votes={person.pk: 9 for person in people}, **MINUTES, **extra
    )


def test_a_round_on_a_congress_not_yet_opened_is_refused(congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=1)
    people = fill(ballot, 1)
    congress = congress_services.change_stage(
        congress=congress,
        to_stage=Stage.DOCUMENTS_APPROVED,
        actor=None,
        expected_version=congress.version,
    )

    with pytest.raises(ValidationError) as error:
        record(ballot, people)

    assert error.value.message_dict == {
        "held_on": [
            "Chỉ được ghi vòng bầu khi đại hội đã khai mạc (nhân sự đã được thông qua và đã "
            "nhập ngày khai mạc) hoặc đã tổ chức xong; đại hội này đang ở giai đoạn "
            "“Văn kiện đã được duyệt”."
        ]
    }
    assert not ElectionRound.objects.exists()
    assert not RoundVote.objects.exists()


@pytest.mark.parametrize("day", [OPENED - datetime.timedelta(days=1), D(2099, 1, 1)])
def test_a_round_dated_outside_the_congress_is_refused(congress, day):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=1)
    people = fill(ballot, 1)

    with pytest.raises(ValidationError) as error:
        record(ballot, people, held_on=day)

    assert list(error.value.message_dict) == ["held_on"]
    assert not ElectionRound.objects.exists()


def test_a_round_is_dated_and_counts_from_its_date(congress, tree, term):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=1)
    people = fill(ballot, 1)
    decided(ballot)

    election_round = record(ballot, people, held_on=OPENED + datetime.timedelta(days=1))

    assert election_round.held_on == D(2020, 8, 21)
    before = selectors.elected_by_level(organization=tree["city"], term=term, as_of=OPENED)
    after = selectors.elected_by_level(organization=tree["city"], term=term, as_of=D(2020, 8, 21))
    assert (before, [row["elected"] for row in after]) == ([], [1])


def test_the_session_keeps_its_rounds_within_it(congress):
    """Issue 15, Deliver 2: a congress with a round dated the day after it opened cannot be
    moved to open after that day nor recorded closed before it (the rounds are registered
    with congresses.hooks.dated_records); nothing is written."""
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=1)
    people = fill(ballot, 1)
    decided(ballot)
    round_day = OPENED + datetime.timedelta(days=1)
    record(ballot, people, held_on=round_day)
    Congress.objects.exclude(pk=congress.pk).update(stage=Stage.HELD)  # R-WV-01 aside
    congress.refresh_from_db()
    version = congress.version

    with pytest.raises(ValidationError) as opening:
        congress_services.update_congress(
            congress=congress,
            actor=None,
            expected_version=version,
            started_on=round_day + datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError) as closing:
        congress_services.change_stage(
            congress=congress,
            to_stage=Stage.HELD,
            actor=None,
            expected_version=version,
            held_on=OPENED,
        )

    shown = round_day.strftime("%d/%m/%Y")
    assert list(opening.value.message_dict) == ["started_on"]
    assert f"các vòng bầu cử ghi từ ngày {shown}" in opening.value.message_dict["started_on"][0]
    assert list(closing.value.message_dict) == ["held_on"]
    assert f"các vòng bầu cử ghi đến ngày {shown}" in closing.value.message_dict["held_on"][0]
    congress.refresh_from_db()
    assert (congress.started_on, congress.stage, congress.version) == (
        OPENED,
        Stage.PERSONNEL_APPROVED,
        version,
    )
