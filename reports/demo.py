"""Demo quick report: Quận 9's congress (2020–2025), written and sent up at the close on the
congress day, 22/07/2020, 17:30 (SYNTHETIC: the issues text says so)."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from congresses.models import Congress
from reports import quick_reports
from reports.models import QuickReport

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
    congress = Congress.objects.get(organization__code="HCM-Q9", term__name=TERM)
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
