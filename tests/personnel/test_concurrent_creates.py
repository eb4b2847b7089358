"""Two people creating the same thing at once: the second is refused with what exists, never
told "saved" over the first (issue 21, lost updates on create). Each test loads the page in two
browsers (two clients) before either saves, as two people at two desks would."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from audit.models import AuditEvent
from core.editing import StaleEditError
from personnel import services
from personnel.choices import BallotKind
from personnel.models import Candidate, CommitteePlan, ElectionRound
from tests.personnel.conftest import decided, fill

pytestmark = pytest.mark.django_db


def plan_post(page, seats):
    return {
        "form": "plan",
        "plan-committee_seats": seats,
        "plan-standing_seats": "",
        "plan-planned_reelected": "",
        "plan-note": "",
        "plan-version": page.context["plan_form"]["version"].value(),
    }


def test_two_people_creating_the_committee_plan(two_desks, congress):
    url = reverse("personnel:congress-personnel", args=[congress.pk])
    first, second = (desk.get(url) for desk in two_desks)
    assert two_desks[0].post(url, plan_post(first, 39)).status_code == 302
    response = two_desks[1].post(url, plan_post(second, 41))
    assert response.status_code == 200
    errors = " ".join(response.context["plan_form"].non_field_errors())
    assert "39" in errors  # names the plan that exists
    assert CommitteePlan.objects.get(congress=congress).committee_seats == 39
    assert AuditEvent.objects.filter(action__startswith="personnel.plan").count() == 1


ROUND = {
    "convened": "20",
    "excluded_absent_with_reason": "0",
    "excluded_suspended": "0",
    "excluded_other": "0",
    "ballots_issued": "20",
    "ballots_returned": "20",
    "ballots_valid": "20",
    "ballots_invalid": "0",
}


def test_two_people_entering_the_same_round(two_desks, congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=9)
    (candidate,) = fill(ballot, 1)
    decided(ballot)
    url = reverse("personnel:round-create", args=[ballot.pk])
    pages = [desk.get(url) for desk in two_desks]
    posts = [
        ROUND | {"number": page.context["form"]["number"].value(), f"votes_{candidate.pk}": "15"}
        for page in pages
    ]
    assert two_desks[0].post(url, posts[0]).status_code == 302
    response = two_desks[1].post(url, posts[1])
    assert response.status_code == 200
    assert "1" in " ".join(response.context["form"].non_field_errors())
    assert ElectionRound.objects.filter(ballot=ballot).count() == 1


def test_two_people_adding_the_same_person_to_a_list(two_desks, congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=9)
    url = reverse("personnel:ballot-detail", args=[ballot.pk])
    person = {
        "action": "add",
        "full_name": "Hoàng Thị Lan",
        "gender": "female",
        "birth_date": "01/02/1985",
        "ethnicity": "Tày",
        "nomination": "plan",
    }
    for desk in two_desks:
        desk.get(url)
    assert two_desks[0].post(url, person).status_code == 302
    response = two_desks[1].post(url, person | {"full_name": "hoàng thị lan"})
    assert response.status_code == 200
    assert "01/02/1985" in response.content.decode()
    assert Candidate.objects.filter(ballots=ballot).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite writes one transaction at a time"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_plans_created_at_the_same_instant_on_postgresql(congress):
    """Two transactions racing for real: one creates, the other waits on the congress row and
    is refused (without the lock the second was an IntegrityError, a 500)."""
    barrier = threading.Barrier(2)
    outcomes = []

    def save(seats):
        try:
            barrier.wait(timeout=10)
            services.save_committee_plan(
                congress=congress, actor=None, committee_seats=seats, expected_version=0
            )
            outcomes.append("saved")
        except StaleEditError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(seats,)) for seats in (39, 41)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["refused", "saved"]
    assert CommitteePlan.objects.filter(congress=congress).count() == 1
