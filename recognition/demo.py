"""Demo recognition from the news reports in shared/seeds (rules R-CL, R-AW).

Quận 10 (seed 002): the 2020 classification of its 41 grassroots organizations — 8 excellent,
3 of them exemplary, 30 good, 3 complete, 0 failing; 27 members excellent five years running
(2016–2020) and one cell exemplary five years running, all with the district's giấy khen, and 5
organizations commended for outstanding leadership. Every other member is rated for 2016–2020
so the streaks are computed, not stored. Quận 9 (seed 000): 14 collectives and 17 individuals
commended for the congress work. The 200-day campaign of Hồ Chí Minh City with works registered
in Quận 9, and Tây Hồ's campaign welcoming its congresses (seed 001). Choices of who is who are
deterministic; names come from the demo tree.
"""

import datetime

from django.db import transaction

from organizations.models import Member, Organization
from recognition import services
from recognition.choices import CommendationForm, Level, Reason, RecipientKind, Step, WorkStatus
from recognition.models import Period, Rating

YEARS = range(2016, 2021)
DECIDED_ON = datetime.date(2021, 1, 20)


def _children(organization):
    return list(Organization.objects.get_children(organization).select_related("kind"))


def _decide(period, entries, *, body, number):
    services.save_ratings(
        period=period,
        actor=None,
        step=Step.DECIDED,
        entries=entries,
        decision_body=body,
        decision_number=number,
        decision_date=datetime.date(period.year + 1, 1, 20),
    )


@transaction.atomic
def build_demo_recognition():
    """Create the demo ratings, commendations and campaigns once; returns True if created."""
    quan_10 = Organization.objects.get(code="HCM-Q10")
    if Rating.objects.in_subtree(quan_10).exists():
        return False
    periods = {period.year: period for period in Period.objects.filter(kind="year")}
    grassroots = _children(quan_10)
    # The cell exemplary five years running: the first cell of the first grassroots committee.
    cell = Organization.objects.get_children(grassroots[0]).order_by("path").first()
    members = list(Member.objects.in_subtree(quan_10).order_by("org_path", "code"))
    # 27 members excellent 2016–2020, spread over the district (every 60th or so).
    spacing = len(members) // 27
    streak = {member.pk for member in members[::spacing][:27]}
    body = "Ban Thường vụ Quận ủy Quận 10"
    for year in YEARS:
        levels = (
            [Level.EXCELLENT] * 8 + [Level.GOOD] * 30 + [Level.COMPLETE] * 3
            if year == 2020
            # Earlier years: fewer excellent, so that no organization has a streak.
            else [Level.GOOD] * 38 + [Level.COMPLETE] * 3
        )
        entries = [
            {
                "organization": organization,
                "level": level,
                "is_exemplary": year == 2020 and index < 3,
                "version": None,
                "label": organization.name,
            }
            for index, (organization, level) in enumerate(zip(grassroots, levels, strict=True))
        ]
        _decide(periods[year], entries, body=body, number=f"{year - 2000}-QĐ/QU")
        _decide(
            periods[year],
            [
                {
                    "organization": cell,
                    "level": Level.EXCELLENT,
                    "is_exemplary": True,
                    "version": None,
                    "label": cell.name,
                }
            ],
            body=f"Ban Thường vụ {grassroots[0].name}",
            number=f"{year - 2000}-QĐ/ĐU",
        )
        _decide(
            periods[year],
            [
                {
                    "member": member,
                    # Others alternate good / complete; none is excellent every year.
                    "level": Level.EXCELLENT
                    if member.pk in streak
                    else (Level.COMPLETE if index % 17 == 0 else Level.GOOD),
                    "version": None,
                    "label": member.full_name,
                }
                for index, member in enumerate(members)
            ],
            body="Chi bộ, đảng bộ cơ sở",
            number=f"{year - 2000}-QĐ/CB",
        )
    decision = {"decision_number": "125-QĐ/QU", "decision_date": DECIDED_ON}
    grant = {"granting": quan_10, "actor": None, "form": CommendationForm.CERTIFICATE}
    for organization in grassroots[:3]:
        services.propose_commendation(
            **grant, **decision, recipient_kind=RecipientKind.COLLECTIVE,
            recipient_organization=organization, reason=Reason.CLASSIFICATION,
            period=periods[2020], reason_detail="Trong sạch, vững mạnh tiêu biểu năm 2020",
        )  # fmt: skip
    for organization in grassroots[3:8]:
        services.propose_commendation(
            **grant, **decision, recipient_kind=RecipientKind.COLLECTIVE,
            recipient_organization=organization, reason=Reason.OTHER, period=periods[2020],
            reason_detail="Thành tích xuất sắc trong lãnh đạo, chỉ đạo thực hiện nhiệm vụ năm 2020",
        )  # fmt: skip
    services.propose_commendation(
        **grant, **decision, recipient_kind=RecipientKind.COLLECTIVE, recipient_organization=cell,
        reason=Reason.STREAK, period=periods[2020],
        reason_detail="Trong sạch, vững mạnh tiêu biểu 05 năm liền (2016–2020)",
    )  # fmt: skip
    for member in members:
        if member.pk in streak:
            services.propose_commendation(
                **grant, **decision, recipient_kind=RecipientKind.INDIVIDUAL,
                recipient_member=member, reason=Reason.STREAK, period=periods[2020],
                reason_detail="Hoàn thành xuất sắc nhiệm vụ 5 năm liền (2016–2020)",
            )  # fmt: skip
    _quan_9_congress_commendations()
    _campaigns()
    return True


