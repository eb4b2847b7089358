"""Demo personnel from the news reports in shared/seeds.

Quận 9: the district committee of the 2020–2025 term elected, 39 members of whom 18 women
and 9 under 40 — "nữ 46,15 %/15 %, trẻ 23,08 %/10 %" — in one round among 43 candidates.
Quận 9's new committee then elects its standing committee of 13 (14 on the list), the
secretary and a deputy.
Tây Hồ: the planned 39-member committee with 33 incumbents standing, a slate of 43, a
counting committee of five, one complaint handled, and two rounds: the first ends in a tie
for the last seat, the second, among the tied, fills it. Its 26 grassroots organizations plan
228 committee members, 170 of them re-elected (seed 001). Names, birth dates and votes are
synthetic (deterministic).
"""

import datetime
import random

from django.db import transaction

from congresses import services as congress_services
from congresses.choices import Stage
from congresses.models import Congress
from core.asof import is_member_on
from organizations.choices import Gender
from organizations.models import Member, Organization
from organizations.synthetic import FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES
from personnel import rules, selectors, services
from personnel.choices import BallotKind
from personnel.models import Ballot, CommitteePlan, Complaint

TERM = "2020–2025"
SEATS = 39
# Seed 001: "Dự kiến tổng số cấp ủy viên Đảng bộ, Chi bộ cơ sở trực thuộc Quận ủy nhiệm kỳ
# 2020-2025 là 228 đồng chí, trong đó có 170 đồng chí tái cử."
TAY_HO_GRASSROOTS_SEATS = 228
TAY_HO_GRASSROOTS_REELECTED = 170
# Seed 001: "dự kiến số lượng Ủy viên Ban Chấp hành Đảng bộ quận nhiệm kỳ 2020-2025 là 39 đồng
# chí, trong đó có 33 đồng chí tái cử."
TAY_HO_PLANNED_REELECTED = 33


def _people(rng, count, *, women, young, incumbents=0):
    """`count` people: the first `women` are women, those at `young` indexes born 1984–1988."""
    families = [name for name, _weight in FAMILY_NAMES]
    people = []
    for index in range(count):
        gender = Gender.FEMALE if index < women else Gender.MALE
        birth_year = rng.randint(1984, 1988) if index in young else rng.randint(1961, 1975)
        people.append(
            {
                "full_name": " ".join(
                    (
                        rng.choice(families),
                        rng.choice(MIDDLE_NAMES[gender]),
                        rng.choice(GIVEN_NAMES[gender]),
                    )
                ),
                "gender": gender,
                "birth_date": datetime.date(birth_year, rng.randint(1, 12), rng.randint(1, 28)),
                "ethnicity": "Kinh",
                "education": "Thạc sĩ" if index % 3 == 0 else "Cử nhân",
                "is_incumbent": index < incumbents,
            }
        )
    return people


def _slate(congress, people, *, seats=SEATS, planned_reelected=None, members=None):
    """The committee plan and list of `congress`: `people` as person records, or, where
    `members` gives one, that member (their data copied, the education and incumbency the
    person's)."""
    services.save_committee_plan(
        congress=congress,
        actor=None,
        committee_seats=seats,
        standing_seats=13,
        planned_reelected=planned_reelected,
    )
    ballot = services.add_ballot(
        congress=congress, actor=None, kind=BallotKind.COMMITTEE, seats=seats
    )
    members = members or [None] * len(people)
    candidates = [
        services.add_candidate(ballot=ballot, actor=None, member=member, **person)
        for person, member in zip(people, members, strict=True)
    ]
    return ballot, candidates


def _on_register(congress, people):
    """For each synthetic person, a distinct official member of `congress`'s tree on its day
    of the same gender and age band (born 1984–1988, or before 1976), or None when none is
    left: the congress's documents then name each candidate with their unit (issue 19) and the
    committee's make-up stays the demo's."""
    day = selectors.congress_day(congress)
    pool = [
        member
        for member in Member.objects.in_subtree(congress.organization)
        .filter(official_on__isnull=False, birth_date__isnull=False)
        .order_by("org_path", "code")
        if is_member_on(member, day)
    ]
    chosen = []
    for person in people:
        young = person["birth_date"].year >= 1984
        member = next(
            (
                m
                for m in pool
                if m.gender == person["gender"]
                and (1984 <= m.birth_date.year <= 1988 if young else m.birth_date.year < 1976)
            ),
            None,
        )
        if member is not None:
            pool.remove(member)
        chosen.append(member)
    return chosen


