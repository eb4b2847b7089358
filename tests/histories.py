"""Random histories of a wave for the property tests of "as of" (issue 15, items 2 and 3),
shared by tests/reports/test_asof_histories.py and tests/congresses/test_asof_properties.py.

A history is a small wave under Xuân La: each cell's congress (and the ward's, held only after
all its cells, R-WV-01) planned on a random day and moved through its stages by change_stage
on random days (`CELL`, `build_wave`); then, on the ward's congress once held, what is dated
with it (`EVENTS`, `build_events`): the election rounds of its committee, dated within its
session (the services refuse any other date), and complaints about a candidate received on
random days. Commendation decisions and the documents' dates are in
tests/reports/test_asof_histories.py's RECORDS.
"""

import datetime

from hypothesis import strategies as st

from congresses import services
from congresses.choices import STAGE_ORDER, Stage
from congresses.models import Congress
from tests.factories import OrganizationFactory, make_congress

START = datetime.date(2020, 1, 1)
HELD_STEPS = STAGE_ORDER.index(Stage.HELD)
# One congress: planned so many days after START, a pilot or not, how many stages it moves
# forward (0 = still planned, 4 = held) and the days between its stage changes.
CELL = st.tuples(
    st.integers(-30, 300),
    st.booleans(),
    st.integers(0, HELD_STEPS),
    st.lists(st.integers(0, 90), min_size=HELD_STEPS, max_size=HELD_STEPS),
)
# What is dated with the ward's congress once held: whether its committee is elected (one
# round, on the day it was held: its session), and complaints about a candidate received so
# many days after START; and, held or not, the ward's rating for 2020 decided so many days
# after START (None: not decided).
EVENTS = st.fixed_dictionaries(
    {
        "elected": st.booleans(),
        "complaints": st.lists(st.integers(0, 500), max_size=2),
        "rating": st.none()
        | st.tuples(st.sampled_from(["excellent", "good", "complete"]), st.integers(300, 500)),
    }
)
# The committee the ward elects: 4 seats, 5 candidates (R-EL-07/08/10 hold: excess 1).
SEATS, CANDIDATES = 4, 5


def after(days):
    return START + datetime.timedelta(days=days)


def play(congress, steps, start, gaps):
    """Moves `congress` `steps` stages forward, each effective `gaps` days after the previous
    (the first after `start`). Returns the day it was held, or None."""
    day = start
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
    return day if steps >= HELD_STEPS else None


def build_wave(tree, term, cells, ward):
    """The random wave: one congress per cell under Xuân La, and Xuân La's own, held (R-WV-01)
    only after all its cells. Returns the days the congresses were held (None: not held), the
    ward's last."""
    held_days = []
    for number, (planned, pilot, steps, gaps) in enumerate(cells):
        cell = OrganizationFactory(
            code=f"HN-TH-P07-X{number}", name=f"Chi bộ khu dân cư {number}", parent=tree["xuan_la"]
        )
        congress = make_congress(cell, term=term, planned=after(planned), pilot=pilot)
        held_days.append(play(congress, steps, START, gaps))
    planned, pilot, steps, gaps = ward
    congress = make_congress(tree["xuan_la"], term=term, planned=after(planned), pilot=pilot)
    if any(day is None for day in held_days):
        steps = min(steps, HELD_STEPS - 1)
    start = max([START, *(day for day in held_days if day is not None)])
    held_days.append(play(congress, steps, start, gaps))
    return held_days


def build_events(tree, term, events, held_on):
    """`events` on the ward's congress, held on `held_on` (None: not held, nothing is dated
    with it): its committee's round on that day (the session: the services refuse a round
    outside it) and the complaints about its first candidate, each received on its day.
    The ward's rating for 2020 is decided on its day (recognition's save_ratings).
    Returns {"elected": (day, people elected) or None, "complaints": [days], "rating": (level,
    day) or None}."""
    from personnel import services as personnel
    from personnel.choices import BallotKind
    from recognition.models import Period
    from recognition.services import ratings
    from tests.personnel.conftest import person

    rating = None
    if events["rating"] is not None:
        level, day = events["rating"]
        ratings.save_ratings(
            period=Period.objects.get(kind="year", year=2020),
            actor=None,
            step="decided",
            entries=[
                {
                    "organization": tree["xuan_la"],
                    "level": level,
                    "is_exemplary": False,
                    "version": None,
                    "label": tree["xuan_la"].name,
                }
            ],
            decision_body="Ban Thường vụ Quận ủy",
            decision_number="15-QĐ/QU",
            decision_date=after(day),
        )
        rating = (level, after(day))
    if held_on is None:
        return {"elected": None, "complaints": [], "rating": rating}
    congress = Congress.objects.get(organization=tree["xuan_la"], term=term)
    ballot = personnel.add_ballot(
        congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=SEATS
    )
    candidates = [
        personnel.add_candidate(ballot=ballot, actor=None, **person(number))
        for number in range(CANDIDATES)
    ]
    complaints = []
    for day in events["complaints"]:
        personnel.record_complaint(
            candidate=candidates[0],
            actor=None,
            received_on=after(day),
            source="named",
            summary="Phản ánh về kê khai tài sản",
        )
        complaints.append(after(day))
    elected = None
    if events["elected"]:
        votes = {candidate.pk: 8 for candidate in candidates[:SEATS]}
        votes[candidates[SEATS].pk] = 2
        personnel.record_round(
            ballot=ballot,
            actor=None,
            convened=10,
            ballots_issued=10,
            ballots_returned=10,
            ballots_valid=10,
            ballots_invalid=0,
            votes=votes,
            held_on=held_on,
        )
        elected = (held_on, SEATS)
    return {"elected": elected, "complaints": complaints, "rating": rating}
