"""R-EL-23: the re-vote among candidates tied for the last seats follows the term's pack
(R-EL-23's `tie_revote_majority`, congresses 0012), else the setting
ELECTION_TIE_REVOTE_MAJORITY (unresolved: does the re-vote still ask more than half of D?)."""

import pytest
from django.utils import timezone

from congresses.choices import RuleStatus
from congresses.models import Term, TermRule
from personnel import services
from personnel.choices import BallotKind
from personnel.elections import RoundResult, count_round
from personnel.models import Ballot
from personnel.services import rounds
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


def _set_pack(term, value):
    """The term's R-EL-23 `tie_revote_majority` set to `value` (None: taken out). The pack is
    read once per Term instance: a ballot read again sees it, as the next request would."""
    rule = TermRule.objects.get(term=term, rule_id="R-EL-23")
    rule.parameters.pop("tie_revote_majority", None)
    if value is not None:
        rule.parameters["tie_revote_majority"] = value
    rule.save(update_fields=["parameters"])


@pytest.mark.django_db
def test_the_packs_carry_the_setting_and_flag_the_rule_unresolved(settings):
    for term in Term.objects.all():
        rule = TermRule.objects.get(term=term, rule_id="R-EL-23")
        assert rule.parameters["tie_revote_majority"] is settings.ELECTION_TIE_REVOTE_MAJORITY
        assert rule.status == RuleStatus.UNRESOLVED
        assert rounds.tie_revote_majority(term) is settings.ELECTION_TIE_REVOTE_MAJORITY


@pytest.mark.django_db
def test_the_pack_decides_over_the_setting_per_term(settings):
    settings.ELECTION_TIE_REVOTE_MAJORITY = True
    old, new = Term.objects.get(name="2020–2025"), Term.objects.get(name="2025–2030")
    _set_pack(new, False)

    assert rounds.tie_revote_majority(Term.objects.get(pk=new.pk)) is False
    assert rounds.tie_revote_majority(Term.objects.get(pk=old.pk)) is True
    _set_pack(new, None)  # a pack without the parameter: the setting
    settings.ELECTION_TIE_REVOTE_MAJORITY = False
    assert rounds.tie_revote_majority(Term.objects.get(pk=new.pk)) is False
    assert rounds.tie_revote_majority(Term.objects.get(pk=old.pk)) is True


@pytest.mark.django_db
def test_the_pack_set_to_false_lets_the_revote_elect_the_most_votes(tied):
    ballot, b, c = tied
    _set_pack(ballot.congress.term, False)
    ballot = Ballot.objects.get(pk=ballot.pk)

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
def test_without_the_parameter_the_setting_off_lets_the_revote_elect(settings, tied):
    settings.ELECTION_TIE_REVOTE_MAJORITY = False
    ballot, b, c = tied
    _set_pack(ballot.congress.term, None)
    ballot = Ballot.objects.get(pk=ballot.pk)

    second = services.record_round(ballot=ballot, actor=None, votes={b.pk: 45, c.pk: 40}, **MINUTES)

    assert (second.elected, second.majority_required) == ([b.pk], False)


@pytest.mark.django_db
def test_a_round_keeps_how_it_was_counted_when_the_pack_changes(tied):
    ballot, b, c = tied
    _set_pack(ballot.congress.term, False)
    ballot = Ballot.objects.get(pk=ballot.pk)
    second = services.record_round(ballot=ballot, actor=None, votes={b.pk: 45, c.pk: 40}, **MINUTES)
    _set_pack(ballot.congress.term, True)

    second.refresh_from_db()
    assert (second.elected, second.majority_required) == ([b.pk], False)


@pytest.mark.django_db
def test_with_the_pack_false_a_first_round_still_asks_the_majority(congress):
    _set_pack(congress.term, False)
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