@transaction.atomic
def build_demo_personnel():
    """Create the demo slates and rounds once; returns the number of ballots created."""
    rng = random.Random(2020)
    created = 0
    quan_9 = Congress.objects.regular().get(organization__code="HCM-Q9", term__name=TERM)
    if not Ballot.objects.filter(congress=quan_9).exists():
        # 43 candidates; the 39 elected are the first 39 (18 women, 9 of them young).
        young = {1, 5, 9, 13, 19, 23, 27, 31, 35}
        people = _people(rng, 43, women=18, young=young)
        ballot, candidates = _slate(quan_9, people, members=_on_register(quan_9, people))
        votes = {candidate.pk: 290 - 2 * index for index, candidate in enumerate(candidates[:39])}
        votes |= {candidate.pk: 120 - index for index, candidate in enumerate(candidates[39:])}
        services.record_round(
            ballot=ballot, actor=None, convened=300, excluded_absent_with_reason=2,
            ballots_issued=298, ballots_returned=298, ballots_valid=296, ballots_invalid=2,
            votes=votes,
        )  # fmt: skip
        _quan_9_standing_committee(quan_9, candidates[:39])
        _quan_9_key_posts(quan_9, candidates)
        created += 1
    tay_ho = Congress.objects.regular().get(organization__code="HN-TH", term__name=TERM)
    if not Ballot.objects.filter(congress=tay_ho).exists():
        tay_ho = _tay_ho_in_session(tay_ho)
        people = _people(rng, 43, women=9, young={3, 8, 14, 20, 26}, incumbents=33)
        ballot, candidates = _slate(tay_ho, people, planned_reelected=TAY_HO_PLANNED_REELECTED)
        for index, person in enumerate(_people(rng, 5, women=2, young={4})):
            services.add_counting_member(
                congress=tay_ho, actor=None, full_name=person["full_name"], is_head=index == 0
            )
        Complaint.objects.create(
            candidate=candidates[7],
            received_on=datetime.date(2020, 7, 28),
            source="anonymous",
            summary="Đơn phản ánh việc kê khai tài sản chưa đầy đủ.",
            handling="Ủy ban Kiểm tra Quận ủy xác minh, làm việc với cơ quan quản lý cán bộ.",
            conclusion="Nội dung phản ánh không có cơ sở.",
            is_resolved=True,
            organization=tay_ho.organization,
            org_path=tay_ho.org_path,
        )
        # Round 1: 38 clearly elected, candidates 39 and 40 tie for the last seat.
        votes = {candidate.pk: 280 - 2 * index for index, candidate in enumerate(candidates[:38])}
        votes |= {candidates[38].pk: 190, candidates[39].pk: 190}
        votes |= {candidate.pk: 130 - index for index, candidate in enumerate(candidates[40:])}
        minutes = {
            "convened": 290, "excluded_absent_with_reason": 3, "ballots_issued": 287,
            "ballots_returned": 287, "ballots_valid": 285, "ballots_invalid": 2,
        }  # fmt: skip
        services.record_round(ballot=ballot, actor=None, votes=votes, **minutes)
        # Round 2, among the tied only, for the one seat left.
        services.record_round(
            ballot=ballot, actor=None, votes={candidates[38].pk: 171, candidates[39].pk: 112},
            **minutes,
        )  # fmt: skip
        created += 1
    _tay_ho_grassroots_plans()
    return created


# Tây Hồ's district congress after the report of 20/02/2020: prepared from June, its
# personnel approved on 05/08, opened on 20/08/2020 (its rounds are voted then), after every
# congress below it was held (congresses.demo, R-WV-01); the demo keeps it in session, the
# one congress of the demo at that stage.
TAY_HO_STEPS = (
    (Stage.PREPARING, datetime.date(2020, 6, 1)),
    (Stage.DOCUMENTS_APPROVED, datetime.date(2020, 7, 1)),
    (Stage.PERSONNEL_APPROVED, datetime.date(2020, 8, 5)),
)
TAY_HO_OPENED = datetime.date(2020, 8, 20)


def _tay_ho_in_session(congress):
    for stage, day in TAY_HO_STEPS:
        congress = congress_services.change_stage(
            congress=congress,
            to_stage=stage,
            actor=None,
            expected_version=congress.version,
            effective_on=day,
        )
    return congress_services.update_congress(
        congress=congress, actor=None, expected_version=congress.version, started_on=TAY_HO_OPENED
    )


def _quan_9_standing_committee(congress, elected):
    """13 of the 39 elected, from a list of 14, at the committee's first meeting."""
    ballot = services.add_ballot(
        congress=congress, actor=None, kind=BallotKind.STANDING_COMMITTEE, seats=13
    )
    ballot.candidates.add(*elected[:14])
    services.record_round(
        ballot=ballot, actor=None, convened=39, ballots_issued=39, ballots_returned=39,
        ballots_valid=39, ballots_invalid=0,
        votes={candidate.pk: 38 - index for index, candidate in enumerate(elected[:14])},
    )  # fmt: skip


