"""The congress list on a date (issue 15, item 1; core.asof), on the demo's wave: a congress
held on 19/03/2020 is listed as held from that day only, filtered and marked by its stage then."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from congresses.choices import Stage
from congresses.models import Congress, Term
from tests.asof_helpers import UNREADABLE, day_text, messages_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()


@pytest.fixture
def held_pilot(demo):
    """The demo with the treasury cell's pilot congress held on 19/03/2020 (congresses.demo:
    the pilots held in March, before the other grassroots congresses, R-WV-01)."""
    pilot = Congress.objects.get(organization__code="HN-TH-C01", term__name="2020–2025")
    assert (pilot.stage, pilot.held_on) == (Stage.HELD, D(2020, 3, 19))
    return demo


def congress_list(client, demo, **params):
    term = Term.objects.get(name="2020–2025")
    client.force_login(UserFactory(scope=demo["HN-TH"], role="staff"))
    response = client.get(
        reverse("congresses:congress-list", args=[demo["HN-TH"].pk]),
        {"term": term.pk, "pilot": "on", **params},
    )
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("day", "stage", "held"),
    [
        (D(2020, 1, 1), Stage.PLANNED, False),
        (D(2020, 3, 18), Stage.PERSONNEL_APPROVED, False),
        (D(2020, 3, 19), Stage.HELD, True),
    ],
)
def test_the_congress_list_shows_the_stage_on_the_date(client, held_pilot, day, stage, held):
    response = congress_list(client, held_pilot, as_of=day_text(day))
    held_list = congress_list(client, held_pilot, as_of=day_text(day), stage=Stage.HELD)

    shown = {congress.organization.code: congress for congress in response.context["page"]}
    pilot = shown["HN-TH-C01"]
    assert pilot.stage == stage
    assert (pilot.ended_on is not None) == held
    assert ("HN-TH-C01" in [c.organization.code for c in held_list.context["page"]]) == held
    assert f"tính đến ngày {day_text(day)}" in response.content.decode()


def test_the_congress_list_counts_overdue_on_the_date(client, held_pilot):
    """Planned for 19/03/2020: not overdue that day, overdue the day after had it not been held
    (it was), and not overdue today."""
    on_the_day = congress_list(client, held_pilot, as_of="19/03/2020", overdue="on")
    today = congress_list(client, held_pilot, overdue="on")

    assert "HN-TH-C01" not in [c.organization.code for c in on_the_day.context["page"]]
    assert "HN-TH-C01" not in [c.organization.code for c in today.context["page"]]
    assert today.context["as_of"] == TODAY


def test_an_unreadable_date_shows_todays_list_with_a_message(client, held_pilot):
    response = congress_list(client, held_pilot, as_of="tomorrow")

    assert response.context["as_of"] == TODAY
    assert UNREADABLE in messages_of(response)
    pilot = next(c for c in response.context["page"] if c.organization.code == "HN-TH-C01")
    assert pilot.stage == Stage.HELD
