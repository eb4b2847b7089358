"""The recognition pages on a date (issue 15, item 4): the commendation list shows what was
proposed by the date, approved only when decided by then; the overview counts the ratings and
decisions dated by then; both print the date in their heading."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from recognition import services
from recognition.choices import CommendationForm, Reason, RecipientKind
from recognition.models import Commendation
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def commendations(tree):
    """Proposed 01/08/2020 and approved 01/09/2020; proposed 01/10/2020, not decided."""
    wards = [OrganizationFactory(parent=tree["tay_ho"]) for _ in range(2)]
    common = {"granting": tree["tay_ho"], "actor": None, "form": CommendationForm.CERTIFICATE,
              "recipient_kind": RecipientKind.COLLECTIVE, "reason": Reason.CONGRESS}  # fmt: skip
    first = services.propose_commendation(
        **common, recipient_organization=wards[0], proposed_on=D(2020, 8, 1)
    )
    services.approve_commendations(
        commendations=Commendation.objects.filter(pk=first.pk), actor=None,
        decision_number="5-QĐ/QU", decision_date=D(2020, 9, 1),
    )  # fmt: skip
    second = services.propose_commendation(
        **common, recipient_organization=wards[1], proposed_on=D(2020, 10, 1)
    )
    return first, second


def listed(client, tree, **query):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    with translation.override("vi"):
        response = client.get(
            reverse("recognition:commendation-list", args=[tree["tay_ho"].pk]), query
        )
    assert response.status_code == 200
    return response, [(c.pk, c.approved_then) for c in response.context["page"]]


def test_the_commendation_list_shows_the_state_on_its_date(client, tree, commendations):
    first, second = commendations

    _response, before = listed(client, tree, as_of="31/07/2020")
    _response, proposed = listed(client, tree, as_of="15/08/2020")
    response, decided = listed(client, tree, as_of="15/09/2020")
    _response, today = listed(client, tree)
    _response, approved_then = listed(client, tree, as_of="15/08/2020", status="approved")
    _response, proposed_then = listed(client, tree, as_of="15/08/2020", status="proposed")

    assert before == []
    assert proposed == [(first.pk, False)]
    assert decided == [(first.pk, True)]
    assert sorted(today) == sorted([(first.pk, True), (second.pk, False)])
    assert approved_then == []
    assert proposed_then == [(first.pk, False)]
    page = response.content.decode()
    assert "tính đến ngày 15/09/2020" in page
    assert "5-QĐ/QU" in page
    assert "as_of=15/09/2020" in page


def test_the_overview_prints_its_date_and_counts_the_decisions_by_then(client, tree, commendations):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    url = reverse("recognition:overview", args=[tree["tay_ho"].pk])

    with translation.override("vi"):
        before = client.get(url, {"year": 2020, "as_of": "31/08/2020"})
        after = client.get(url, {"year": 2020, "as_of": "01/09/2020"})

    assert before.context["commendations"] == []
    assert [row["collectives"] for row in after.context["commendations"]] == [1]
    assert "tính đến ngày 31/08/2020" in before.content.decode()


@pytest.mark.parametrize("size", [1, 10])
def test_the_commendation_list_on_a_date_keeps_its_query_count(
    client, tree, size, django_assert_num_queries
):
    for _number in range(size):
        services.propose_commendation(
            granting=tree["tay_ho"], actor=None, form=CommendationForm.CERTIFICATE,
            recipient_kind=RecipientKind.COLLECTIVE, reason=Reason.CONGRESS,
            recipient_organization=OrganizationFactory(parent=tree["tay_ho"]),
            proposed_on=D(2020, 8, 1),
        )  # fmt: skip
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    url = reverse("recognition:commendation-list", args=[tree["tay_ho"].pk])

    # session, user, grants (read once for the scope and can_write), organization, count, page
    with django_assert_num_queries(6):
        response = client.get(url, {"as_of": "01/09/2020"})

    assert len(response.context["page"]) == size
