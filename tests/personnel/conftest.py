import datetime

import pytest

from congresses import services as congress_services
from congresses.models import Term, TermLevelRule
from personnel import services
from personnel.choices import BallotKind
from tests.factories import OPENED, UserFactory, open_congress

REFERENCE = datetime.date(2020, 6, 30)
# The counting minutes of a round of 20 delegates, every ballot valid.
MINUTES = {
    "convened": 20,
    "ballots_issued": 20,
    "ballots_returned": 20,
    "ballots_valid": 20,
    "ballots_invalid": 0,
}


@pytest.fixture
def term(db):
    return Term.objects.get(name="2020–2025")


@pytest.fixture
def congress(tree, term):
    """The 2020–2025 congress of the Tây Hồ district, ages counted at 30/06/2020, in session
    since 20/08/2020 (its personnel approved): rounds may be recorded on it."""
    congress_services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)
    congress = tree["tay_ho"].congresses.get(term=term)
    TermLevelRule.objects.filter(term=term, level=congress.level).update(
        age_reference_date=REFERENCE
    )
    return open_congress(congress, OPENED)


@pytest.fixture
def staff(tree):
    return UserFactory(scope=tree["tay_ho"], role="staff")


def person(number, *, woman=False, young=False, ethnicity="Kinh", incumbent=False):
    return {
        "full_name": f"Ứng cử viên {number:02d}",
        "gender": "female" if woman else "male",
        "birth_date": datetime.date(1990 if young else 1970, 1, 1),
        "ethnicity": ethnicity,
        "education": "Thạc sĩ",
        "is_incumbent": incumbent,
    }


def fill(ballot, count, *, women=0, young=0, minorities=0, incumbents=0):
    """`count` candidates on `ballot`: the first `women` are women, the first `young` young..."""
    return [
        services.add_candidate(
            ballot=ballot,
            actor=None,
            **person(
                number,
                woman=number < women,
                young=number < young,
                ethnicity="Tày" if number < minorities else "Kinh",
                incumbent=number < incumbents,
            ),
        )
        for number in range(count)
    ]


def decided(ballot, *, agree=15, disagree=3, abstain=2, present=20):
    """The congress's adopted vote on `ballot`'s list (congress_day, subject "the lists"): the
    decision that lets a round be recorded on a list breaking R-EL-07/08/10. Tests that count
    rounds on a small list record it; tests/personnel/test_slate_rules.py tests the rule."""
    from congress_day import services as congress_day

    return congress_day.record_vote(
        congress=ballot.congress,
        subject="lists",
        title="Danh sách bầu cử",
        agree=agree,
        disagree=disagree,
        abstain=abstain,
        present=present,
        actor=None,
        ballot=ballot,
        # Dated the day the congress opened: a round of that day (round_date's default) rests
        # on a decision taken on or before it.
        voted_on=ballot.congress.started_on,
    )


@pytest.fixture
def three_for_three(congress):
    """A committee of 3 seats with 3 names: R-EL-07 asks for more names than seats."""
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=3)
    fill(ballot, 3)
    return ballot


def record(ballot, votes=15):
    """A round on `ballot` (MINUTES) giving every candidate `votes` votes."""
    counts = dict.fromkeys(ballot.candidates.values_list("pk", flat=True), votes)
    return services.record_round(ballot=ballot, actor=None, votes=counts, **MINUTES)
