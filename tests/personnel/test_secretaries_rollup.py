"""R-RP-02's secretaries in the results roll-up: elected, elected directly by the congress
(R-WV-09's pilot), not from the locality."""

import datetime

import pytest

from personnel.rollup import results_rollup

pytestmark = pytest.mark.django_db


def test_the_rollup_counts_secretaries_elected_directly_and_not_from_the_locality(tree, term):
    """R-RP-02: secretaries elected, elected directly by the congress (R-WV-09's pilot) and not
    from the locality, as of the day of their round; a locality nobody answered is "not known"."""
    from congresses import services as congress_services
    from personnel import services
    from personnel.choices import BallotKind
    from tests.factories import OPENED, open_congress
    from tests.personnel.conftest import person

    congress_services.create_term_plan(term=term, root=tree["city"], actor=None)
    minutes = {"ballots_issued": 10, "ballots_returned": 10, "ballots_valid": 10}
    for code, direct, local in (("tay_ho", True, False), ("xuan_la", False, None)):
        congress = open_congress(tree[code].congresses.get(term=term), OPENED)
        ballot = services.add_ballot(
            congress=congress, actor=None, kind=BallotKind.SECRETARY, seats=1, direct=direct
        )
        secretary = services.add_candidate(ballot=ballot, actor=None, **person(1), is_local=local)
        services.record_round(
            ballot=ballot, actor=None, convened=10, ballots_invalid=0, held_on=OPENED,
            votes={secretary.pk: 9}, **minutes,
        )  # fmt: skip

    totals = results_rollup(organization=tree["city"], term=term, as_of=OPENED)["totals"]
    assert [totals[key] for key in ("secretaries", "direct_secretaries")] == [2, 1]
    assert [totals["secretaries_not_local"], totals["secretaries_local_unknown"]] == [1, 1]
    before = results_rollup(
        organization=tree["city"], term=term, as_of=OPENED - datetime.timedelta(days=1)
    )
    assert before["totals"]["secretaries"] == 0
    ward = results_rollup(organization=tree["xuan_la"], term=term, as_of=OPENED)["totals"]
    assert (ward["secretaries"], ward["direct_secretaries"]) == (1, 0)


def test_only_the_secretary_is_elected_directly_by_the_congress(tree, term):
    from django.core.exceptions import ValidationError

    from congresses import services as congress_services
    from personnel import services
    from personnel.choices import BallotKind
    from personnel.models import Ballot

    congress_services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)
    congress = tree["tay_ho"].congresses.get(term=term)
    with pytest.raises(ValidationError) as refused:
        services.add_ballot(
            congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=9, direct=True
        )
    assert "direct" in refused.value.message_dict
    assert not Ballot.objects.filter(congress=congress).exists()
