"""Dividing a congress's elected seats among the organizations directly below (R-EL-32).

The documented method, which the staff then adjust by hand (extra seats with a reason):

1. every organization first gets `minimum` seats (one: each is represented);
2. the seats left are divided in proportion to the organizations' official members by the
   largest-remainder (Hamilton) method: each gets the whole part of its exact share, and the
   seats still left go one each to the largest fractional parts;
3. equal remainders go to the organization with more members, then to the first by its key
   (the organization's code), so the result never depends on the order of the input.
"""

from dataclasses import dataclass
from fractions import Fraction


class AllocationError(ValueError):
    """Fewer seats than the minimum every organization must get."""


@dataclass(frozen=True)
class Share:
    key: str
    members: int
    seats: int
    exact: Fraction  # the proportional share of the seats left after the minimums


def allocate(seats, members, *, minimum=1):
    """{key: seats} for `members` ({key: official members}); the values sum to `seats`.

    Raises AllocationError when `seats` cannot give every organization its minimum."""
    return {share.key: share.seats for share in shares(seats, members, minimum=minimum)}


def shares(seats, members, *, minimum=1):
    """The allocation with each organization's exact proportional share (for the page)."""
    if seats < 0 or minimum < 0 or any(count < 0 for count in members.values()):
        raise AllocationError("seats, minimum and member counts must not be negative")
    if not members:
        return []
    floor_total = minimum * len(members)
    if seats < floor_total:
        raise AllocationError(
            f"{seats} seats cannot give {len(members)} organizations {minimum} each"
        )
    left = seats - floor_total
    total_members = sum(members.values())
    if total_members:
        exact = {key: Fraction(left * count, total_members) for key, count in members.items()}
    else:  # nobody has members yet: equal shares
        exact = {key: Fraction(left, len(members)) for key in members}
    whole = {key: int(value) for key, value in exact.items()}
    remaining = left - sum(whole.values())
    order = sorted(members, key=lambda key: (-(exact[key] - whole[key]), -members[key], key))
    for key in order[:remaining]:
        whole[key] += 1
    return [
        Share(key=key, members=members[key], seats=minimum + whole[key], exact=exact[key])
        for key in sorted(members)
    ]
