"""Property tests of "as of" (issue 15, item 3) over random histories: stage changes made
through change_stage with random effective dates, then the wave read on random dates."""

import datetime
import itertools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from congresses import dashboard, services
from congresses.choices import STAGE_ORDER, Stage
from congresses.models import Congress, Term
from tests.factories import OrganizationFactory, make_congress

pytestmark = pytest.mark.django_db

START = datetime.date(2020, 1, 1)
# A history: how many stages the congress moves forward (0 = still planned, 4 = held) and
# the days between its stage changes.
HISTORY = st.tuples(st.integers(0, 4), st.lists(st.integers(0, 90), min_size=4, max_size=4))


def play(congress, steps, gaps):
    """Moves `congress` `steps` stages forward, each effective `gaps` days after the previous.
    Returns the day it was held, or None."""
    day = START
    for stage, gap in zip(STAGE_ORDER[1 : steps + 1], gaps, strict=False):
        day += datetime.timedelta(days=gap)
        congress = services.change_stage(
            congress=congress,
            to_stage=stage,
            actor=None,
            expected_version=congress.version,
            effective_on=day,
            held_on=day if stage == Stage.HELD else None,
        )
    return day if steps == 4 else None


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    histories=st.lists(HISTORY, min_size=1, max_size=4),
    offsets=st.lists(st.integers(-10, 400), min_size=2, max_size=5),
)
def test_held_on_a_date_grows_with_the_date_and_matches_the_history(tree, histories, offsets):
    term = Term.objects.get(name="2020–2025")
    with transaction.atomic():
        held_days = []
        for number, (steps, gaps) in enumerate(histories):
            cell = OrganizationFactory(
                code=f"HN-TH-P07-X{number}", name=f"Chi bộ {number}", parent=tree["xuan_la"]
            )
            congress = make_congress(cell, term=term, planned=START)
            held_days.append(play(congress, steps, gaps))
        days = sorted(START + datetime.timedelta(days=offset) for offset in offsets)
        held = [
            dashboard.wave_figures(organization=tree["xuan_la"], term=term, as_of=day)["totals"][
                "held"
            ]
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
    for earlier, later in itertools.pairwise(stages):
        assert all(STAGE_ORDER.index(earlier[pk]) <= STAGE_ORDER.index(later[pk]) for pk in earlier)
