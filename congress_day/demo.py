"""Demo congress day: Quận 9's congress "lần thứ VI" (2020–2025), held 22/07/2020.

Everything here is SYNTHETIC and deterministic, and every text the staff would type says so
("dữ liệu minh họa"): the delegate cards, the check-in of 296 of the 299 delegates convened
between 06:40 and 07:55 on the congress day (times spread by a fixed rule, one device per
desk), and the election of Quận 9's delegates to the city congress (20 seats, 22 on the list)
whose tally three members of a synthetic counting committee enter through personnel.tally:
the first two entries differ on one candidate's votes, the third settles the round. The
committee round of personnel.demo stays as recorded from the paper minutes; the delegates'
ballot is the one the demo did not record yet. The programme of R-EL-35 with synthetic times,
the presidium, secretariat and credentials committee chosen from the delegates, the
procedural votes and the adoption of the resolution with three tasks (synthetic counts and
texts) complete the day; each part is built once, so a database seeded before it gains it.

As delegates.demo does, the congress is moved back to "personnel approved" for the build (the
services refuse a card or a check-in once a congress is held, R-EL-33) and restored after.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from congress_day import selectors, services
from congress_day.choices import AgendaKind, Body, VoteSubject
from congress_day.models import AgendaItem, DelegateCard
from congresses.choices import CongressKind, Stage
from congresses.models import Congress
from delegates.selectors import convened
from documents.models import CongressDocument, DocumentVersion
from personnel import services as personnel_services
from personnel.choices import BallotKind
from personnel.models import Ballot
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
    candidates = [
        personnel_services.add_candidate(ballot=ballot, actor=None, member=member)
        for member in people
    ]
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
    for minute, (username, entry) in enumerate(zip(COUNTERS, (votes, slip, votes), strict=True)):
        # Entered that afternoon, not when the demo is built: "as of" the congress day the
        # congress file then finds the log the quick report tells of (issue 19).
        tally_services.enter_tally(
            ballot=ballot,
            actor=users[username],
            expected_number=1,
            votes=entry,
            now=_at(day, 15, 10 + minute),
            **figures,
        )
    return True


def _at(day, hour, minute):
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )


# Synthetic times and speakers of the programme's items (R-EL-35's order of business).
TIMETABLE = {
    AgendaKind.ELECT_PRESIDIUM: ((7, 30), ""),
    AgendaKind.ELECT_SECRETARIAT: ((7, 35), ""),
    AgendaKind.ELECT_CREDENTIALS: ((7, 40), ""),
    AgendaKind.ADOPT_PROGRAMME: ((7, 45), "Đoàn Chủ tịch"),
    AgendaKind.ADOPT_WORKING_RULES: ((7, 50), "Đoàn Chủ tịch"),
    AgendaKind.ADOPT_ELECTION_RULES: ((7, 55), "Đoàn Chủ tịch"),
    AgendaKind.FLAG_SALUTE: ((8, 0), ""),
    AgendaKind.OPENING: ((8, 10), "Đồng chí Bí thư Quận ủy"),
    AgendaKind.CREDENTIALS_REPORT: ((8, 30), "Trưởng Ban Thẩm tra tư cách đại biểu"),
    AgendaKind.POLITICAL_REPORT: ((8, 45), "Đồng chí Phó Bí thư Thường trực Quận ủy"),
    AgendaKind.REVIEW_REPORT: ((9, 30), "Đoàn Chủ tịch"),
    AgendaKind.DISCUSSION: ((10, 0), "Các đại biểu"),
    AgendaKind.HIGHER_SPEECH: ((11, 0), "Đại diện Thường trực Thành ủy"),
    AgendaKind.ELECTIONS: ((13, 30), "Ban Kiểm phiếu"),
    AgendaKind.RESOLUTION: ((16, 30), "Đoàn Thư ký"),
    AgendaKind.CLOSING: ((17, 0), "Đoàn Chủ tịch"),
}


def _timetable(congress):
    """The programme's synthetic times and speakers (TIMETABLE)."""
    for item in AgendaItem.objects.filter(congress=congress).order_by("session", "position"):
        (hour, minute), speaker = TIMETABLE.get(item.kind, ((None, None), item.speaker))
        services.update_agenda_item(
            item=item,
            version=item.version,
            title=item.title,
            starts_at=datetime.time(hour, minute) if hour is not None else item.starts_at,
            speaker=speaker and f"{speaker} ({SYNTHETIC})",
            document=item.document,
            actor=None,
        )


def _vote(congress, day, when, subject, title, against=(0, 0), body=""):
    present = selectors.present_count(congress)
    disagree, abstain = against
    return services.record_vote(
        congress=congress,
        subject=subject,
        title=title,
        agree=present - disagree - abstain,
        disagree=disagree,
        abstain=abstain,
        actor=None,
        body=body,
        now=_at(day, *when),
    )


