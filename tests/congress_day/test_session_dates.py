"""Issue 15, Deliver 2: the dates of a congress's session keep what is dated within it (the
votes and check-ins here; the election rounds in tests/personnel/test_round_session_dates.py).
The congress edit page and the stage change refuse, keeping the input, and write nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from congress_day import services
from congresses import services as congress_services
from congresses.choices import Stage
from congresses.models import Congress, StageTransition

pytestmark = pytest.mark.django_db

OPENED = datetime.date(2020, 3, 1)
VOTED = datetime.date(2020, 3, 5)


def shown(day):
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def voting(congress, staff):
    """The congress opened on 01/03/2020 with a vote on 05/03/2020 (in session); the
    congresses below it held (R-WV-01 is not what these tests are about)."""
    congress.started_on = OPENED
    congress.save(update_fields=["started_on"])
    Congress.objects.exclude(pk=congress.pk).update(stage=Stage.HELD)
    services.record_vote(
        congress=congress,
        subject="programme",
        title="Chương trình đại hội",
        actor=staff,
        agree=4,
        disagree=0,
        abstain=0,
        present=5,
        voted_on=VOTED,
    )
    congress.refresh_from_db()
    return congress


def held(congress, closed_on):
    congress.stage = Stage.HELD
    congress.ended_on = congress.held_on = closed_on
    congress.save(update_fields=["stage", "ended_on", "held_on"])
    StageTransition.objects.create(
        congress=congress,
        from_stage=Stage.PERSONNEL_APPROVED,
        to_stage=Stage.HELD,
        effective_on=closed_on,
    )


def unchanged(congress):
    fresh = Congress.objects.get(pk=congress.pk)
    return (fresh.started_on, fresh.ended_on, fresh.held_on, fresh.stage, fresh.version) == (
        congress.started_on,
        congress.ended_on,
        congress.held_on,
        congress.stage,
        congress.version,
    )


def record_held(congress, staff, day):
    """`congress` recorded held on `day` (the stage change whose date the guards check)."""
    return congress_services.change_stage(
        congress=congress,
        to_stage=Stage.HELD,
        actor=staff,
        expected_version=congress.version,
        held_on=day,
    )


def test_a_congress_is_not_closed_before_the_votes_it_holds(voting, staff):
    """Gap 2: opened 01/03, a vote on 05/03, recorded held on 02/03: refused."""
    with pytest.raises(ValidationError) as raised:
        record_held(voting, staff, datetime.date(2020, 3, 2))

    assert list(raised.value.message_dict) == ["held_on"]
    message = raised.value.message_dict["held_on"][0]
    assert "votes dated up to 05/03/2020: it cannot close before that day" in message
    assert "R-EL-35" in message
    assert unchanged(voting)
    assert not StageTransition.objects.filter(congress=voting, to_stage=Stage.HELD).exists()


def test_a_congress_is_not_closed_before_it_opened(voting, staff):
    with pytest.raises(ValidationError) as raised:
        record_held(voting, staff, datetime.date(2020, 2, 28))

    assert raised.value.message_dict == {
        "held_on": ["The congress opened on 01/03/2020: it cannot close before that day."]
    }
    assert unchanged(voting)


def test_a_congress_closed_on_the_day_of_its_last_vote_is_held(voting, staff):
    congress = record_held(voting, staff, VOTED)

    assert (congress.stage, congress.ended_on, congress.held_on) == (Stage.HELD, VOTED, VOTED)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        # Quận 9's case: the session moved before what it holds.
        (
            {"started_on": datetime.date(2020, 3, 6)},
            "started_on",
            "votes dated from 05/03/2020: it cannot open after that day",
        ),
        (
            {"started_on": None},
            "started_on",
            "its opening date cannot be cleared",
        ),
    ],
)
def test_the_session_of_a_congress_in_session_keeps_its_votes(voting, staff, changes, field, words):
    with pytest.raises(ValidationError) as raised:
        congress_services.update_congress(
            congress=voting, actor=staff, expected_version=voting.version, **changes
        )

    assert list(raised.value.message_dict) == [field]
    assert words in raised.value.message_dict[field][0]
    assert unchanged(voting)
    assert not AuditEvent.objects.filter(action="congress.updated").exists()


def test_a_held_congress_keeps_its_closing_date_and_its_records(voting, staff):
    """Gap 1: a held congress's dates moved before its votes (and away from the day it was
    recorded held) are refused; clearing its dates too."""
    held(voting, VOTED)

    for changes, field, words in (
        (
            {"started_on": datetime.date(2020, 2, 10), "ended_on": datetime.date(2020, 2, 11)},
            "ended_on",
            "recorded held on 05/03/2020",
        ),
        ({"started_on": None, "ended_on": None}, "started_on", "cannot be cleared"),
        ({"started_on": None}, "started_on", "cannot be cleared"),
    ):
        with pytest.raises(ValidationError) as raised:
            congress_services.update_congress(
                congress=voting, actor=staff, expected_version=voting.version, **changes
            )
        assert words in raised.value.message_dict[field][0]
        assert unchanged(voting)


def test_a_planned_congress_gets_no_session_dates(congress, district, staff):
    congress = Congress.objects.get(organization=district["wards"][1], term=congress.term)
    assert congress.stage == Stage.PLANNED

    with pytest.raises(ValidationError) as raised:
        congress_services.update_congress(
            congress=congress,
            actor=staff,
            expected_version=congress.version,
            started_on=datetime.date(2020, 7, 10),
            ended_on=datetime.date(2020, 7, 11),
        )

    assert sorted(raised.value.message_dict) == ["ended_on", "started_on"]
    assert "give its planned date instead" in raised.value.message_dict["started_on"][0]
    assert unchanged(congress)


def test_check_ins_are_kept_within_the_session_too(congress, cards, staff):
    services.check_in(congress=congress, entry=str(cards[0].number), actor=staff)
    from django.utils import timezone

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    errors = congress_services.session_errors(congress, tomorrow, None)

    assert list(errors) == ["started_on"]
    assert "check-ins dated from" in errors["started_on"]


def test_the_edit_page_refuses_moving_a_held_congress_keeping_the_input(client, voting, staff):
    """Through the page, in Vietnamese: the form is shown again with the typed dates and the
    error under the field; nothing is written."""
    held(voting, VOTED)
    client.force_login(staff)

    response = client.post(
        reverse("congresses:congress-edit", args=[voting.pk]),
        {
            "ordinal": voting.ordinal,
            "kind": voting.kind,
            "content": voting.content,
            "started_on": "10/02/2020",
            "ended_on": "11/02/2020",
            "version": voting.version,
        },
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form["ended_on"].value() == "11/02/2020"
    assert form.errors["ended_on"] == [
        "Đại hội đã được ghi nhận là tổ chức ngày 05/03/2020: ngày bế mạc là ngày đó. Muốn sửa, "
        "hãy chuyển đại hội về giai đoạn trước rồi ghi nhận đã tổ chức lại."
    ]
    assert unchanged(voting)


def test_the_stage_page_refuses_closing_before_the_votes(client, voting, staff):
    client.force_login(staff)

    response = client.post(
        reverse("congresses:congress-stage", args=[voting.pk]),
        {
            "to_stage": Stage.HELD,
            "held_on": "02/03/2020",
            "version": voting.version,
            "confirmed": "on",
        },
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert any("biểu quyết" in message and "05/03/2020" in message for message in messages)
    assert unchanged(voting)
