"""R-EL-23: the re-vote among candidates tied for the last seats follows the setting
ELECTION_TIE_REVOTE_MAJORITY (unresolved: does the re-vote still ask more than half of D?)."""

import pytest
from django.utils import timezone

from personnel import services
from personnel.choices import BallotKind
from personnel.elections import RoundResult, count_round
from personnel.tally.verify import _recount
from reports import services as report_services
from reports.choices import FileFormat, ReportKind
from reports.models import ReportJob
from tests.pdf import pdf_text
from tests.personnel.conftest import fill

MINUTES = {
    "convened": 100,
    "ballots_issued": 96,
    "ballots_returned": 96,
    "ballots_valid": 96,
    "ballots_invalid": 0,
}


def test_count_round_without_the_majority_elects_the_most_votes():
    counts = {key: MINUTES[key] for key in MINUTES if key != "convened"}

    assert count_round(
        seats=1, base=100, votes={"b": 40, "c": 30}, majority=False, **counts
    ) == RoundResult(elected=["b"], tied=[], tie_seats=0, unfilled=0)
    assert count_round(
        seats=1, base=100, votes={"b": 40, "c": 40}, majority=False, **counts
    ) == RoundResult(elected=[], tied=["b", "c"], tie_seats=1, unfilled=0)
    assert count_round(seats=1, base=100, votes={"b": 40, "c": 30}, **counts) == RoundResult(
        elected=[], tied=[], tie_seats=0, unfilled=1
    )


@pytest.fixture
def tied(congress):
    """Two seats, three names: a is elected, b and c tie for the last seat."""
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=2)
    a, b, c = fill(ballot, 3)
    votes = {a.pk: 80, b.pk: 55, c.pk: 55}
    services.record_round(ballot=ballot, actor=None, votes=votes, **MINUTES)
    return ballot, b, c


@pytest.mark.django_db
def test_by_default_the_revote_still_asks_more_than_half_of_d(tied):
    ballot, b, c = tied

    second = services.record_round(ballot=ballot, actor=None, votes={b.pk: 45, c.pk: 40}, **MINUTES)

    assert (second.elected, second.unfilled, second.majority_required) == ([], 1, True)


@pytest.mark.django_db
def test_with_the_setting_off_the_revote_elects_the_most_votes(settings, tied):
    settings.ELECTION_TIE_REVOTE_MAJORITY = False
    ballot, b, c = tied

    second = services.record_round(ballot=ballot, actor=None, votes={b.pk: 45, c.pk: 40}, **MINUTES)

    assert (second.elected, second.unfilled, second.majority_required) == ([b.pk], 0, False)
    job = ReportJob(
        kind=ReportKind.CONGRESS_DOSSIER,
        organization=ballot.congress.organization,
        parameters={"congress": ballot.congress.pk},
        language="en",
        file_format=FileFormat.PDF,
        created_at=timezone.now(),
    )
    text = " ".join(pdf_text(report_services.build_pdf(job)).split())
    assert "more than half of D was not required" in text
    assert "ELECTION_TIE_REVOTE_MAJORITY" in text


@pytest.mark.django_db
def test_with_the_setting_off_a_first_round_still_asks_the_majority(settings, congress):
    settings.ELECTION_TIE_REVOTE_MAJORITY = False
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=2)
    a, b, c = fill(ballot, 3)

    first = services.record_round(
        ballot=ballot, actor=None, votes={a.pk: 80, b.pk: 40, c.pk: 30}, **MINUTES
    )

    assert (first.elected, first.unfilled, first.majority_required) == ([a.pk], 1, True)


def test_verify_recounts_a_revote_as_it_was_counted():
    data = {
        "votes": {"1": 45, "2": 40},
        "seats": 1,
        "convened": 100,
        "excluded_absent_with_reason": 0,
        "excluded_suspended": 0,
        "excluded_other": 0,
        **{key: MINUTES[key] for key in MINUTES if key != "convened"},
    }

    assert _recount(data, majority=False)[2].elected == [1]
    assert _recount(data)[2].elected == []
