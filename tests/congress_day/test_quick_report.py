"""The quick report of a congress's results (báo cáo nhanh, R-RP-02): kind quick-report and the
issues the staff write and send up (reports.quick_reports)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from congress_day import services
from core.editing import StaleEditError
from reports import quick_reports
from reports.models import QuickReport
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def _render(congress, tmp_path):
    output = tmp_path / "bao-cao-nhanh.pdf"
    call_command(
        "render_report", "quick-report", "--org", congress.organization.code,
        "--congress", str(congress.pk), "--output", str(output), "--language", "en",
        stdout=io.StringIO(),
    )  # fmt: skip
    return " ".join(pdf_text(output.read_bytes()).split())


def test_the_report_prints_attendance_from_the_check_in_and_says_what_is_not_recorded(
    congress, cards, staff, tmp_path
):
    for card in cards[:5]:
        services.check_in(congress=congress, entry=str(card.number), actor=staff)
    quick_reports.save_quick_report(
        congress=congress,
        actor=staff,
        issues="Hai đại biểu vắng có lý do\n\n  Đề nghị   cấp trên hướng dẫn ",
        expected_version=0,
        send=True,
    )

    text = _render(congress, tmp_path)

    assert "QUICK REPORT" in text
    assert "CONGRESS" in text
    # 7 convened (6 official), 5 checked in; the share counts the official members only.
    officials = sum(1 for card in cards[:5] if card.member.official_on is not None)
    share = f"{100 * officials / 6:.1f}"
    assert f"Convened: 7; present: 5; share of the official members present: {share} %." in text
    assert "Resolution adopted not recorded" in text
    assert "Hai đại biểu vắng có lý do" in text
    assert "Đề nghị cấp trên hướng dẫn" in text


def test_without_check_in_the_present_are_not_recorded(congress, tmp_path):
    text = _render(congress, tmp_path)

    assert "present: not recorded" in text
    assert "No issue to report recorded." in text


def test_saving_and_sending_is_audited_and_a_stale_form_writes_nothing(congress, staff):
    report = quick_reports.save_quick_report(
        congress=congress, actor=staff, issues="Một", expected_version=0
    )
    assert report.version == 1
    assert report.sent_at is None
    report = quick_reports.save_quick_report(
        congress=congress, actor=staff, issues="Hai", expected_version=1, send=True
    )
    assert report.version == 2
    assert report.sent_by == staff
    assert report.sent_at is not None
    assert list(
        AuditEvent.objects.filter(action__startswith="reports.quick_report")
        .values_list("action", flat=True)
        .order_by("pk")
    ) == ["reports.quick_report_saved", "reports.quick_report_sent"]

    with pytest.raises(StaleEditError):
        quick_reports.save_quick_report(
            congress=congress, actor=staff, issues="Ba", expected_version=1
        )
    assert QuickReport.objects.get().issues == "Hai"
    assert AuditEvent.objects.filter(action__startswith="reports.quick_report").count() == 2


def test_the_page_sends_the_report_up_and_keeps_the_input_of_a_stale_form(client, congress, staff):
    client.force_login(staff)
    url = reverse("reports:quick-report", args=[congress.pk])

    response = client.post(url, {"issues": "Đề nghị A", "action": "send", "version": "0"})

    assert response.status_code == 302
    report = QuickReport.objects.get(congress=congress)
    assert (report.issues, report.sent_by, report.version) == ("Đề nghị A", staff, 1)
    page = client.get(url).content.decode()
    assert "Đề nghị A" in page
    assert 'id="quick-report-status"' in page
    assert "Not sent up yet" not in page
    assert "Chưa gửi lên cấp trên" not in page

    stale = client.post(url, {"issues": "Đề nghị B", "action": "save", "version": "0"})

    assert stale.status_code == 200
    assert "Đề nghị B" in stale.content.decode()
    assert QuickReport.objects.get(congress=congress).issues == "Đề nghị A"


def test_the_rollup_counts_the_quick_reports_sent_up_by_the_date_in_constant_queries(
    congress, staff, django_assert_num_queries
):
    from personnel.rollup import results_rollup

    today = timezone.localdate()
    quick_reports.save_quick_report(
        congress=congress, actor=staff, issues="", expected_version=0, send=True
    )

    # The term's rule pack (R-WV-14's age reference dates per organization kind) is read once
    # per term and process: read before counting.
    results_rollup(organization=congress.organization, term=congress.term, as_of=today)

    def count(as_of):
        # The roll-up's seven grouped queries and the quick reports' one; on a past date also
        # the tree's moves (read once: the subtree as it stood then).
        with django_assert_num_queries(8 if as_of >= today else 9):
            rollup = results_rollup(
                organization=congress.organization, term=congress.term, as_of=as_of
            )
        row = next(row for row in rollup["rows"] if row["level"] == congress.level)
        return row["quick_reports"], rollup["totals"]["quick_reports"]

    assert count(today) == (1, 1)
    assert count(today - datetime.timedelta(days=1)) == (0, 0)
    # Saved but not sent up: not received.
    QuickReport.objects.update(sent_at=None)
    assert count(today) == (0, 0)


def test_the_report_prints_the_resolution_adopted_with_its_tasks(congress, staff, tmp_path):
    import datetime

    from congress_day.services import ResolutionTask, record_resolution, record_vote

    vote = record_vote(
        congress=congress, subject="resolution", title="Nghị quyết đại hội",
        agree=6, disagree=1, abstain=0, present=7, actor=staff,
    )  # fmt: skip
    record_resolution(
        vote=vote,
        title="Nghị quyết Đại hội Đảng bộ",
        text="Đại hội quyết nghị...",
        tasks=[
            ResolutionTask("Ban hành quy chế làm việc", "Ban Thường vụ", datetime.date(2020, 6, 30))
        ],
        actor=staff,
    )

    text = _render(congress, tmp_path)

    assert "Nghị quyết Đại hội Đảng bộ: adopted with 6 of 7 present agreeing." in text
    assert "Ban hành quy chế làm việc" in text
    assert "Resolution adopted not recorded" not in text