def _tay_ho_grassroots_plans():
    """Committee plans of Tây Hồ's 26 grassroots congresses: 228 seats, 170 re-elections.

    Grassroots cells with 9 or more official members plan a committee of 5, smaller ones a
    secretary and a deputy (R-EL-25); the 17 grassroots committees share the rest, and the
    re-elections are spread in proportion (largest remainders), so both totals are exact.
    """
    from django.db.models import Count, Q

    tay_ho = Organization.objects.get(code="HN-TH")
    congresses = list(
        Congress.objects.regular()
        .filter(term__name=TERM, organization__in=Organization.objects.get_children(tay_ho))
        .select_related("organization__kind")
        .order_by("org_path")
    )
    if not congresses or CommitteePlan.objects.filter(congress__in=congresses).exists():
        return
    official = dict(
        Member.objects.filter(organization__in=[c.organization for c in congresses])
        .values_list("organization")
        .annotate(count=Count("pk", filter=Q(official_on__isnull=False)))
    )
    seats = {}
    for congress in congresses:
        if congress.organization.kind.holds_members:
            big = official.get(congress.organization_id, 0) >= rules.CELL_COMMITTEE_MIN_MEMBERS
            seats[congress.pk] = 5 if big else rules.CELL_SECRETARY_AND_DEPUTY
    committees = [c for c in congresses if c.pk not in seats]
    left = TAY_HO_GRASSROOTS_SEATS - sum(seats.values())
    for index, congress in enumerate(committees):
        seats[congress.pk] = left // len(committees) + (index < left % len(committees))
    shares = {
        pk: count * TAY_HO_GRASSROOTS_REELECTED / TAY_HO_GRASSROOTS_SEATS
        for pk, count in seats.items()
    }
    reelected = {pk: int(value) for pk, value in shares.items()}
    remainder = TAY_HO_GRASSROOTS_REELECTED - sum(reelected.values())
    for pk in sorted(shares, key=lambda pk: (reelected[pk] - shares[pk], pk))[:remainder]:
        reelected[pk] += 1
    for congress in congresses:
        services.save_committee_plan(
            congress=congress,
            actor=None,
            committee_seats=seats[congress.pk],
            planned_reelected=reelected[congress.pk],
        )


def _quan_9_key_posts(congress, candidates):
    """The secretary and a deputy, approved in advance by the city's standing committee, both
    elected by the new committee at its first meeting: "100 %" of key posts as approved."""
    minutes = {
        "convened": 39, "ballots_issued": 39, "ballots_returned": 39, "ballots_valid": 39,
        "ballots_invalid": 0,
    }  # fmt: skip
    for kind, candidate, votes in (
        (BallotKind.SECRETARY, candidates[0], 38),
        (BallotKind.DEPUTY_SECRETARY, candidates[1], 37),
    ):
        ballot = services.add_ballot(congress=congress, actor=None, kind=kind, seats=1)
        # The nominee already stands for the committee: the same person on a second list.
        ballot.candidates.add(candidate)
        services.nominate_key_post(
            congress=congress,
            actor=None,
            post=kind,
            candidate=candidate,
            approving_body="Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh",
            approval_number="248-TB/TU",
            approval_date=datetime.date(2020, 7, 10),
        )
        services.record_round(ballot=ballot, actor=None, votes={candidate.pk: votes}, **minutes)


# The new ward committee of 1/7/2025 (organizations.demo.build_demo_reform): its committee,
# standing committee and secretary appointed by the city's standing committee (R-WV-13).
# Synthetic: names, birth dates and the decision, which says so.
REFORM_SYNTHETIC = "dữ liệu minh họa"
REFORM_APPOINTMENTS = (
    # body, decision number
    (BallotKind.COMMITTEE, "Số 101-QĐ/TU"),
    (BallotKind.STANDING_COMMITTEE, "Số 102-QĐ/TU"),
    (BallotKind.SECRETARY, "Số 103-QĐ/TU"),
)


@transaction.atomic
def build_demo_appointed_committee(congress):
    """The appointed bodies of the new ward's 2-content congress; once (idempotent). The
    standing committee and the secretary are drawn from the committee. Returns the number of
    bodies created."""
    if congress.appointments.exists():
        return 0
    rng = random.Random(2025)
    committee = _people(rng, 15, women=4, young={3, 9})  # 4 women, 2 under 40
    chosen = {
        BallotKind.COMMITTEE: committee,
        BallotKind.STANDING_COMMITTEE: committee[:1] + committee[4:8],
        BallotKind.SECRETARY: committee[4:5],
    }
    for kind, number in REFORM_APPOINTMENTS:
        services.record_appointment(
            congress=congress,
            actor=None,
            kind=kind,
            decision_number=f"{number} ({REFORM_SYNTHETIC})",
            decision_date=datetime.date(2025, 7, 1),
            decided_by="Ban Thường vụ Thành ủy Hà Nội",
            people=[
                {key: person[key] for key in ("full_name", "gender", "birth_date")}
                for person in chosen[kind]
            ],
            expected_version=None,
        )
    return len(REFORM_APPOINTMENTS)
