"""Two people creating the same rating or commendation at once: the second is refused, never
told "saved" over the first (issue 21, lost updates on create)."""

import pytest
from django.urls import reverse

from recognition import selectors
from recognition.models import Commendation, Rating
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_two_people_rating_the_same_member_for_the_first_time(two_desks, tree):
    cell = OrganizationFactory(parent=tree["xuan_la"], name="Chi bộ khu dân cư số 1")
    member = MemberFactory(organization=cell)
    url = reverse("recognition:rating-grid", args=[cell.pk]) + "?year=2020&subject=members"
    for desk in two_desks:
        assert desk.get(url).status_code == 200
    # Both grids were loaded with no rating: an empty version for the row.
    payload = {"step": "proposed", f"version-{member.pk}": ""}
    response = two_desks[0].post(url, payload | {f"level-{member.pk}": "good"})
    assert response.status_code == 302
    response = two_desks[1].post(url, payload | {f"level-{member.pk}": "excellent"})
    assert response.status_code == 200
    assert Rating.objects.get(member=member).proposed_level == "good"


def test_two_people_proposing_the_same_commendation(two_desks, tree):
    form, recipient_kind = sorted(
        pair
        for pair in selectors.authorities(granting=tree["tay_ho"])
        if pair == ("certificate", "collective")
    )[0]
    url = reverse("recognition:commendation-create", args=[tree["tay_ho"].pk])
    proposal = {
        "form": form,
        "recipient_kind": recipient_kind,
        "recipient_name": "Ban Tổ chức Quận ủy",
        "reason": "congress",
        "year": "2020",
    }
    for desk in two_desks:
        assert desk.get(url).status_code == 200
    assert two_desks[0].post(url, proposal).status_code == 302
    response = two_desks[1].post(url, proposal | {"recipient_name": "ban tổ chức quận ủy"})
    assert response.status_code == 200
    assert "Ban Tổ chức Quận ủy" in response.content.decode()
    assert Commendation.objects.filter(organization=tree["tay_ho"]).count() == 1