BODIES = (
    (Body.PRESIDIUM, "Đoàn Chủ tịch", 5, (7, 32)),
    (Body.SECRETARIAT, "Đoàn Thư ký", 3, (7, 37)),
    (Body.CREDENTIALS, "Ban Thẩm tra tư cách đại biểu", 5, (7, 42)),
)
PROCEDURAL = (
    (VoteSubject.PROGRAMME, "Thông qua chương trình đại hội", (7, 47), (0, 0)),
    (VoteSubject.WORKING_RULES, "Thông qua quy chế làm việc của đại hội", (7, 52), (0, 1)),
    (VoteSubject.ELECTION_RULES, "Thông qua quy chế bầu cử tại đại hội", (7, 57), (0, 0)),
)
RESOLUTION_TASKS = (
    ("Xây dựng chương trình hành động thực hiện Nghị quyết Đại hội", "Ban Thường vụ Quận ủy"),
    ("Quán triệt, triển khai Nghị quyết Đại hội đến toàn thể đảng viên", "Ban Tuyên giáo Quận ủy"),
    ("Kiện toàn tổ chức bộ máy, phân công Ban Chấp hành khóa mới", "Ban Tổ chức Quận ủy"),
)


def _programme_and_votes(congress, day):
    """The programme with its times, the three bodies elected, the procedural votes."""
    services.create_programme(congress=congress, actor=None)
    _timetable(congress)
    people = iter(convened(congress).order_by("org_path", "name_key", "code")[:20])
    for body, name, size, when in BODIES:
        if body == Body.CREDENTIALS and congress.kind != CongressKind.DELEGATE:
            continue
        for _index in range(size):
            services.add_body_member(congress=congress, body=body, member=next(people), actor=None)
        title = f"Bầu {name} ({SYNTHETIC})"
        _vote(congress, day, when, VoteSubject.BODY, title, body=body)
    for subject, title, when, against in PROCEDURAL:
        _vote(congress, day, when, subject, f"{title} ({SYNTHETIC})", against)
    committee = Ballot.objects.filter(congress=congress, kind=BallotKind.COMMITTEE).first()
    if committee is not None:
        title = f"Số lượng Ban Chấp hành khóa mới: {committee.seats} đồng chí ({SYNTHETIC})"
        _vote(congress, day, (13, 35), VoteSubject.SEATS, title, (2, 1))
        title = f"Danh sách bầu cử Ban Chấp hành ({SYNTHETIC})"
        _vote(congress, day, (13, 45), VoteSubject.LISTS, title, (0, 3))


def _resolution(congress, day):
    vote = _vote(
        congress, day, (16, 40), VoteSubject.RESOLUTION,
        f"Thông qua Nghị quyết Đại hội ({SYNTHETIC})", (1, 2),
    )  # fmt: skip
    tasks = [
        services.ResolutionTask(title=title, owner=owner, deadline=day + datetime.timedelta(days=d))
        for (title, owner), d in zip(RESOLUTION_TASKS, (60, 30, 15), strict=True)
    ]
    text = (
        "Đại hội Đảng bộ quận lần thứ VI, nhiệm kỳ 2020–2025, quyết nghị thông qua Báo cáo chính "
        f"trị, các chỉ tiêu chủ yếu và các nhiệm vụ, giải pháp của nhiệm kỳ ({SYNTHETIC})."
    )
    title = "Nghị quyết Đại hội Đảng bộ quận lần thứ VI, nhiệm kỳ 2020–2025"
    document = services.record_resolution(
        vote=vote, title=title, text=text, tasks=tasks, actor=None
    )
    # Dated when adopted, not when the demo was built ("as of" reads these dates).
    adopted = _at(day, 16, 45)
    CongressDocument.objects.filter(pk=document.pk).update(created_at=adopted)
    DocumentVersion.objects.filter(document=document).update(uploaded_at=adopted)


def _missing_parts(congress):
    return {
        "cards": not DelegateCard.objects.filter(congress=congress).exists(),
        "programme": not AgendaItem.objects.filter(congress=congress).exists(),
        "ballot": not Ballot.objects.filter(congress=congress, kind=BallotKind.DELEGATES).exists(),
        "resolution": not selectors.resolutions(congress),
    }


@transaction.atomic
def build_demo_congress_day():
    """Quận 9's cards, check-in, programme, bodies, votes, delegates' tally and resolution,
    each once. Returns the number checked in (0 when the check-in was built before)."""
    congress = (
        Congress.objects.regular()
        .select_related("organization", "term")
        .get(organization__code="HCM-Q9", term__name=TERM)
    )
    missing = _missing_parts(congress)
    if not any(missing.values()):
        return 0
    stage = congress.stage
    Congress.objects.filter(pk=congress.pk).update(stage=Stage.PERSONNEL_APPROVED)
    congress.stage = Stage.PERSONNEL_APPROVED
    day = congress.started_on or congress.planned_date
    present = _check_in(congress, day) if missing["cards"] else 0
    if missing["programme"]:
        _programme_and_votes(congress, day)
    if missing["ballot"]:
        _delegates_ballot(congress, day, selectors.present_count(congress))
    if missing["resolution"]:
        _resolution(congress, day)
    Congress.objects.filter(pk=congress.pk).update(stage=stage)
    return present
