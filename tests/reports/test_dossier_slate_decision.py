"""Issue 15: R-EL-07/08/10 refuse a list that breaks them unless the congress decided otherwise
by its own vote. The congress dossier prints that decision with the list, not the error it
settled; without it (or with one dated after the list's first round) the error stays."""

import datetime

import pytest
from django.utils import translation
from django.utils.formats import date_format

from congress_day.models import Vote
from reports.choices import ReportKind
from tests.factories import OPENED
from tests.personnel.conftest import (  # noqa: F401 - fixtures
    congress,
    decided,
    record,
    term,
    three_for_three,
)

pytestmark = pytest.mark.django_db

ERROR = "The list must be longer than the seats: 3 candidates for 3 seats"
DECIDED = "The congress decided otherwise on the size of this list ("


def dossier_text(rendering, ballot, **parameters):
    congress = ballot.congress  # noqa: F811
    return rendering.text(
        rendering.job(
            congress.organization,
            ReportKind.CONGRESS_DOSSIER,
            language="en",
            congress=congress.pk,
            **parameters,
        )
    )


def test_dossier_prints_the_congress_decision_not_the_slate_error(rendering, three_for_three):  # noqa: F811
    vote = decided(three_for_three, agree=15, disagree=3, abstain=2, present=20)
    record(three_for_three)

    text = dossier_text(rendering, three_for_three)

    with translation.override("en"):
        day = date_format(vote.voted_on, "SHORT_DATE_FORMAT")
    decision = (
        f"The congress voted on this list on {day}: 15 for, 3 against, 2 abstaining, of 20 "
        "present; adopted."
    )
    assert ERROR not in text
    assert DECIDED in text
    # The rule by its source, not by the project's id (R-RP-10).
    assert "R-EL-07" not in text
    # With the list, and again on its first round's minutes.
    assert text.count(decision) == 2


def test_dossier_prints_the_slate_error_without_a_decision(rendering, three_for_three):  # noqa: F811
    text = dossier_text(rendering, three_for_three)

    assert ERROR in text
    assert DECIDED not in text


def test_dossier_of_a_date_before_the_decision_prints_the_error(rendering, three_for_three):  # noqa: F811
    decided(three_for_three)  # dated the opening day, 20/08/2020

    before = dossier_text(rendering, three_for_three, as_of=OPENED - datetime.timedelta(days=1))
    after = dossier_text(rendering, three_for_three)

    assert (ERROR in before, DECIDED in before) == (True, False)
    assert (ERROR in after, DECIDED in after) == (False, True)


def test_dossier_leaves_out_a_decision_not_adopted(rendering, three_for_three):  # noqa: F811
    decided(three_for_three, agree=8, disagree=10, abstain=2, present=20)

    text = dossier_text(rendering, three_for_three)

    assert Vote.objects.get().adopted is False
    assert (ERROR in text, DECIDED in text) == (True, False)
