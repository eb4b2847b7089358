"""The congress's votes: counts against those present, the adoption rule, the refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from congress_day import services
from congress_day.models import Vote
from congresses.choices import Stage
from congresses.models import Congress

pytestmark = pytest.mark.django_db


def record(congress, staff, **counts):
    values = {"agree": 4, "disagree": 0, "abstain": 0, "present": None, **counts}
    return services.record_vote(
        congress=congress, subject="programme", title="Chương trình đại hội", actor=staff, **values
    )


def test_a_vote_counts_those_present_from_the_check_in(congress, cards, staff):
    for card in cards[:5]:
        services.check_in(congress=congress, entry=str(card.number), actor=staff)
    vote = record(congress, staff, agree=3, disagree=1, abstain=1, present=99)
    assert (vote.present, vote.present_source) == (5, "check_in")  # the typed 99 is ignored
    assert vote.adopted  # 3 of 5 is more than half
    assert vote.rule == "1/2"
    event = AuditEvent.objects.get(action="congress_day.vote_recorded")
    assert event.data["agree"] == 3
    assert event.data["present"] == 5


def test_exactly_half_is_not_adopted_and_the_setting_changes_the_rule(congress, staff, settings):
    assert not record(congress, staff, agree=2, disagree=2, present=4).adopted
    assert record(congress, staff, agree=3, disagree=1, present=4).adopted
    settings.CONGRESS_ADOPTION_RULE = "2/3"
    vote = record(congress, staff, agree=3, disagree=1, present=5)
    assert (vote.adopted, vote.rule, vote.present_source) == (False, "2/3", "typed")


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ({"agree": 4, "disagree": 2, "abstain": 1, "present": 6}, "more than the 6 present"),
        ({"agree": -1, "present": 6}, "zero or more"),
        ({"agree": 1}, "Type the number present"),
    ],
)
def test_bad_counts_are_refused_and_nothing_is_written(congress, staff, counts, message):
    with pytest.raises(ValidationError) as error:
        record(congress, staff, **counts)
    assert message in str(error.value)
    assert not Vote.objects.exists()
    assert not AuditEvent.objects.filter(action="congress_day.vote_recorded").exists()


def held(congress, closed_on):
    congress.stage = Stage.HELD
    congress.ended_on = congress.held_on = closed_on
    congress.save(update_fields=["stage", "ended_on", "held_on"])


def test_a_held_congress_takes_the_votes_of_its_paper_minutes(congress, staff):
    """Issue 15, item 2: a vote on a congress in session or held, dated within it."""
    closed_on = congress.started_on + datetime.timedelta(days=1)
    held(congress, closed_on)

    vote = record(congress, staff, present=5, voted_on=congress.started_on)
    default = record(congress, staff, present=5)

    assert vote.voted_on == congress.started_on
    assert default.voted_on == closed_on  # a held congress's votes default to its last day
    event = AuditEvent.objects.filter(action="congress_day.vote_recorded").order_by("pk").first()
    assert event.data["voted_on"] == congress.started_on.isoformat()


@pytest.mark.parametrize("offset", [-1, 2])
def test_a_held_congress_refuses_a_vote_dated_outside_it(congress, staff, offset):
    held(congress, congress.started_on + datetime.timedelta(days=1))
    day = congress.started_on + datetime.timedelta(days=offset)

    with pytest.raises(ValidationError) as raised:
        record(congress, staff, present=5, voted_on=day)

    assert list(raised.value.message_dict) == ["voted_on"]
    assert day.strftime("%d/%m/%Y") in raised.value.message_dict["voted_on"][0]
    assert not Vote.objects.exists()


def test_a_vote_in_session_is_dated_today_and_not_before_the_opening(congress, staff):
    today = timezone.localdate()

    assert record(congress, staff, present=5).voted_on == today
    with pytest.raises(ValidationError) as before:
        record(congress, staff, present=5, voted_on=congress.started_on - datetime.timedelta(1))
    with pytest.raises(ValidationError) as future:
        record(congress, staff, present=5, voted_on=today + datetime.timedelta(days=1))

    assert list(before.value.message_dict) == list(future.value.message_dict) == ["voted_on"]
    assert Vote.objects.count() == 1


def test_a_vote_typed_later_keeps_the_day_it_was_taken(congress, staff):
    vote = record(congress, staff, present=5, voted_on=congress.started_on)

    assert vote.voted_on == congress.started_on
    assert timezone.localdate(vote.recorded_at) == timezone.localdate()


def test_the_form_refuses_a_vote_dated_outside_the_congress(client, congress, staff):
    client.force_login(staff)
    url = reverse("congress_day:programme", args=[congress.pk])
    initial = client.get(url).context["form"]["voted_on"].value()
    data = {
        "action": "vote",
        "subject": "programme",
        "title": "Chương trình đại hội",
        "agree": "4",
        "disagree": "0",
        "abstain": "0",
        "present": "5",
        "voted_on": (congress.started_on - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
    }

    response = client.post(url, data)
    confirmed = client.post(url, data | {"confirmed": "True"})

    assert initial == timezone.localdate()
    assert list(response.context["form"].errors) == ["voted_on"]
    assert response.context["confirming"] is None
    assert list(confirmed.context["form"].errors) == ["voted_on"]
    assert not Vote.objects.exists()


def test_the_form_records_a_paper_vote_of_a_held_congress(client, congress, staff):
    held(congress, congress.started_on + datetime.timedelta(days=1))
    client.force_login(staff)
    url = reverse("congress_day:programme", args=[congress.pk])
    data = {
        "action": "vote",
        "subject": "programme",
        "title": "Chương trình đại hội",
        "agree": "4",
        "disagree": "0",
        "abstain": "0",
        "present": "5",
        "voted_on": congress.started_on.strftime("%d/%m/%Y"),
        "confirmed": "True",
    }

    assert client.get(url).context["form"]["voted_on"].value() == congress.ended_on
    response = client.post(url, data)

    assert response.status_code == 302
    assert Vote.objects.get().voted_on == congress.started_on


def test_a_held_congress_page_shows_the_paper_vote_form_and_its_refusals(client, congress, staff):
    """The page of a held congress offers the vote form (the paper minutes, the date required,
    the closing day proposed): a vote dated in the session is recorded, one dated outside is
    refused on the form, the input kept, nothing written."""
    held(congress, congress.started_on + datetime.timedelta(days=1))
    client.force_login(staff)
    url = reverse("congress_day:programme", args=[congress.pk])
    data = {
        "action": "vote",
        "subject": "programme",
        "title": "Chương trình đại hội",
        "agree": "4",
        "disagree": "0",
        "abstain": "0",
        "present": "5",
    }
    outside = (congress.ended_on + datetime.timedelta(days=1)).strftime("%d/%m/%Y")

    page = client.get(url)
    undated = client.post(url, data | {"confirmed": "True"})
    refused = client.post(url, data | {"voted_on": outside})
    refused_confirmed = client.post(url, data | {"voted_on": outside, "confirmed": "True"})

    form = page.context["form"]
    assert 'name="action" value="vote"' in page.content.decode()
    assert form.fields["voted_on"].required
    assert form["voted_on"].value() == congress.ended_on
    assert list(undated.context["form"].errors) == ["voted_on"]
    for response in (refused, refused_confirmed):
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["voted_on"]
        assert outside in response.content.decode()  # the message names it, the input kept
        assert 'value="Chương trình đại hội"' in response.content.decode()
    assert not Vote.objects.exists()

    in_session = data | {"voted_on": congress.started_on.strftime("%d/%m/%Y")}
    confirming = client.post(url, in_session)
    recorded = client.post(url, in_session | {"confirmed": "True"})

    assert confirming.context["confirming"]["voted_on"] == congress.started_on
    assert recorded.status_code == 302
    assert Vote.objects.get().voted_on == congress.started_on


def test_the_page_asks_for_confirmation_before_recording(client, congress, staff):
    client.force_login(staff)
    url = reverse("congress_day:programme", args=[congress.pk])
    assert client.get(url).status_code == 200
    data = {
        "subject": "resolution",
        "title": "Nghị quyết đại hội",
        "agree": "6",
        "disagree": "1",
        "abstain": "0",
        "present": "7",
    }
    page = client.post(url, data)
    assert page.status_code == 200
    assert page.context["confirming"]["adopted"]
    assert not Vote.objects.exists()
    assert 'name="confirmed" value="True"' in page.content.decode()
    back = client.post(url, {**data, "confirmed": "True", "edit": "1"})
    assert back.context["confirming"] is None
    assert not Vote.objects.exists()
    assert 'value="Nghị quyết đại hội"' in back.content.decode()
    response = client.post(url, {**data, "confirmed": "True"})
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert (vote.subject, vote.agree, vote.present, vote.adopted) == ("resolution", 6, 7, True)
    assert "Nghị quyết đại hội" in client.get(url).content.decode()


def test_the_page_refuses_more_votes_than_present_keeping_the_input(client, congress, staff):
    client.force_login(staff)
    url = reverse("congress_day:programme", args=[congress.pk])
    data = {"subject": "programme", "title": "Chương trình", "agree": "8", "disagree": "0"}
    data |= {"abstain": "0", "present": "7", "confirmed": "True"}
    page = client.post(url, data)
    assert page.status_code == 200
    assert "alert-danger" in page.content.decode()
    assert 'value="8"' in page.content.decode()
    assert not Vote.objects.exists()


def test_a_vote_on_a_congress_not_yet_opened_is_refused_and_nothing_is_written(congress, staff):
    """Issue 15, item 2: a vote only on a congress in session (personnel approved, opened)."""
    Congress.objects.filter(pk=congress.pk).update(stage=Stage.DOCUMENTS_APPROVED)
    congress.refresh_from_db()

    with pytest.raises(ValidationError, match="only once the congress has opened"):
        record(congress, staff, present=5)

    assert not Vote.objects.exists()


@pytest.mark.parametrize(
    ("ended_on", "when"),
    [
        (None, datetime.date(2020, 3, 18)),
        (datetime.date(2020, 3, 20), datetime.date(2020, 3, 21)),
    ],
)
def test_a_vote_dated_outside_the_congress_is_refused(congress, staff, ended_on, when):
    """Opened on 19/03/2020: a vote before the opening, or after the closing date entered."""
    Congress.objects.filter(pk=congress.pk).update(ended_on=ended_on)
    congress.refresh_from_db()

    now = timezone.make_aware(datetime.datetime.combine(when, datetime.time(9)))
    with pytest.raises(ValidationError, match="must lie within the congress"):
        record(congress, staff, present=5, now=now)

    assert not Vote.objects.exists()


def test_the_paper_vote_form_costs_no_query_more_than_the_form_in_session(client, congress, staff):
    """The programme page of a held congress, its vote form shown, reads as many queries as
    the page of the congress in session."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    url = reverse("congress_day:programme", args=[congress.pk])
    client.get(url)  # the session and the user cached alike for both
    with CaptureQueriesContext(connection) as in_session:
        assert client.get(url).status_code == 200
    held(congress, congress.started_on + datetime.timedelta(days=1))
    with CaptureQueriesContext(connection) as paper:
        page = client.get(url)

    assert page.context["closed"]
    assert page.context["form"].fields["voted_on"].required
    assert len(paper) == len(in_session)
