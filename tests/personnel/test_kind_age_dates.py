"""R-WV-14 / R-CALC-03 (issue 15, item 4): the new commune, ward and special-zone committees of
2025 take July 2025 as their age reference date (the pack's R-WV-14 `kind_age_reference_dates`,
congresses 0011), while their level's rule holds June 2025; other organizations of the level
keep June. Every figure counts ages on the same day: the slate, the elected body (the page
and the PDFs), the per-level roll-up and the summary report's text."""

import datetime

import pytest
from django.utils import translation

from congresses import rulepacks
from congresses.models import Term, TermLevelRule, TermRule
from organizations.models import OrganizationKind
from personnel import selectors, services
from personnel.choices import BallotKind
from reports.kinds import congress_summary
from tests.factories import OrganizationFactory, make_congress, open_congress

pytestmark = pytest.mark.django_db

D = datetime.date
JUNE, JULY = D(2025, 6, 1), D(2025, 7, 1)
# 39 on 1/6/2025, 40 on 1/7/2025: young (under 40) only if ages are counted in June.
TURNS_40_IN_JUNE = D(1985, 6, 15)


@pytest.fixture
def term(db):
    return Term.objects.get(name="2025–2030")


@pytest.fixture
def ward(tree):
    return OrganizationFactory(
        code="HN-PBD",
        name="Đảng bộ phường Bồ Đề",
        parent=tree["city"],
        kind=OrganizationKind.objects.get(code="dang-bo-phuong"),
    )


@pytest.fixture
def bloc(tree):
    return OrganizationFactory(
        code="HN-KCQ",
        name="Đảng ủy Khối các cơ quan",
        parent=tree["city"],
        kind=OrganizationKind.objects.get(code="dang-uy-khoi"),
    )


def _elected_congress(organization, term):
    """`organization`'s congress of `term` in session, its committee of three elected: one
    born 15/06/1985, two older."""
    congress = make_congress(organization, term=term, planned=D(2025, 8, 20))
    congress = open_congress(congress, D(2025, 8, 20))
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=3)
    candidates = [
        services.add_candidate(
            ballot=ballot,
            actor=None,
            full_name=f"Ứng cử viên {number}",
            gender="male",
            birth_date=TURNS_40_IN_JUNE if number == 0 else D(1970, 1, 1),
            ethnicity="Kinh",
            education="Thạc sĩ",
            is_incumbent=False,
        )
        for number in range(4)
    ]
    services.record_round(
        ballot=ballot,
        actor=None,
        convened=50,
        ballots_issued=50,
        ballots_returned=50,
        ballots_valid=50,
        ballots_invalid=0,
        votes={candidate.pk: 40 if index < 3 else 10 for index, candidate in enumerate(candidates)},
        held_on=D(2025, 8, 20),
    )
    return congress, ballot


def test_the_level_holds_june_and_the_pack_july_for_the_new_kinds(term):
    assert TermLevelRule.objects.get(term=term, level=2).age_reference_date == JUNE
    rule = TermRule.objects.get(term=term, rule_id="R-WV-14")
    assert rule.parameters["kind_age_reference_dates"] == {
        "dang-bo-xa": "2025-07-01",
        "dang-bo-phuong": "2025-07-01",
        "dang-bo-dac-khu": "2025-07-01",
    }
    assert rulepacks.rule_problems(rule) == []
    assert "[I]" in rule.note


def test_a_new_ward_counts_ages_in_july_and_another_level_2_body_in_june(term, ward, bloc):
    assert selectors.age_reference_date(term=term, level=2, organization=ward) == JULY
    assert selectors.age_reference_date(term=term, level=2, organization=bloc) == JUNE
    assert selectors.age_reference_date(term=term, level=2) == JUNE
    # 2020–2025 has no such parameter: unchanged.
    old = Term.objects.get(name="2020–2025")
    assert selectors.reference_date_of(term=old, level=2, organization=ward) == (
        TermLevelRule.objects.get(term=old, level=2).age_reference_date
    )


@pytest.mark.parametrize(("which", "day", "young"), [("ward", JULY, 0), ("bloc", JUNE, 1)])
def test_every_figure_counts_ages_on_the_same_day(term, ward, bloc, which, day, young):
    organization = {"ward": ward, "bloc": bloc}[which]
    congress, ballot = _elected_congress(organization, term)

    slate = selectors.slate_figures(ballot=ballot, term=term)
    body = selectors.elected_body_figures(congress)  # the results page and the PDFs
    (rolled,) = selectors.elected_by_level(organization=organization, term=term)
    rules = list(TermLevelRule.objects.filter(term=term))

    assert (slate["reference_date"], body["reference_date"]) == (day, day)
    youth = {row["key"]: row for row in body["rows"]}["youth"]
    assert (youth["count"], rolled["young"], rolled["elected"]) == (young, young, 3)
    assert congress_summary._reference_day(organization, term, rules) == day


def test_a_wrong_kind_date_parameter_is_flagged_and_ignored(term, ward):
    rule = TermRule.objects.get(term=term, rule_id="R-WV-14")
    rule.parameters["kind_age_reference_dates"] = {"dang-bo-phuong": "1/7/2025"}
    rule.save(update_fields=["parameters"])
    fresh = Term.objects.get(pk=term.pk)

    assert len(rulepacks.rule_problems(rule)) == 1
    assert selectors.age_reference_date(term=fresh, level=2, organization=ward) == JUNE

    rule.parameters["kind_age_reference_dates"] = {"dang-bo-phuong-moi": "2025-07-01"}
    with translation.override("en"):
        problems = rulepacks.problems_of(
            parameters=rule.parameters, term_fields=[], level_fields=["age_reference_date"]
        )
    assert problems == {
        "parameters": ["“dang-bo-phuong-moi” is not the code of an organization kind."]
    }


def test_without_a_reference_date_the_slate_and_the_body_count_ages_on_the_opening(tree):
    """2020–2025 names no date for the level above grassroots (R-WV-14 [U]): both the slate
    and the elected body take the congress's date, its opening before its planned date."""
    old = Term.objects.get(name="2020–2025")
    assert TermLevelRule.objects.get(term=old, level=2).age_reference_date is None
    congress = make_congress(tree["tay_ho"], term=old, planned=D(2020, 8, 25))
    congress = open_congress(congress, D(2020, 8, 20))
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=3)

    slate = selectors.slate_figures(ballot=ballot, term=old)
    body = selectors.elected_body_figures(congress)

    assert (slate["reference_date"], body["reference_date"]) == (D(2020, 8, 20),) * 2
    assert selectors.congress_date(congress) == congress.started_on
