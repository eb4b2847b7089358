"""The demo congress waves of the 2020–2025 term, from the news reports in shared/seeds.

Tây Hồ as the report of 20/02/2020 describes it: 8 working groups, 2 pilot congresses (Đảng
bộ phường Xuân La and Chi bộ Kho bạc Nhà nước quận) ready to finish in March, the other
grassroots congresses planned April–June, the district congress in August; the cells of
the pilot ward already held. Lower levels first (R-WV-01): every cell is held on its planned
day (December–March), the pilots in March, the other grassroots congresses April–June, all
before the district congress opens on 20/08/2020 (personnel.demo), as the seeds report the
wave went (grassroots April–June, district August). Quận 9 ("lần thứ VI"), Quận 10 and Thốt Nốt ("lần thứ XII") and
Long Biên ("lần thứ IV") with their waves completed. Dates the reports do not give are
spread over the windows of the term's level rules (synthetic, deterministic).
"""

import datetime

from django.db import transaction

from congresses import services, working_groups
from congresses.choices import HELD_STAGES, STAGE_ORDER, Stage
from congresses.models import Congress, StageTransition, Term, WorkingGroup
from organizations.models import Organization

TERM = "2020–2025"
DISTRICT_ORDINALS = {"HN-TH": 6, "HN-LB": 4, "HCM-Q9": 6, "HCM-Q10": 12, "CT-TN": 12}
DISTRICT_CONGRESS_DAYS = {
    "HN-TH": datetime.date(2020, 8, 20),
    "HN-LB": datetime.date(2020, 8, 13),
    "HCM-Q9": datetime.date(2020, 7, 22),
    "HCM-Q10": datetime.date(2020, 7, 16),
    "CT-TN": datetime.date(2020, 7, 10),
}
COMPLETED = ("HN-LB", "HCM-Q9", "HCM-Q10", "CT-TN")
PILOTS = {"HN-TH-P07": datetime.date(2020, 3, 12), "HN-TH-C01": datetime.date(2020, 3, 19)}


