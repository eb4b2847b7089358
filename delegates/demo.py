"""Demo delegates: Quận 9's congress "lần thứ VI" (2020–2025) as a delegate congress.

The seeds give the congress (held 22/07/2020) and its 300 delegates convened (the committee
round of personnel.demo); they do not give the allocation, the ex officio delegates or who was
elected below. Everything else here is SYNTHETIC and deterministic, and every text the staff
would type says so ("dữ liệu minh họa"): the plan (300 = 35 ex officio + 265 elected by the
13 ward congresses, 26 alternates, within the district cap of R-WV-05) allocated by the
documented method; at each ward congress a ballot "delegates to the higher congress" (two
more names than seats) and one for the alternates; the roll taken from them; two absent
delegates replaced by their ward's first alternate; one delegate whose credentials were not
accepted.

The roll is built as the staff would have built it before the congress closed: the district
congress is moved back to "personnel approved" for the build and restored after (the
services refuse changes to a held congress's roll, R-EL-33).
"""

import datetime

from django.db import transaction

from congresses import services as congress_services
from congresses.choices import Stage
from congresses.models import Congress
from delegates import selectors, services
from delegates.choices import HowSelected
from delegates.models import Delegate, DelegatePlan
from organizations.models import Member
from personnel import services as personnel_services
from personnel.choices import BallotKind

TERM = "2020–2025"
TOTAL, EX_OFFICIO, ALTERNATES = 300, 35, 26
SYNTHETIC = "dữ liệu minh họa"


def _elect(lower, kind, people, seats, convened):
    """A ballot of `kind` at `lower` with `people` on its list: the first `seats` elected
    (votes just under the valid ballots), the others below half. One round."""
    ballot = personnel_services.add_ballot(congress=lower, actor=None, kind=kind, seats=seats)
    candidates = [
        personnel_services.add_candidate(ballot=ballot, actor=None, member=member)
        for member in people
    ]
    valid = convened - 1
    votes = {
        candidate.pk: valid - 1 - index % 5 for index, candidate in enumerate(candidates[:seats])
    }
    budget = valid * seats - sum(votes.values())
    for candidate in candidates[seats:]:
        votes[candidate.pk] = min(valid // 3, budget // 2)
    personnel_services.record_round(
        ballot=ballot, actor=None, convened=convened, ballots_issued=convened,
        ballots_returned=valid + 1, ballots_valid=valid, ballots_invalid=1, votes=votes,
    )  # fmt: skip


@transaction.atomic
def build_demo_delegates():
    """Quận 9's plan, its ward congresses' delegate ballots and its roll, once. Returns the
    number of delegates on the roll created (0 on a second run)."""
    congress = (
        Congress.objects.regular()
        .select_related("organization", "term")
        .get(organization__code="HCM-Q9", term__name=TERM)
    )
    if DelegatePlan.objects.filter(congress=congress).exists():
        return 0
    stage = congress.stage
    Congress.objects.filter(pk=congress.pk).update(stage=Stage.PERSONNEL_APPROVED)
    congress.stage = Stage.PERSONNEL_APPROVED
    day = congress.started_on or congress.planned_date
    plan = services.create_plan(
        congress=congress, actor=None, total=TOTAL, ex_officio=EX_OFFICIO, alternates=ALTERNATES,
        as_of=day,
    )  # fmt: skip
    services.approve_plan(
        plan=plan, actor=None, expected_version=plan.version,
        decision_body="Ban Thường vụ Quận ủy Quận 9",
        decision_number=f"Số 1-QĐ/QU ({SYNTHETIC})",
        decision_date=day - datetime.timedelta(days=60),
    )  # fmt: skip
    official = list(
        Member.objects.in_subtree(congress.organization)
        .filter(official_on__isnull=False, official_on__lte=day)
        .order_by("org_path", "name_key", "code")
    )
    # The outgoing committee: official members spread over the district (the previous term's
    # congress is not in the demo, so they are added by hand).
    ex_officio = official[:: max(len(official) // EX_OFFICIO, 1)][:EX_OFFICIO]
    for member in ex_officio:
        services.add_delegate(
            congress=congress, member=member, how_selected=HowSelected.EX_OFFICIO, actor=None
        )
    taken = {member.pk for member in ex_officio}
    lowers = selectors.lower_congresses(plan)
    for quota in plan.quotas.select_related("organization").order_by("organization__path"):
        lower = lowers[quota.organization_id]
        people = [
            member
            for member in official
            if member.org_path.startswith(quota.organization.path) and member.pk not in taken
        ]
        convened = quota.official_members
        _elect(lower, BallotKind.DELEGATES, people[: quota.seats + 2], quota.seats, convened)
        if quota.alternates:
            spare = people[quota.seats + 2 : quota.seats + 2 + quota.alternates]
            _elect(lower, BallotKind.ALTERNATE_DELEGATES, spare, quota.alternates, convened)
    services.take_elected(congress=congress, actor=None)
    roll = Delegate.objects.filter(congress=congress).select_related("member")
    # Two absent delegates replaced by the first alternate of their ward.
    for quota in plan.quotas.filter(alternates__gt=0).order_by("organization__path")[:2]:
        absent = roll.filter(represents_id=quota.organization_id, how_selected="elected").first()
        first = roll.filter(represents_id=quota.organization_id, alternate_order=1).first()
        services.replace_delegate(
            delegate=absent, alternate=first, actor=None,
            reason=f"Ốm, điều trị dài ngày ({SYNTHETIC})",
        )  # fmt: skip
    refused = roll.filter(how_selected="elected", status="convened").last()
    services.withdraw_delegate(
        delegate=refused, status="not_accepted", actor=None,
        reason=f"Đang bị xem xét kỷ luật tại thời điểm đại hội ({SYNTHETIC})",
        decision=f"Báo cáo thẩm tra tư cách đại biểu của Ban Thẩm tra ({SYNTHETIC})",
    )  # fmt: skip
    Congress.objects.filter(pk=congress.pk).update(stage=stage)
    return roll.count()


XUAN_LA_LEFT_OUT = (
    ("absent_with_reason", f"Ốm, có đơn xin vắng ({SYNTHETIC})"),
    ("temporary_transfer", f"Sinh hoạt tạm thời nơi khác ({SYNTHETIC})"),
)


@transaction.atomic
def build_demo_member_roll():
    """Xuân La's pilot congress (2020–2025) as a member congress with its roll: its members on
    the congress day, two official members left out of the base D with a reason of R-EL-20
    (SYNTHETIC: the seeds give no roll). Once; returns the exclusions made."""
    congress = Congress.objects.regular().get(organization__code="HN-TH-P07", term__name=TERM)
    if congress.roll_exclusions.exists():
        return 0
    # Its member count reaches the term's delegate threshold (R-WV-04 proposes a delegate
    # congress), but the pilot is held as an all-member congress, as issue 16 shows it.
    congress = congress_services.update_congress(
        congress=congress, actor=None, expected_version=congress.version, kind="all_member"
    )
    day = selectors.congress_day(congress)
    official = selectors.roll_members(congress, day=day).filter(official_on_day=True)
    for member, (reason, note) in zip(official[:2], XUAN_LA_LEFT_OUT, strict=False):
        services.record_exclusion(
            congress=congress, member=member, actor=None, reason=reason, note=note
        )
    return len(XUAN_LA_LEFT_OUT)
