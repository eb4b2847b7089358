"""Demo quick report: Quận 9's congress (2020–2025), written and sent up at the close on the
congress day, 22/07/2020, 17:30; and the text of Quận 9's congress summary of the term
(SYNTHETIC: the texts say so)."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from congresses.models import Congress, Term
from organizations.models import Organization
from reports import narratives, quick_reports
from reports.models import QuickReport, SummaryNarrative

TERM = "2020–2025"
AUTHOR = "canbo.quan9"
ISSUES = (
    "Đại hội diễn ra đúng chương trình, bảo đảm nguyên tắc, dân chủ (dữ liệu minh họa).\n"
    "Phiếu kiểm lần thứ hai lệch 10 phiếu ở một ứng cử viên, đã được Ban Kiểm phiếu nhập lần "
    "thứ ba và thống nhất (dữ liệu minh họa).\n"
    "Đề nghị Thành ủy sớm hướng dẫn việc kiện toàn chức danh sau đại hội (dữ liệu minh họa)."
)


@transaction.atomic
def build_demo_quick_report():
    """Quận 9's quick report, written and sent up once. Returns True when created."""
    congress = Congress.objects.regular().get(organization__code="HCM-Q9", term__name=TERM)
    author = get_user_model().objects.filter(username=AUTHOR).first()
    if author is None or QuickReport.objects.filter(congress=congress).exists():
        return False
    day = congress.ended_on or congress.started_on or congress.planned_date
    sent = datetime.datetime.combine(
        day, datetime.time(17, 30), tzinfo=ZoneInfo(settings.TIME_ZONE)
    )
    quick_reports.save_quick_report(
        congress=congress, actor=author, issues=ISSUES, expected_version=0, send=True, now=sent
    )
    return True


# The summary's text cites the figures of its tables by placeholders (reports.narratives).
SUMMARY_TEXT = {
    "assessment": (
        "Đến ngày báo cáo, đã tổ chức {held}/{planned} đại hội ({held_share} %), trong đó "
        "{pilots} đại hội điểm; các đại hội bảo đảm nguyên tắc, dân chủ (dữ liệu minh họa)."
    ),
    "strengths": (
        "Công tác nhân sự chuẩn bị chu đáo: bầu {elected} cấp ủy viên, nữ chiếm "
        "{women_share} %, trẻ chiếm {young_share} % (dữ liệu minh họa)."
    ),
    "shortcomings": (
        "Một số chi bộ chậm hoàn thiện hồ sơ đại hội; nguyên nhân: cán bộ văn phòng kiêm "
        "nhiệm (dữ liệu minh họa)."
    ),
    "proposals": "Đề nghị Thành ủy sớm hướng dẫn kiện toàn chức danh sau đại hội (dữ liệu minh họa).",
}


@transaction.atomic
def build_demo_summary_text():
    """Quận 9's text of its congress summary of the term, written once by its district staff
    (no lessons written: that heading is not printed). Returns True when created."""
    organization = Organization.objects.get(code="HCM-Q9")
    term = Term.objects.get(name=TERM)
    author = get_user_model().objects.filter(username=AUTHOR).first()
    done = SummaryNarrative.objects.filter(organization=organization, term=term).exists()
    if author is None or done:
        return False
    narratives.save_narrative(
        organization=organization,
        term=term,
        actor=author,
        texts=SUMMARY_TEXT,
        expected_version=0,
    )
    return True
