"""count_round: worked examples from the rules and the seeds, and its invariants."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personnel.elections import RoundResult, count_round, threshold


def counts(seats, base, votes, *, valid=None, invalid=0, issued=None):
    valid = max(votes.values(), default=0) if valid is None else valid
    returned = valid + invalid
    return count_round(
        seats=seats,
        base=base,
        votes=votes,
        ballots_issued=returned if issued is None else issued,
        ballots_returned=returned,
        ballots_valid=valid,
        ballots_invalid=invalid,
    )


def test_threshold_is_half_of_the_base_not_of_the_valid_ballots():
    # D = 100 convened; 70 valid ballots. 51 votes is more than half of D; 50 is not, even
    # though 50 is well over half of the 70 valid ballots (the state-law rule).
    result = counts(2, 100, {"An": 51, "Bình": 50, "Chi": 30}, valid=70)

    assert result == RoundResult(elected=["An"], tied=[], tie_seats=0, unfilled=1)


@given(base=st.integers(min_value=0, max_value=10_000))
def test_the_threshold_is_the_fewest_votes_count_round_elects_with(base):
    # The pages and reports show threshold(D); count_round elects with exactly that many votes.
    needed = threshold(base)

    assert 2 * needed > base >= 2 * (needed - 1)
    assert counts(1, base, {"a": needed}).elected == ["a"]
    assert counts(1, base, {"a": needed - 1}).elected == []


def test_seats_go_by_votes_then_key():
    result = counts(3, 20, {"d": 15, "a": 12, "c": 15, "b": 18, "e": 11}, valid=25)

    assert result.elected == ["b", "c", "d"]
    assert (result.tied, result.tie_seats, result.unfilled) == ([], 0, 0)


def test_tie_for_the_last_seat_is_flagged_not_resolved():
    result = counts(3, 20, {"a": 18, "b": 15, "c": 14, "d": 14, "e": 14}, valid=25)

    assert result == RoundResult(elected=["a", "b"], tied=["c", "d", "e"], tie_seats=1, unfilled=0)
    assert result.is_complete is False


def test_tie_for_two_seats_among_three():
    result = counts(3, 20, {"a": 18, "b": 12, "c": 12, "d": 12, "e": 5}, valid=20)

    assert result == RoundResult(elected=["a"], tied=["b", "c", "d"], tie_seats=2, unfilled=0)


def test_equal_votes_that_all_fit_are_all_elected():
    result = counts(3, 20, {"a": 18, "b": 12, "c": 12, "d": 9}, valid=20)

    assert result == RoundResult(elected=["a", "b", "c"], tied=[], tie_seats=0, unfilled=0)


def test_a_tie_below_the_threshold_is_no_tie():
    result = counts(2, 20, {"a": 18, "b": 10, "c": 10}, valid=20)

    assert result == RoundResult(elected=["a"], tied=[], tie_seats=0, unfilled=1)


def test_quan_9_district_committee_elects_39_of_43():
    # A congress of 300 convened delegates elects 39 of 43 candidates in one round.
    votes = {f"UV{number:02d}": 280 - number for number in range(43)}

    result = counts(39, 300, votes, valid=290, invalid=5, issued=300)

    assert result.elected == [f"UV{number:02d}" for number in range(39)]
    assert result.is_complete


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"seats": 0}, "seats must be at least 1"),
        ({"base": -1}, "base cannot be negative"),
        ({"ballots_returned": 11, "ballots_valid": 11}, r"ballots_returned \(11\) exceeds"),
        ({"ballots_invalid": 1}, r"ballots_valid \+ ballots_invalid \(10 \+ 1 = 11\) must equal"),
        ({"votes": {"a": 11}}, r"candidate 'a' has more votes \(11\) than there are valid"),
        ({"votes": {"a": 10, "b": 10, "c": 1}, "seats": 2}, r"add up to 21, more than valid"),
        ({"votes": {"a": -1}}, r"votes for 'a' cannot be negative"),
        ({"seats": 1.5}, "seats must be a whole number"),
    ],
)
def test_inconsistent_minutes_are_refused_with_the_problem_named(changes, message):
    arguments = {
        "seats": 1,
        "base": 12,
        "votes": {"a": 7, "b": 3},
        "ballots_issued": 10,
        "ballots_returned": 10,
        "ballots_valid": 10,
        "ballots_invalid": 0,
    } | changes

    with pytest.raises(ValueError, match=message):
        count_round(**arguments)


@st.composite
def rounds(draw):
    seats = draw(st.integers(min_value=1, max_value=9))
    valid = draw(st.integers(min_value=0, max_value=60))
    invalid = draw(st.integers(min_value=0, max_value=10))
    base = draw(st.integers(min_value=0, max_value=90))
    names = draw(st.lists(st.text("abcdefgh", min_size=1, max_size=3), unique=True, max_size=12))
    votes = {}
    budget = valid * seats
    for name in names:
        count = draw(st.integers(min_value=0, max_value=min(valid, budget)))
        votes[name] = count
        budget -= count
    return {
        "seats": seats,
        "base": base,
        "votes": votes,
        "ballots_issued": valid + invalid + draw(st.integers(min_value=0, max_value=5)),
        "ballots_returned": valid + invalid,
        "ballots_valid": valid,
        "ballots_invalid": invalid,
    }


@given(rounds())
def test_every_seat_is_filled_tied_or_unfilled(arguments):
    result = count_round(**arguments)

    assert len(result.elected) + result.tie_seats + result.unfilled == arguments["seats"]
    assert (result.tie_seats == 0) == (not result.tied)
    if result.tied:
        assert len(result.tied) > result.tie_seats


@given(rounds())
def test_only_candidates_over_half_of_the_base_are_elected_or_tied(arguments):
    votes, base = arguments["votes"], arguments["base"]

    result = count_round(**arguments)

    assert all(2 * votes[key] > base for key in result.elected + result.tied)
    assert set(result.elected).isdisjoint(result.tied)


@given(rounds())
def test_elected_rank_by_votes_and_nobody_left_out_beats_them(arguments):
    votes = arguments["votes"]

    result = count_round(**arguments)

    assert result.elected == sorted(result.elected, key=lambda key: (-votes[key], key))
    others = set(votes) - set(result.elected) - set(result.tied)
    lowest_kept = min((votes[key] for key in result.elected + result.tied), default=None)
    if lowest_kept is not None:
        assert all(
            votes[key] < lowest_kept or 2 * votes[key] <= arguments["base"] for key in others
        )
    if result.tied:
        tie_votes = {votes[key] for key in result.tied}
        assert len(tie_votes) == 1
        (tie_vote,) = tie_votes
        assert all(votes[key] > tie_vote for key in result.elected)


@given(rounds(), st.randoms())
def test_the_order_of_the_votes_does_not_matter(arguments, random):
    items = list(arguments["votes"].items())
    random.shuffle(items)

    assert count_round(**(arguments | {"votes": dict(items)})) == count_round(**arguments)
