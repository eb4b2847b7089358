"""Demo congress day: Quận 9's congress "lần thứ VI" (2020–2025), held 22/07/2020.

Everything here is SYNTHETIC and deterministic, and every text the staff would type says so
("dữ liệu minh họa"): the delegate cards, the check-in of 296 of the 299 delegates convened
between 06:40 and 07:55 on the congress day (times spread by a fixed rule, one device per
desk), and the election of Quận 9's delegates to the city congress (20 seats, 22 on the list)
whose tally three members of a synthetic counting committee enter through personnel.tally:
the first two entries differ on one candidate's votes, the third settles the round. The
committee round of personnel.demo stays as recorded from the paper minutes; the delegates'
ballot is the one the demo did not record yet.

As delegates.demo does, the congress is moved back to "personnel approved" for the build (the
services refuse a card or a check-in once a congress is held, R-EL-33) and restored after.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from congress_day import services
from congress_day.models import DelegateCard
from congresses.choices import Stage
from congresses.models import Congress
from delegates.selectors import convened
from personnel import services as personnel_services
from personnel.choices import BallotKind
from personnel.models import Ballot, Candidate
from personnel.tally import services as tally_services

TERM = "2020–2025"
SYNTHETIC = "dữ liệu minh họa"
ABSENT = 3  # delegates convened who do not come (synthetic)
SEATS, ON_LIST = 20, 22  # Quận 9's delegates to the city congress (synthetic)
# The demo accounts of the counting committee (seed_demo's DEMO_ACCOUNTS).
COUNTERS = ("kiemphieu1.quan9", "kiemphieu2.quan9", "kiemphieu3.quan9")
COUNTER_NAMES = (
    f"Trần Văn Kiểm ({SYNTHETIC})",
    f"Lê Thị Phiếu ({SYNTHETIC})",
    f"Ngô Văn Đếm ({SYNTHETIC})",
)


def _arrival(day, index, total):
    """The synthetic arrival time of the `index`-th of `total` delegates: from 06:40 to 07:55,
    most of them between 07:00 and 07:30 (a quadratic spread), in the congress's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(day, datetime.time(6, 40), tzinfo=zone)
    fraction = index / max(total - 1, 1)
    minutes = 75 * (0.5 + 4 * (fraction - 0.5) ** 3)
    return start + datetime.timedelta(minutes=minutes, seconds=(index * 37) % 60)


def _check_in(congress, day):
    services.issue_cards(congress=congress, actor=None)
    cards = list(DelegateCard.objects.filter(congress=congress).order_by("number"))
    coming = [card for index, card in enumerate(cards) if index % 100 != 99][: len(cards) - ABSENT]
    for index, card in enumerate(coming):
        services.check_in(
            congress=congress,
            entry=str(card.number),
            actor=None,
            device=f"ban-{index % 4 + 1}",
            now=_arrival(day, index, len(coming)),
        )
    return len(coming)


def _delegates_ballot(congress, day, present):
    """The election of the delegates to the city congress, its tally entered three times."""
    users = get_user_model().objects.in_bulk(COUNTERS, field_name="username")
    if len(users) != len(COUNTERS):
        return False
    for index, (username, name) in enumerate(zip(COUNTERS, COUNTER_NAMES, strict=True)):
        member = personnel_services.add_counting_member(
            congress=congress, actor=None, full_name=name, is_head=index == 0
        )
        tally_services.set_counting_account(counting_member=member, actor=None, username=username)
    ballot = personnel_services.add_ballot(
        congress=congress, actor=None, kind=BallotKind.DELEGATES, seats=SEATS
    )
    people = [
        member
        for member in convened(congress).order_by("org_path", "name_key", "code")[: ON_LIST * 3]
        if member.official_on is not None
    ][:ON_LIST]
    candidates = Candidate.objects.bulk_create(
        Candidate(
            congress=congress,
            member=member,
            organization_id=congress.organization_id,
            org_path=congress.org_path,
            full_name=member.full_name,
            gender=member.gender,
            birth_date=member.birth_date,
            ethnicity=member.ethnicity,
        )
        for member in people
    )
    ballot.candidates.add(*candidates)
    base = convened(congress).count()
    valid = present - 1
    votes = {c.pk: valid - 3 - 4 * index for index, c in enumerate(candidates[:SEATS])}
    votes |= {c.pk: 110 - 7 * index for index, c in enumerate(candidates[SEATS:])}
    figures = {
        "convened": base,
        "excluded_absent_with_reason": base - present,
        "ballots_issued": present,
        "ballots_returned": present,
        "ballots_valid": valid,
        "ballots_invalid": 1,
        "held_on": day,
    }
    # The second counter miscounts one candidate by ten votes; the third agrees with the first.
    slip = dict(votes)
    slip[candidates[4].pk] -= 10
    for username, entry in zip(COUNTERS, (votes, slip, votes), strict=True):
        tally_services.enter_tally(
            ballot=ballot, actor=users[username], expected_number=1, votes=entry, **figures
        )
    return True


@transaction.atomic
def build_demo_congress_day():
    """Quận 9's cards, check-in and delegates' tally, once. Returns the number checked in
    (0 on a second run)."""
    congress = Congress.objects.select_related("organization", "term").get(
        organization__code="HCM-Q9", term__name=TERM
    )
    if DelegateCard.objects.filter(congress=congress).exists():
        return 0
    stage = congress.stage
    Congress.objects.filter(pk=congress.pk).update(stage=Stage.PERSONNEL_APPROVED)
    congress.stage = Stage.PERSONNEL_APPROVED
    day = congress.started_on or congress.planned_date
    present = _check_in(congress, day)
    if not Ballot.objects.filter(congress=congress, kind=BallotKind.DELEGATES).exists():
        _delegates_ballot(congress, day, present)
    Congress.objects.filter(pk=congress.pk).update(stage=stage)
    return present
