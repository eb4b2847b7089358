"""Counting one election round by the party election rules (190-QĐ/TW Art. 30; 244 Art. 32).

`count_round` is a pure function: numbers in, the result out, no database. The rules it
encodes (docs/domain-rules.md, section A):

* R-EL-20/21: a candidate is elected only with more than half of the base D — the official
  members (member congress) or official delegates (delegate congress) convened, minus those
  the rules exclude — not more than half of the valid ballots, as under the state law.
* R-EL-22: among those above the threshold, seats go in descending order of votes.
* R-EL-23: when candidates with equal votes compete for the last seats and are more than the
  seats left, nobody among them is elected: the round is flagged for the congress to vote
  again among them. The tie is never resolved automatically (no "older candidate wins").
  Whether that re-vote still asks more than half of D is unresolved: the caller says
  (`majority=False`: any vote counts, more votes first; the term's R-EL-23
  `tie_revote_majority`, else the setting ELECTION_TIE_REVOTE_MAJORITY,
  personnel.services.rounds.tie_revote_majority).
* R-EL-19: the counts must reconcile; inconsistent minutes raise ValueError naming the problem.

The ValueError's messages are for the developer. `round_problems` lists every inconsistency
by rule; the service (personnel.services.rounds) words each one, translated, under its field.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class RoundResult:
    """The outcome of a round.

    elected: keys in rank order (more votes first, equal votes by key).
    tied: keys tied for the last seats when more candidates share that vote count than seats
        remain (sorted by key); empty otherwise.
    tie_seats: how many seats the tied candidates compete for (0 if none).
    unfilled: seats neither filled nor in the tie (fewer candidates passed the threshold).
    """

    elected: list
    tied: list
    tie_seats: int
    unfilled: int

    @property
    def is_complete(self):
        """Every seat filled, no tie left to the congress."""
        return not self.tied and not self.unfilled


def _check_count(name, value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    if value < 0:
        raise ValueError(f"{name} cannot be negative ({value})")


def check_round(*, seats, base, votes, ballots_issued, ballots_returned, ballots_valid,
                ballots_invalid):  # fmt: skip
    """Raise ValueError naming the first inconsistency of a round's minutes (R-EL-19)."""
    for name, value in (
        ("seats", seats),
        ("base", base),
        ("ballots_issued", ballots_issued),
        ("ballots_returned", ballots_returned),
        ("ballots_valid", ballots_valid),
        ("ballots_invalid", ballots_invalid),
    ):
        _check_count(name, value)
    if seats < 1:
        raise ValueError("seats must be at least 1: there is no seat to elect")
    for key, count in votes.items():
        _check_count(f"votes for {key!r}", count)
    problems = round_problems(
        seats=seats,
        votes=votes,
        ballots_issued=ballots_issued,
        ballots_returned=ballots_returned,
        ballots_valid=ballots_valid,
        ballots_invalid=ballots_invalid,
    )
    if problems:
        rule, key = problems[0]
        total = sum(votes.values())
        raise ValueError(
            {
                RETURNED_ABOVE_ISSUED: f"ballots_returned ({ballots_returned}) exceeds "
                f"ballots_issued ({ballots_issued})",
                VALID_INVALID_NOT_RETURNED: f"ballots_valid + ballots_invalid ({ballots_valid} + "
                f"{ballots_invalid} = {ballots_valid + ballots_invalid}) must equal "
                f"ballots_returned ({ballots_returned})",
                VOTES_ABOVE_VALID: f"candidate {key!r} has more votes ({votes.get(key)}) than "
                f"there are valid ballots ({ballots_valid})",
                VOTES_ABOVE_NAMES_KEPT: f"the votes add up to {total}, more than valid ballots "
                f"× seats ({ballots_valid} × {seats} = {ballots_valid * seats}): a valid ballot "
                "keeps at most as many names as there are seats",
            }[rule]
        )


# The rules of R-EL-19, as round_problems names them.
RETURNED_ABOVE_ISSUED = "returned_above_issued"
VALID_INVALID_NOT_RETURNED = "valid_invalid_not_returned"
VOTES_ABOVE_VALID = "votes_above_valid"
VOTES_ABOVE_NAMES_KEPT = "votes_above_names_kept"


def round_problems(*, seats, votes, ballots_issued, ballots_returned, ballots_valid,
                   ballots_invalid):  # fmt: skip
    """Every inconsistency of well-formed counts (R-EL-19), as (rule, candidate key or None)
    pairs in the order of the minutes: the layer that shows them words them."""
    problems = []
    if ballots_returned > ballots_issued:
        problems.append((RETURNED_ABOVE_ISSUED, None))
    if ballots_valid + ballots_invalid != ballots_returned:
        problems.append((VALID_INVALID_NOT_RETURNED, None))
    problems.extend(
        (VOTES_ABOVE_VALID, key) for key, count in votes.items() if count > ballots_valid
    )
    if sum(votes.values()) > ballots_valid * seats:
        problems.append((VOTES_ABOVE_NAMES_KEPT, None))
    return problems


def threshold(base):
    """The fewest votes that elect with base D: more than half of D (R-EL-20/21), in whole
    numbers D // 2 + 1 (D = 13 → 7, D = 12 → 7)."""
    return base // 2 + 1


def count_round(*, seats, base, votes, ballots_issued, ballots_returned, ballots_valid,
                ballots_invalid, majority=True):  # fmt: skip
    """Who is elected in one round; see the module docstring for the rules.

    `votes` maps a candidate key (any sortable value: a code, a pk) to the votes received.
    `majority=False` (a re-vote among the tied, R-EL-23, by the setting): one vote or more
    is enough, seats go by votes and an equal count at the last seat is a tie again.
    """
    check_round(
        seats=seats,
        base=base,
        votes=votes,
        ballots_issued=ballots_issued,
        ballots_returned=ballots_returned,
        ballots_valid=ballots_valid,
        ballots_invalid=ballots_invalid,
    )
    least = threshold(base) if majority else 1
    passing = sorted(
        (key for key, count in votes.items() if count >= least),
        key=lambda key: (-votes[key], key),
    )
    if len(passing) <= seats:
        return RoundResult(elected=passing, tied=[], tie_seats=0, unfilled=seats - len(passing))
    last_seat_votes = votes[passing[seats - 1]]
    if votes[passing[seats]] < last_seat_votes:
        return RoundResult(elected=passing[:seats], tied=[], tie_seats=0, unfilled=0)
    elected = [key for key in passing if votes[key] > last_seat_votes]
    tied = sorted(key for key in passing if votes[key] == last_seat_votes)
    return RoundResult(elected=elected, tied=tied, tie_seats=seats - len(elected), unfilled=0)