# Seed 000: "Sáng ngày 21/8, Quận ủy Quận 9 đã tổ chức Hội nghị Tổng kết công tác Đại hội
# cấp cơ sở và cấp quận nhiệm kỳ 2020 – 2025. [...] Nhân dịp này, Quận ủy Quận 9 cũng đã biểu
# dương, khen thưởng đối với 14 tập thể và 17 cá nhân": decided at that conference (the year is
# the term's first, after the district congress of 22/07/2020).
QUAN_9_CONGRESS_COMMENDED_ON = datetime.date(2020, 8, 21)


def _quan_9_congress_commendations():
    """Seed 000: "biểu dương, khen thưởng đối với 14 tập thể và 17 cá nhân", at the conference
    of 21/8/2020 that closed the congress work."""
    quan_9 = Organization.objects.get(code="HCM-Q9")
    decision = {"decision_number": "310-QĐ/QU", "decision_date": QUAN_9_CONGRESS_COMMENDED_ON}
    grant = {"granting": quan_9, "actor": None, "form": CommendationForm.CERTIFICATE}
    detail = "Hoàn thành tốt công tác tham mưu, tổ chức Đại hội Đảng các cấp nhiệm kỳ 2020–2025"
    collectives = _children(quan_9)[:13]
    for organization in collectives:
        services.propose_commendation(
            **grant, **decision, recipient_kind=RecipientKind.COLLECTIVE,
            recipient_organization=organization, reason=Reason.CONGRESS, reason_detail=detail,
        )  # fmt: skip
    services.propose_commendation(
        **grant, **decision, recipient_kind=RecipientKind.COLLECTIVE,
        recipient_name="Ban Tổ chức Quận ủy Quận 9", reason=Reason.CONGRESS, reason_detail=detail,
    )  # fmt: skip
    members = Member.objects.in_subtree(quan_9).order_by("code")
    for member in members[: 17 * 40 : 40]:
        services.propose_commendation(
            **grant, **decision, recipient_kind=RecipientKind.INDIVIDUAL, recipient_member=member,
            reason=Reason.CONGRESS, reason_detail=detail,
        )  # fmt: skip


def _campaigns():
    hcmc = Organization.objects.get(code="HCM")
    campaign = services.create_campaign(
        organizer=hcmc,
        actor=None,
        name="Đợt thi đua 200 ngày chào mừng Đại hội Đảng bộ Thành phố Hồ Chí Minh lần thứ XI",
        starts_on=datetime.date(2020, 3, 15),
        ends_on=datetime.date(2020, 10, 15),
        goal="Lập thành tích chào mừng Đại hội Đảng các cấp nhiệm kỳ 2020–2025.",
    )
    quan_9 = Organization.objects.get(code="HCM-Q9")
    _works(campaign, _children(quan_9)[:6], datetime.date(2020, 3, 20))
    tay_ho = Organization.objects.get(code="HN-TH")
    campaign = services.create_campaign(
        organizer=tay_ho,
        actor=None,
        name="Phong trào thi đua, công trình chào mừng Đại hội Đảng bộ quận Tây Hồ lần thứ VI",
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 8, 31),
        goal="Các công trình chào mừng đại hội; tạo không khí vui tươi, phấn khởi.",
    )
    _works(campaign, _children(tay_ho)[:8], datetime.date(2020, 1, 15))


WORKS = (
    "Chỉnh trang tuyến phố văn minh đô thị",
    "Lắp đặt hệ thống camera an ninh khu dân cư",
    "Xây dựng mô hình dân vận khéo",
)


def _works(campaign, organizations, registered_on):
    """Three works per organization; the first completed, the second under way, the third just
    registered — unless the campaign is over."""
    for index, organization in enumerate(organizations):
        for number, title in enumerate(WORKS):
            work = services.register_work(
                campaign=campaign, organization=organization, actor=None,
                title=f"{title} ({organization.name})", registered_on=registered_on,
            )  # fmt: skip
            if number == 0 or (number == 1 and index % 2 == 0):
                services.update_work(
                    work=work, actor=None, expected_version=1, status=WorkStatus.COMPLETED,
                    progress=100, completed_on=campaign.ends_on - datetime.timedelta(days=index),
                    result="Hoàn thành, đưa vào sử dụng chào mừng đại hội.",
                )  # fmt: skip
            elif number == 1:
                services.update_work(
                    work=work, actor=None, expected_version=1, status=WorkStatus.IN_PROGRESS,
                    progress=60,
                )  # fmt: skip
