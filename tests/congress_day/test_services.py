"""Delegate cards and check-in: a token bound to its congress, refusals that write nothing,
one check-in per card however many desks scan it, leaving and returning (R-EL-28)."""

import datetime

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from congress_day import selectors, services
from congress_day.models import CheckInEvent, DelegateCard
from congress_day.tokens import token_for
from delegates import services as delegate_services

pytestmark = pytest.mark.django_db


def at(hour, minute):
    return datetime.datetime(2020, 3, 19, hour, minute, tzinfo=timezone.get_current_timezone())


def test_a_card_per_convened_member_numbered_in_the_roll_order(congress, cards, staff):
    assert [card.number for card in cards] == list(range(1, 8))
    assert len({card.secret for card in cards}) == 7
    assert AuditEvent.objects.filter(action="congress_day.cards_issued").count() == 1
    # Issuing again adds only the members without a card.
    assert services.issue_cards(congress=congress, actor=staff) == 0


def test_the_token_carries_neither_the_member_id_nor_the_code(cards):
    card = cards[0]
    token = token_for(card)
    assert card.member.code not in token
    # What it signs is the card's random secret, nothing about the member.
    salt = f"congress_day.checkin.congress-{card.congress_id}"
    assert signing.Signer(salt=salt).unsign(token) == card.secret


def test_check_in_by_number_and_by_token(congress, cards, staff):
    answer = services.check_in(
        congress=congress, entry=" 3 ", actor=staff, device="desk-a", now=at(7, 42)
    )
    assert (answer.card.pk, answer.movement, answer.local_time) == (cards[2].pk, "arrive", "07:42")
    answer = services.check_in(congress=congress, entry=token_for(cards[4]), actor=staff)
    assert answer.card.pk == cards[4].pk
    assert not answer.already
    event = CheckInEvent.objects.get(card=cards[2])
    assert (event.checked_by, event.device, event.at, event.seq) == (staff, "desk-a", at(7, 42), 1)


def test_a_second_scan_says_when_the_delegate_checked_in(congress, cards, staff):
    services.check_in(congress=congress, entry="1", actor=staff, now=at(7, 42))
    again = services.check_in(congress=congress, entry=token_for(cards[0]), actor=staff)
    assert again.already
    assert again.local_time == "07:42"
    assert CheckInEvent.objects.filter(card=cards[0]).count() == 1


def test_leaving_and_returning_are_recorded(congress, cards, staff):
    services.check_in(congress=congress, entry="2", actor=staff, now=at(7, 30))
    left = services.check_out(congress=congress, card=cards[1], actor=staff, now=at(10, 5))
    assert left.movement == "leave"
    with pytest.raises(ValidationError, match="not checked in"):
        services.check_out(congress=congress, card=cards[1], actor=staff)
    back = services.check_in(congress=congress, entry="2", actor=staff, now=at(10, 40))
    assert back.movement == "arrive"
    assert back.local_time == "10:40"
    assert list(
        CheckInEvent.objects.filter(card=cards[1]).values_list("seq", "movement", "at")
    ) == [(1, "arrive", at(7, 30)), (2, "leave", at(10, 5)), (3, "arrive", at(10, 40))]


def _nothing_written(congress):
    return (
        CheckInEvent.objects.count() == 0
        and not DelegateCard.objects.filter(congress=congress, present=True).exists()
    )


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("", "Scan a delegate card"),
        ("99", "No delegate card of this congress has the number 99"),
        ("12345678901234567890", "No delegate card"),
        ("not-a-token", "not a valid delegate card"),
        ("abc:def", "not a valid delegate card"),
    ],
)
def test_unknown_entries_are_refused(congress, cards, staff, entry, message):
    with pytest.raises(ValidationError, match=message):
        services.check_in(congress=congress, entry=entry, actor=staff)
    assert _nothing_written(congress)


def test_a_forged_token_is_refused(congress, cards, staff):
    card = cards[0]
    forged = signing.Signer(salt="something else").sign(card.secret)
    tampered = token_for(card)[:-2] + ("AA" if not token_for(card).endswith("AA") else "BB")
    for token in (forged, tampered, card.secret + ":"):
        with pytest.raises(ValidationError, match="not a valid delegate card"):
            services.check_in(congress=congress, entry=token, actor=staff)
    assert _nothing_written(congress)


def test_a_token_of_another_congress_is_refused(congress, cards, other_congress, staff):
    foreign = other_congress.delegate_cards.get()
    with pytest.raises(ValidationError, match="belongs to another congress"):
        services.check_in(congress=congress, entry=token_for(foreign), actor=staff)
    # The same secret signed for this congress (a card copied across) is no card here either.
    copied = signing.Signer(salt=f"congress_day.checkin.congress-{congress.pk}").sign(
        foreign.secret
    )
    with pytest.raises(ValidationError, match="not a valid delegate card"):
        services.check_in(congress=congress, entry=copied, actor=staff)
    assert _nothing_written(congress)
    assert not foreign.movements.exists()


