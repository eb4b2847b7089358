"""Issue 15 ("figures true to their date"): the personnel page of a congress takes `as_of`
(core.asof) like the other dated pages: the rounds, their votes and the elected, the key-post
nominations dated on or before it; on a past date it is read-only and says so."""

import datetime

import pytest
from django.urls import reverse

from personnel import services
from personnel.choices import BallotKind
from personnel.models import Ballot
from tests.factories import OPENED
from tests.personnel.conftest import MINUTES, fill

pytestmark = pytest.mark.django_db

APPROVED = datetime.date(2020, 7, 1)


@pytest.fixture
def voted(congress):
    """A committee of 3 elected from 4 names in a round of the opening day (20/08/2020); the
    first name approved for secretary on 01/07/2020."""
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=3)
    candidates = fill(ballot, 4)
    votes = dict(zip([c.pk for c in candidates], (18, 17, 16, 5), strict=True))
    services.record_round(ballot=ballot, actor=None, votes=votes, **MINUTES)
    services.nominate_key_post(
        congress=congress,
        actor=None,
        post=BallotKind.SECRETARY,
        candidate=candidates[0],
        approving_body="Ban Thường vụ Thành ủy",
        approval_number="12-TB/TU",
        approval_date=APPROVED,
    )
    return ballot


def shown(response):
    context = response.context
    return {
        "rounds": [ballot.round_count for ballot in context["ballots"]],
        "elected": context["body"]["elected"],
        "bodies": len(context["bodies"]),
        "nominations": [n.elected for n in context["key_posts"]["nominations"]],
        "forms": context["ballot_form"] is not None and context["plan_form"] is not None,
        "past": context["past"],
    }


def get(client, congress, as_of=None):
    url = reverse("personnel:congress-personnel", args=[congress.pk])
    return client.get(url, {"as_of": as_of} if as_of else {})


def test_today_the_page_shows_every_round_and_its_forms(client, staff, congress, voted):
    client.force_login(staff)

    response = get(client, congress)

    assert shown(response) == {
        "rounds": [1],
        "elected": 3,
        "bodies": 1,
        "nominations": [False],  # approved; no secretary elected yet
        "forms": True,
        "past": False,
    }
    assert 'id="past-state"' not in response.content.decode()


def test_the_day_before_the_round_shows_no_round_and_no_form(client, staff, congress, voted):
    client.force_login(staff)

    response = get(client, congress, (OPENED - datetime.timedelta(days=1)).strftime("%d/%m/%Y"))

    assert shown(response) == {
        "rounds": [0],
        "elected": 0,
        "bodies": 0,
        "nominations": [False],  # approved by then
        "forms": False,
        "past": True,
    }
    body = response.content.decode()
    assert "19/08/2020" in body
    assert 'id="past-state"' in body
    assert 'name="form"' not in body  # no form that writes


def test_before_the_approval_no_nomination_is_shown(client, staff, congress, voted):
    client.force_login(staff)

    response = get(client, congress, "30/06/2020")

    assert shown(response)["nominations"] == []
    assert "Chưa có nhân sự chủ chốt nào được ghi nhận." in response.content.decode()


def test_an_unreadable_date_shows_today_with_a_message(client, staff, congress, voted):
    client.force_login(staff)

    response = get(client, congress, "31/02/2020")

    assert shown(response)["rounds"] == [1]
    assert [str(message) for message in response.context["messages"]] == [
        "Không đọc được ngày (dd/mm/yyyy); số liệu tính đến hôm nay."
    ]


def test_a_post_acts_on_today_whatever_the_date_shown(client, staff, congress, voted):
    client.force_login(staff)
    url = reverse("personnel:congress-personnel", args=[congress.pk])

    response = client.post(
        f"{url}?as_of=01/01/2020",
        {"form": "ballot", "ballot-kind": "secretary", "ballot-seats": "1"},
    )

    assert response.status_code == 302
    assert sorted(Ballot.objects.filter(congress=congress).values_list("kind", flat=True)) == [
        "committee",
        "secretary",
    ]
