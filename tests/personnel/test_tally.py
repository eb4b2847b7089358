"""Issue 17, item 4: the count entered twice, in an append-only, hash-chained log (R-EL-37)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from audit.models import AuditEvent
from personnel import services
from personnel.choices import BallotKind
from personnel.models import AppendOnlyError, ElectionRound, RoundVote, TallyEntry
from personnel.tally import selectors as tally_selectors
from personnel.tally.chain import GENESIS, digest, settle
from personnel.tally.services import enter_tally, set_counting_account
from personnel.tally.verify import verify_congress
from tests.factories import UserFactory
from tests.personnel.conftest import fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballot(congress):
    """A committee election of 3 seats with 4 candidates."""
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=3)
    fill(ballot, 4)
    return ballot


@pytest.fixture
def counters(congress, tree):
    """Three members of the counting committee, each with a Tây Hồ staff account."""
    users = []
    for number in range(3):
        member = services.add_counting_member(
            congress=congress, actor=None, full_name=f"Kiểm phiếu {number}"
        )
        user = UserFactory(scope=tree["tay_ho"], role="staff")
        set_counting_account(counting_member=member, actor=None, username=user.username)
        users.append(user)
    return users


def tally(ballot, *, valid=40, votes=None, **changes):
    """A consistent tally of round 1: 45 convened, 42 issued and returned."""
    candidates = list(ballot.candidates.order_by("pk"))
    figures = {
        "expected_number": 1,
        "convened": 45,
        "ballots_issued": 42,
        "ballots_returned": 42,
        "ballots_valid": valid,
        "ballots_invalid": 42 - valid,
        "votes": votes or dict(zip([c.pk for c in candidates], [38, 35, 30, 12], strict=True)),
    }
    return figures | changes


def test_two_identical_entries_make_the_round_stand(ballot, counters):
    first, state = enter_tally(ballot=ballot, actor=counters[0], **tally(ballot))
    assert state.state == "waiting"
    assert not ElectionRound.objects.exists()

    second, state = enter_tally(ballot=ballot, actor=counters[1], **tally(ballot))

    assert state.state == "stands"
    election_round = ElectionRound.objects.get(ballot=ballot, number=1)
    top = list(ballot.candidates.order_by("pk"))[:3]
    assert election_round.elected == [c.pk for c in top]
    assert election_round.base == 45
    assert RoundVote.objects.filter(round=election_round, is_elected=True).count() == 3
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash
    assert second.hash == digest(second)
    assert AuditEvent.objects.filter(action="personnel.tally_entered").count() == 2


def test_a_difference_waits_for_a_third_entry_which_settles_it(ballot, counters):
    ids = [c.pk for c in ballot.candidates.order_by("pk")]
    enter_tally(ballot=ballot, actor=counters[0], **tally(ballot))
    wrong = dict(zip(ids, [38, 35, 31, 12], strict=True))
    _entry, state = enter_tally(ballot=ballot, actor=counters[1], **tally(ballot, votes=wrong))

    assert state.state == "differs"
    assert not ElectionRound.objects.exists()
    names = dict(ballot.candidates.values_list("pk", "full_name"))
    rows = tally_selectors.comparison(state, names)
    assert [row["label"] for row in rows if row["differs"]] == [names[ids[2]]]

    _entry, state = enter_tally(ballot=ballot, actor=counters[2], **tally(ballot, votes=wrong))

    assert state.state == "stands"
    assert [e.counter.account for e in state.agreeing] == [counters[1], counters[2]]
    votes = dict(RoundVote.objects.values_list("candidate_id", "votes"))
    assert votes[ids[2]] == 31


def test_a_third_entry_matching_neither_waits_for_another(ballot, counters, congress, tree):
    ids = [c.pk for c in ballot.candidates.order_by("pk")]
    enter_tally(ballot=ballot, actor=counters[0], **tally(ballot))
    for counter, third in ((counters[1], 31), (counters[2], 32)):
        votes = dict(zip(ids, [38, 35, third, 12], strict=True))
        _entry, state = enter_tally(ballot=ballot, actor=counter, **tally(ballot, votes=votes))
    assert state.state == "differs"
    assert not ElectionRound.objects.exists()

    fourth = UserFactory(scope=tree["tay_ho"], role="staff")
    member = services.add_counting_member(congress=congress, actor=None, full_name="Người thứ tư")
    set_counting_account(counting_member=member, actor=None, username=fourth.username)
    _entry, state = enter_tally(ballot=ballot, actor=fourth, **tally(ballot))

    assert state.state == "stands"
    assert ElectionRound.objects.get().ballots_valid == 40


@translation.override("en")
def test_refused_outsider_same_counter_after_standing_and_bad_sums(ballot, counters, tree):
    outsider = UserFactory(scope=tree["tay_ho"], role="staff")
    with pytest.raises(ValidationError, match="counting committee"):
        enter_tally(ballot=ballot, actor=outsider, **tally(ballot))
    enter_tally(ballot=ballot, actor=counters[0], **tally(ballot))
    with pytest.raises(ValidationError, match="already entered"):
        enter_tally(ballot=ballot, actor=counters[0], **tally(ballot))
    with pytest.raises(ValidationError) as error:  # valid + invalid ≠ returned
        enter_tally(ballot=ballot, actor=counters[1], **tally(ballot, ballots_invalid=5))
    assert "ballots_valid" in error.value.message_dict
    ids = [c.pk for c in ballot.candidates.order_by("pk")]
    with pytest.raises(ValidationError) as error:  # 4 × 40 > 40 ballots × 3 seats
        enter_tally(ballot=ballot, actor=counters[1], **tally(ballot, votes=dict.fromkeys(ids, 40)))
    assert "votes" in error.value.message_dict
    assert TallyEntry.objects.count() == 1
    enter_tally(ballot=ballot, actor=counters[1], **tally(ballot))
    with pytest.raises(ValidationError, match="already stands"):
        enter_tally(ballot=ballot, actor=counters[2], **tally(ballot))
    assert TallyEntry.objects.count() == 2


def test_a_round_with_a_tie_is_recorded_as_count_round_says(ballot, counters):
    ids = [c.pk for c in ballot.candidates.order_by("pk")]
    votes = dict(zip(ids, [38, 25, 25, 25], strict=True))
    for user in counters[:2]:
        enter_tally(ballot=ballot, actor=user, **tally(ballot, votes=votes))

    election_round = ElectionRound.objects.get()
    assert election_round.elected == [ids[0]]
    assert election_round.tied == ids[1:]
    assert election_round.tie_seats == 2


def test_the_log_refuses_change_and_deletion(ballot, counters):
    entry, _state = enter_tally(ballot=ballot, actor=counters[0], **tally(ballot))

    entry.payload = "{}"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        TallyEntry.objects.filter(pk=entry.pk).update(payload="{}")
    with pytest.raises(AppendOnlyError):
        TallyEntry.objects.all().delete()
    entry.refresh_from_db()
    assert entry.hash == digest(entry)


def test_an_account_is_linked_only_if_it_may_write_there(congress, tree):
    member = services.add_counting_member(congress=congress, actor=None, full_name="Kiểm phiếu")
    reader = UserFactory(scope=tree["tay_ho"], role="leader")
    elsewhere = UserFactory(scope=tree["long_bien"], role="staff")
    for user in (reader, elsewhere):
        with pytest.raises(ValidationError) as error:
            set_counting_account(counting_member=member, actor=None, username=user.username)
        assert "username" in error.value.message_dict
    with pytest.raises(ValidationError):
        set_counting_account(counting_member=member, actor=None, username="nobody-here")
    member.refresh_from_db()
    assert member.account is None
    assert not AuditEvent.objects.filter(action="personnel.counting_account_set").exists()


def _verify(congress, *extra):
    out = io.StringIO()
    call_command("verify_count", str(congress.pk), *extra, stdout=out)
    return out.getvalue()


def _stand(ballot, counters):
    for user in counters[:2]:
        enter_tally(ballot=ballot, actor=user, **tally(ballot))


def test_verify_count_accepts_a_clean_log(ballot, counters, congress):
    _stand(ballot, counters)

    output = _verify(congress)

    head = TallyEntry.objects.order_by("-sequence").first().hash
    assert "matches the log (entries 1, 2)" in output
    assert f"Final hash: {head} (2 entries)" in output
    assert "MISMATCH" not in output


def test_verify_count_catches_an_entry_changed_in_the_database(ballot, counters, congress):
    _stand(ballot, counters)
    first = TallyEntry.objects.get(sequence=1)
    tampered = first.payload.replace('"ballots_valid":40', '"ballots_valid":41')
    assert tampered != first.payload
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # what the database owner would have to do
            # The test's transaction holds deferred foreign-key checks, which ALTER TABLE
            # refuses to leave pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE personnel_tallyentry DISABLE TRIGGER personnel_tallyentry_append_only"
            )
        cursor.execute(
            "UPDATE personnel_tallyentry SET payload = %s WHERE id = %s", [tampered, first.pk]
        )

    with pytest.raises(CommandError, match="mismatch"):
        _verify(congress)
    report = verify_congress(congress)
    assert not report.ok
    assert any("entry 1: its hash does not match" in text for ok, text in report.findings)


def test_verify_count_catches_a_stored_round_changed_after_the_log(ballot, counters, congress):
    _stand(ballot, counters)
    vote = RoundVote.objects.filter(is_elected=True).first()
    RoundVote.objects.filter(pk=vote.pk).update(votes=vote.votes + 1)

    report = verify_congress(congress)

    assert not report.ok
    assert any("differs from the log: votes" in text for ok, text in report.findings)


def test_verify_count_treats_paper_rounds_by_flag(congress):
    ballot = services.add_ballot(congress=congress, actor=None, kind=BallotKind.SECRETARY, seats=1)
    (candidate,) = fill(ballot, 1)
    services.record_round(
        ballot=ballot,
        actor=None,
        convened=20,
        ballots_issued=19,
        ballots_returned=19,
        ballots_valid=19,
        ballots_invalid=0,
        votes={candidate.pk: 15},
    )

    assert "recorded from the minutes, not in the log" in _verify(congress)
    with pytest.raises(CommandError):
        _verify(congress, "--require-log")


def test_settle_needs_two_different_counters():
    class Entry:
        def __init__(self, counter_id, payload):
            self.counter_id, self.payload = counter_id, payload

    assert settle([Entry(1, "a"), Entry(1, "a")]).standing is None
    assert settle([Entry(1, "a"), Entry(2, "b"), Entry(3, "a")]).standing == "a"


def test_a_name_not_counted_on_a_ballot_without_excess_is_accepted(congress, counters):
    """R-EL-36: one name for one seat; a ballot with both or neither box marked stays valid
    and does not count for the name, so the name's votes may be fewer than valid ballots."""
    secretary = services.add_ballot(
        congress=congress, actor=None, kind=BallotKind.SECRETARY, seats=1
    )
    (candidate,) = fill(secretary, 1)
    for user in counters[:2]:
        enter_tally(ballot=secretary, actor=user, **tally(secretary, votes={candidate.pk: 36}))

    election_round = ElectionRound.objects.get(ballot=secretary)
    assert election_round.ballots_valid == 40
    assert election_round.elected == [candidate.pk]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)
def test_postgresql_itself_refuses_to_change_or_delete_an_entry(ballot, counters):
    from django.db import DatabaseError, transaction

    entry, _state = enter_tally(ballot=ballot, actor=counters[0], **tally(ballot))
    for sql in (
        "UPDATE personnel_tallyentry SET payload = '{}' WHERE id = %s",
        "DELETE FROM personnel_tallyentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.hash == digest(entry)


@translation.override("en")
def test_a_round_being_entered_twice_is_not_recorded_from_the_paper_minutes(ballot, counters):
    enter_tally(ballot=ballot, actor=counters[0], **tally(ballot))
    figures = tally(ballot)
    figures.pop("expected_number")

    with pytest.raises(ValidationError, match="entering the tally of round 1 twice"):
        services.record_round(ballot=ballot, actor=None, **figures)
    assert not ElectionRound.objects.exists()