def spread_dates(count, start, end):
    """`count` working days from `start` to `end`, evenly spaced, deterministic."""
    span = (end - start).days
    days = []
    for index in range(count):
        day = start + datetime.timedelta(days=span * index // max(count - 1, 1))
        while day.weekday() >= 5:  # congresses are held on working days here
            day += datetime.timedelta(days=1)
        days.append(day)
    return days


def _plan_dates(congresses, rules):
    """Planned dates spread over the window of each level, in tree order."""
    by_level = {}
    for congress in congresses:
        by_level.setdefault(congress.level, []).append(congress)
    for level, items in by_level.items():
        rule = rules[level]
        end = rule.deadline - datetime.timedelta(days=10)
        for congress, day in zip(
            items, spread_dates(len(items), rule.window_start, end), strict=True
        ):
            congress.planned_date = day


@transaction.atomic
def build_demo_waves(*, staff_user=None, group_user=None):
    """Plan and fill the demo waves once (a second run changes nothing). Returns congresses
    created."""
    term = Term.objects.get(name=TERM)
    rules = {rule.level: rule for rule in term.level_rules.all()}
    created = 0
    for code in DISTRICT_ORDINALS:
        district = Organization.objects.get(code=code)
        count = services.create_term_plan(term=term, root=district, actor=None)
        if not count:
            continue
        created += count
        congresses = list(
            Congress.objects.in_subtree(district)
            .regular()
            .filter(term=term)
            .select_related("organization")
        )
        _plan_dates(congresses, rules)
        for congress in congresses:
            if congress.organization.code == code:
                congress.ordinal = DISTRICT_ORDINALS[code]
                congress.planned_date = DISTRICT_CONGRESS_DAYS[code]
                congress.kind = "delegate"
            elif congress.level == 3:
                congress.ordinal = 5 + congress.organization.pk % 4  # synthetic: V to VIII
            if code in COMPLETED:
                congress.stage = Stage.RESULTS_APPROVED if congress.level > 2 else Stage.HELD
                congress.started_on = congress.ended_on = congress.planned_date
                if congress.level > 2:
                    congress.approval_number = f"{congress.pk}-QĐ/QU"
                    congress.approval_date = congress.planned_date + datetime.timedelta(days=14)
                    congress.approval_body = (
                        f"Ban Thường vụ {district.name.replace('Đảng bộ', 'Quận ủy')}"
                    )
        if code == "HN-TH":
            _tay_ho_as_of_20_february_2020(congresses)
        transitions = []
        for congress in congresses:
            transitions.extend(_history(congress))
            if congress.stage in HELD_STAGES:
                congress.held_on = congress.ended_on
        Congress.objects.bulk_update(
            congresses,
            ["ordinal", "kind", "planned_date", "stage", "started_on", "ended_on", "is_pilot",
             "approval_number", "approval_date", "approval_body", "held_on"],
            batch_size=500,
        )  # fmt: skip
        StageTransition.objects.bulk_create(transitions, batch_size=1000)
        if code == "HN-TH":
            _tay_ho_working_groups(term, district, staff_user=staff_user, group_user=group_user)
    return created


# The day of Tây Hồ's report (seed 001); its pilots had their personnel approved on 17/02
# (synthetic, consistent with the report).
TAY_HO_REPORT_DAY = datetime.date(2020, 2, 20)
PILOTS_PERSONNEL_APPROVED = datetime.date(2020, 2, 17)


def _stage_days(congress):
    """{stage: the day it was reached} for the demo congress's history up to its stage."""
    days = {}
    if congress.is_pilot and congress.stage == Stage.HELD:
        # Tây Hồ's pilots: personnel approved by the report of 20/02/2020, held in March.
        days = {
            Stage.PREPARING: congress.planned_date - datetime.timedelta(days=75),
            Stage.DOCUMENTS_APPROVED: congress.planned_date - datetime.timedelta(days=45),
            Stage.PERSONNEL_APPROVED: PILOTS_PERSONNEL_APPROVED,
            Stage.HELD: congress.ended_on,
        }
    elif congress.stage in HELD_STAGES:
        held = congress.ended_on
        days = {
            Stage.PREPARING: held - datetime.timedelta(days=60),
            Stage.DOCUMENTS_APPROVED: held - datetime.timedelta(days=30),
            Stage.PERSONNEL_APPROVED: held - datetime.timedelta(days=14),
            Stage.HELD: held,
        }
        if congress.stage == Stage.RESULTS_APPROVED:
            days[Stage.RESULTS_APPROVED] = congress.approval_date
    elif congress.stage == Stage.PERSONNEL_APPROVED:
        days = {
            Stage.PREPARING: congress.planned_date - datetime.timedelta(days=75),
            Stage.DOCUMENTS_APPROVED: congress.planned_date - datetime.timedelta(days=45),
            Stage.PERSONNEL_APPROVED: PILOTS_PERSONNEL_APPROVED,
        }
    return days


def _history(congress):
    """Unsaved StageTransition rows from "planned" to the demo congress's stage, each effective
    on the day the stage was reached, so the wave reads true for any past date."""
    transitions = []
    previous = Stage.PLANNED
    for stage, day in _stage_days(congress).items():
        assert STAGE_ORDER.index(stage) == STAGE_ORDER.index(previous) + 1
        transitions.append(
            StageTransition(
                congress=congress, from_stage=previous, to_stage=stage, effective_on=day
            )
        )
        previous = stage
    return transitions


def _tay_ho_as_of_20_february_2020(congresses):
    """The wave held level by level (R-WV-01) and true to the report of 20/02/2020 on that day:
    the cells planned before 20 February held by then, the others held on their planned day
    (one planned on the day of the report the day after) up to 21 March; the pilots, their
    personnel approved on 17/02, held in March; the other grassroots congresses held on their
    planned day (April–June). The district congress stays planned here (personnel.demo opens
    it on 20/08/2020)."""
    for congress in congresses:
        code = congress.organization.code
        if code in PILOTS:
            congress.is_pilot = True
            congress.planned_date = PILOTS[code]
        elif code.startswith("HN-TH-P07-"):
            congress.planned_date = datetime.date(2020, 1, 6) + datetime.timedelta(
                days=2 * int(code[-3:])
            )
        elif congress.level == 5 and congress.planned_date == TAY_HO_REPORT_DAY:
            # Not held by the day of the report, which counts those held before it.
            congress.planned_date += datetime.timedelta(days=1)
        if congress.level >= 3:
            congress.stage = Stage.HELD
            congress.started_on = congress.ended_on = congress.planned_date


def _tay_ho_working_groups(term, district, *, staff_user, group_user):
    """8 working groups, each led by a standing-committee member, sharing the 26 grassroots
    organizations; the demo working-group account belongs to the group with Xuân La."""
    grassroots = list(Organization.objects.in_subtree(district).filter(depth=district.depth + 1))
    for number in range(1, 9):
        assigned = grassroots[number - 1 :: 8]
        holds_xuan_la = any(org.code == "HN-TH-P07" for org in assigned)
        members = [group_user] if group_user and holds_xuan_la else []
        if not WorkingGroup.objects.filter(
            term=term, owner=district, name=f"Tổ công tác số {number}"
        ).exists():
            working_groups.save_working_group(
                term=term,
                owner=district,
                name=f"Tổ công tác số {number}",
                leader_name=f"Ủy viên Ban Thường vụ số {number}",
                members=members,
                organizations=assigned,
                actor=staff_user,
            )


# The new ward committee's first congress (R-OR-07: "lần thứ I"), 2 contents (R-WV-13), held
# in the 2025 window of its level (R-WV-12: before 31/8/2025). Synthetic dates.
REFORM_TERM = "2025–2030"
REFORM_CONGRESS_DAY = datetime.date(2025, 8, 12)


@transaction.atomic
def build_demo_reform_congress(ward):
    """The 2025–2030 congress of `ward` (organizations.demo.build_demo_reform), held, with
    its history; clears the merger's "must hold its congress" flag. Idempotent: returns the
    congress, created once."""
    term = Term.objects.get(name=REFORM_TERM)
    congress = Congress.objects.filter(organization=ward, term=term).first()
    if congress is not None:
        return congress
    services.create_term_plan(term=term, root=ward, actor=None, subtree=False)
    congress = Congress.objects.get(organization=ward, term=term)
    congress.planned_date = congress.started_on = congress.ended_on = REFORM_CONGRESS_DAY
    congress.held_on = REFORM_CONGRESS_DAY
    congress.stage = Stage.HELD
    congress.save(update_fields=["planned_date", "started_on", "ended_on", "held_on", "stage"])
    StageTransition.objects.bulk_create(_reform_history(congress))
    services._clear_merger_flag(congress, held_on=REFORM_CONGRESS_DAY, actor=None)
    return congress


def _reform_history(congress):
    days = [
        (Stage.PLANNED, Stage.PREPARING, datetime.date(2025, 7, 2)),
        (Stage.PREPARING, Stage.DOCUMENTS_APPROVED, datetime.date(2025, 7, 22)),
        (Stage.DOCUMENTS_APPROVED, Stage.PERSONNEL_APPROVED, datetime.date(2025, 7, 29)),
        (Stage.PERSONNEL_APPROVED, Stage.HELD, REFORM_CONGRESS_DAY),
    ]
    return [
        StageTransition(congress=congress, from_stage=start, to_stage=end, effective_on=day)
        for start, end, day in days
    ]
