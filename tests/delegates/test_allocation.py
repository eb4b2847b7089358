"""The largest-remainder allocation of delegate seats (R-EL-32)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from delegates.allocation import AllocationError, allocate, shares


def test_each_gets_one_then_the_rest_by_largest_remainder():
    # 10 seats, 3 organizations: 3 minimum seats, 7 left in proportion 50:30:20 = 3.5/2.1/1.4
    assert allocate(10, {"A": 50, "B": 30, "C": 20}) == {"A": 5, "B": 3, "C": 2}


def test_ties_go_to_more_members_then_to_the_code():
    assert allocate(3, {"B": 1, "A": 1}, minimum=0) == {"A": 2, "B": 1}
    assert allocate(1, {"A": 1, "B": 3}, minimum=0) == {"A": 0, "B": 1}


def test_fewer_seats_than_organizations_is_refused():
    with pytest.raises(AllocationError):
        allocate(2, {"A": 10, "B": 10, "C": 10})


def test_organizations_without_members_share_equally():
    assert allocate(7, {"A": 0, "B": 0, "C": 0}) == {"A": 3, "B": 2, "C": 2}


members_st = st.dictionaries(
    st.text(alphabet="ABCDEFGH", min_size=1, max_size=3),
    st.integers(min_value=0, max_value=5000),
    min_size=1,
    max_size=40,
)


@given(members=members_st, extra=st.integers(min_value=0, max_value=600))
def test_the_seats_always_add_up_and_stay_within_one_of_the_exact_share(members, extra):
    seats = len(members) + extra
    result = shares(seats, members)
    assert sum(share.seats for share in result) == seats
    for share in result:
        assert share.seats >= 1
        # Hamilton: the whole part of the exact share, or one more (the quota rule).
        assert abs(Fraction(share.seats - 1) - share.exact) < 1


@given(members=members_st, extra=st.integers(min_value=0, max_value=600))
def test_an_organization_with_more_members_never_gets_fewer_seats(members, extra):
    result = allocate(len(members) + extra, members)
    for a in members:
        for b in members:
            if members[a] > members[b]:
                assert result[a] >= result[b]