def test_no_check_in_after_the_congress_closed(congress, cards, staff):
    congress.stage = "held"
    congress.save(update_fields=["stage"])
    with pytest.raises(ValidationError, match="has closed"):
        services.check_in(congress=congress, entry="1", actor=staff)
    with pytest.raises(ValidationError, match="has closed"):
        services.issue_cards(congress=congress, actor=staff)
    assert _nothing_written(congress)


def test_a_member_no_longer_convened_is_refused(congress, cards, staff):
    card = next(card for card in cards if card.member.official_on)
    delegate_services.record_exclusion(
        congress=congress, member=card.member, actor=staff, reason="suspended"
    )
    with pytest.raises(ValidationError, match="is not convened"):
        services.check_in(congress=congress, entry=str(card.number), actor=staff)
    assert _nothing_written(congress)


def test_a_lost_race_answers_already_and_records_nothing(congress, cards, staff, monkeypatch):
    """The desk that comes second between reading the card and changing it (another desk's
    UPDATE went first) answers "already" and writes no event: the conditional UPDATE decides."""
    card = cards[0]

    class StaleRead:
        def get(self, **lookup):
            before = DelegateCard.objects.get(**lookup)  # this desk reads: not present
            # Another desk checks the card in between this desk's read and its update.
            DelegateCard.objects.filter(pk=card.pk).update(
                present=True, present_since=at(7, 42), events=1
            )
            CheckInEvent.objects.create(card=card, seq=1, movement="arrive", at=at(7, 42))
            return before

    monkeypatch.setattr(
        DelegateCard.objects, "select_for_update", lambda: StaleRead(), raising=False
    )
    answer = services.check_in(congress=congress, entry="1", actor=staff)
    assert answer.already
    assert answer.local_time == "07:42"
    assert CheckInEvent.objects.filter(card=card).count() == 1


def test_the_database_refuses_a_second_event_of_the_same_step(cards):
    from django.db import IntegrityError, transaction

    CheckInEvent.objects.create(card=cards[0], seq=1, movement="arrive", at=at(7, 0))
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckInEvent.objects.create(card=cards[0], seq=1, movement="arrive", at=at(7, 0))


def test_attendance_by_organization_and_the_quorum(congress, cards, staff, settings):
    """Official and probationary members apart (R-EL-28); the quorum setting (R-EL-31)."""
    settings.CONGRESS_QUORUM = "2/3"
    official = [card for card in cards if card.member.official_on]
    for card in official[:4]:
        services.check_in(congress=congress, entry=str(card.number), actor=staff)
    probationary = next(card for card in cards if not card.member.official_on)
    services.check_in(congress=congress, entry=str(probationary.number), actor=staff)
    figures = selectors.attendance(congress)
    totals = figures["totals"]
    assert (totals["official"], totals["official_present"]) == (6, 4)
    assert (totals["probationary"], totals["probationary_present"]) == (1, 1)
    assert figures["quorum_met"]  # 4/6 ≥ 2/3
    settings.CONGRESS_QUORUM = "3/4"
    assert not selectors.attendance(congress)["quorum_met"]  # 4/6 < 3/4
    services.check_in(congress=congress, entry=str(official[4].number), actor=staff)
    assert selectors.attendance(congress)["quorum_met"]  # 5/6
    rows = {row["organization"].name: row for row in figures["rows"]}
    assert (
        rows["Đảng bộ phường Xuân La"]["official"],
        rows["Đảng bộ phường Bưởi"]["official"],
    ) == (
        4,
        2,
    )
    assert rows["Đảng bộ phường Xuân La"]["probationary_present"] == 1


def test_attendance_takes_the_same_queries_however_many_are_present(
    congress, cards, staff, django_assert_num_queries
):
    with django_assert_num_queries(2):
        selectors.attendance(congress)
    for card in cards:
        services.check_in(congress=congress, entry=str(card.number), actor=staff)
    with django_assert_num_queries(2):
        figures = selectors.attendance(congress)
    assert figures["totals"]["present"] == 7


def test_the_credentials_report_counts_those_present_from_the_check_in(congress, cards, staff):
    from delegates.credentials import credentials_figures

    assert credentials_figures(congress)["present"] == 0  # cards issued, nobody in yet
    services.check_in(congress=congress, entry="1", actor=staff, now=at(7, 42))
    services.check_in(congress=congress, entry="2", actor=staff, now=at(7, 43))
    services.check_out(congress=congress, card=cards[1], actor=staff, now=at(9, 0))

    figures = credentials_figures(congress)
    assert (figures["convened"], figures["present"]) == (7, 1)
