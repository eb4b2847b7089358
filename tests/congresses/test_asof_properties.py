"""Property tests of "as of" (issue 15, item 3) over random histories (tests/histories.py):
stage changes made through change_stage with random effective dates, the ward's committee
elected in its session and complaints received on random days, then the wave read on random
dates."""

import datetime
import itertools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congresses import dashboard
from congresses.choices import STAGE_ORDER
from congresses.models import Congress, Term
from personnel.rollup import results_rollup
from recognition.models import Period
from recognition.selectors import rating_summary
from tests.histories import CELL, EVENTS, START, build_events, build_wave

pytestmark = pytest.mark.django_db


@settings(
    max_examples=12,
    deadline=None,
    # function_scoped_fixture: `tree` is read only, each example rolls its writes back.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    cells=st.lists(CELL, min_size=1, max_size=4),
    ward=CELL,
    events=EVENTS,
    offsets=st.lists(st.integers(-10, 500), min_size=2, max_size=5),
)
def test_held_on_a_date_grows_with_the_date_and_matches_the_history(
    tree, cells, ward, events, offsets
):
    term = Term.objects.get(name="2020–2025")
    with transaction.atomic():
        held_days = build_wave(tree, term, cells, ward)
        dated = build_events(tree, term, events, held_days[-1])
        days = sorted(START + datetime.timedelta(days=offset) for offset in offsets)
        held = [
            dashboard.wave_figures(organization=tree["xuan_la"], term=term, as_of=day)["totals"][
                "held"
            ]
            for day in days
        ]
        elected = [
            results_rollup(organization=tree["tay_ho"], term=term, as_of=day)["totals"]["elected"]
            for day in days
        ]
        period = Period.objects.get(kind="year", year=2020)
        rated = [
            sum(
                row["total"]
                for row in rating_summary(organization=tree["tay_ho"], period=period, as_of=day)[
                    "organizations"
                ]
            )
            for day in days
        ]
        stages = [
            dict(
                Congress.objects.in_subtree(tree["xuan_la"])
                .with_stage_on(day)
                .values_list("pk", "stage_on")
            )
            for day in days
        ]
        transaction.set_rollback(True)

    assert held == sorted(held)  # held(d1) <= held(d2) for d1 < d2
    assert held == [
        sum(1 for held_day in held_days if held_day is not None and held_day <= day) for day in days
    ]
    # The committee counts from the day of its round, never before.
    voted_on, people = dated["elected"] or (None, 0)
    assert elected == [people if voted_on and voted_on <= day else 0 for day in days]
    # The ward's rating counts from the date of its decision.
    _level, decided_on = dated["rating"] or (None, None)
    assert rated == [1 if decided_on and decided_on <= day else 0 for day in days]
    for earlier, later in itertools.pairwise(stages):
        assert all(STAGE_ORDER.index(earlier[pk]) <= STAGE_ORDER.index(later[pk]) for pk in earlier)
