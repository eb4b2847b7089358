"""Each report of the catalogue on the demo data, checked by PDF text extraction; the Excel
export, the fingerprint reuse, the command and the request form."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from congresses.models import Congress, WorkingGroup
from organizations.models import Organization
from recognition.models import Commendation
from reports import services
from reports.choices import FileFormat, JobStatus, ReportKind
from reports.letterhead import committee_of
from reports.models import ReportJob
from tests.factories import UserFactory
from tests.pdf import embedded_fonts, flat, pdf_text

pytestmark = pytest.mark.django_db


def test_tay_ho_summary_on_20_february_2020_in_the_party_layout(demo, rendering):
    report = rendering.job(
        demo["HN-TH"], ReportKind.CONGRESS_SUMMARY, term="2020-2025", as_of="2020-02-20"
    )
    data = services.build_pdf(report)
    text = flat(pdf_text(data))

    assert "ĐẢNG BỘ THÀNH PHỐ HÀ NỘI QUẬN ỦY TÂY HỒ" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Tây Hồ, ngày 20 tháng 02 năm 2020" in text
    assert "-BC/QU" in text
    assert "BÁO CÁO TỔNG KẾT CÔNG TÁC ĐẠI HỘI" in text
    assert "26 tổ chức cơ sở đảng và 222 chi bộ trực thuộc" in text
    assert "Báo cáo chính trị 1 3 37" in text  # 3 discussion rounds, 37 comments
    assert "228 170" in text  # grassroots committee plans: seats and planned re-elections
    assert "39 33" in text  # the district committee's plan: 39 seats, 33 re-elected (seed 001)
    # Page numbers "1 / N" of the PDF's N pages (the demo's 20 directive documents, working
    # groups, training sessions and campaigns since issue 19, item 8, take pages of their own).
    pages = len(PdfReader(io.BytesIO(data)).pages)
    assert pages >= 2
    assert f"1 / {pages}" in text
    assert "Tổ công tác" in text
    assert {"Liberation-Serif", "Liberation-Serif-Bold"} <= embedded_fonts(data)


def test_quan_9_summary_shows_the_elected_structure(demo, rendering):
    text = rendering.text(
        rendering.job(demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, term="2020-2025")
    )

    assert "18 (46,15 %)" in text
    assert "9 (23,08 %)" in text
    assert "2/2 (100 %)" in text  # key posts elected as approved
    assert "Giấy khen Công tác đại hội 14 17" in text


def test_quan_9_summary_in_english_localizes_numbers(demo, rendering):
    text = rendering.text(
        rendering.job(demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, language="en", term="2020-2025")
    )
    assert "COMMUNIST PARTY OF VIETNAM" in text
    assert "SUMMARY OF THE CONGRESS WORK" in text
    assert "18 (46.15 %)" in text


def test_quan_10_classification_summary(demo, rendering):
    text = rendering.text(
        rendering.job(demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, year=2020)
    )

    assert "Cấp cơ sở 8 30 3 0 3 41" in text  # grassroots: 8 / 30 / 3 / 0, 3 exemplary, of 41
    assert "27 đảng viên hoàn thành xuất sắc nhiệm vụ và 1 tổ chức đảng tiêu biểu" in text


def test_commendation_list_per_decision(demo, rendering):
    text = rendering.text(
        rendering.job(demo["HCM-Q9"], ReportKind.COMMENDATIONS, decision="310-QĐ/QU")
    )

    assert "Quyết định số 310-QĐ/QU ngày 21/08/2020 của Ban Thường vụ Quận ủy Quận 9: 31" in text
    assert "Ban Tổ chức Quận ủy Quận 9" in text
    assert "-DS/QU" in text


def test_congress_dossier_shows_the_minutes_with_d(demo, rendering):
    congress = Congress.objects.get(organization=demo["HN-TH"], term__name="2020–2025")
    text = rendering.text(
        rendering.job(demo["HN-TH"], ReportKind.CONGRESS_DOSSIER, congress=congress.pk)
    )

    assert (
        "D = 290 triệu tập − 3 vắng mặt suốt thời gian đại hội có lý do được chấp nhận − 0 bị "
        "đình chỉ sinh hoạt, bị khởi tố, truy tố, tạm giam − 0 trường hợp khác không tính = 287"
    ) in text
    assert "ít nhất 144 phiếu" in text
    assert "Bằng phiếu cho 1 chỗ" in text
    assert "cấp ủy viên khóa cũ 84,62 %" in text


def test_the_dossier_vote_tables_give_unit_share_of_d_and_not_elected(demo, rendering):
    """Issue 19, items 5 and 6: each candidate with their unit, their share of D and
    "Không trúng cử" where not elected."""
    from personnel.models import ElectionRound
    from personnel.selectors import format_percent, share

    congress = Congress.objects.get(organization=demo["HN-TH"], term__name="2020–2025")
    text = rendering.text(
        rendering.job(demo["HN-TH"], ReportKind.CONGRESS_DOSSIER, congress=congress.pk)
    )
    first = ElectionRound.objects.filter(ballot__congress=congress).order_by("pk").first()
    top = first.votes.select_related("candidate__member__organization").order_by("-votes")[0]

    assert "Tỷ lệ so với D" in text
    assert f"{format_percent(share(top.votes, first.base))} %" in text
    assert "Không trúng cử" in text
    if top.candidate.member is not None:
        assert top.candidate.member.organization.name in text


def test_congress_dossier_is_complete(demo, rendering):
    congress = Congress.objects.get(organization=demo["HN-TH"], term__name="2020–2025")
    Congress.objects.filter(pk=congress.pk).update(
        is_pilot=True, approval_number="248-QĐ/TU", approval_date=datetime.date(2020, 9, 1),
        approval_body="Ban Thường vụ Thành ủy Hà Nội",
    )  # fmt: skip
    text = flat(
        rendering.text(
            rendering.job(demo["HN-TH"], ReportKind.CONGRESS_DOSSIER, congress=congress.pk)
        )
    )

    assert "Là đại hội điểm." in text
    assert "Ban kiểm phiếu" in text
    assert "trưởng ban" in text
    assert "thành viên" in text
    assert "Đơn thư khiếu nại, tố cáo và kết quả giải quyết" in text
    assert "Đơn phản ánh việc kê khai tài sản chưa đầy đủ." in text
    assert "Nội dung phản ánh không có cơ sở." in text
    assert "Các cơ quan được bầu" in text
    assert "Chuẩn y kết quả bầu cử" in text
    assert "Thành ủy Hà Nội phê duyệt, quyết định số 248-QĐ/TU ngày 01/09/2020" in text
    assert "triệu tập —" not in text
    assert "— triệu tập" not in text
    assert "Số phiếu phát ra 287" in text


def test_working_group_snapshot(demo, rendering):
    group = WorkingGroup.objects.filter(owner=demo["HN-TH"]).order_by("pk").first()
    text = rendering.text(rendering.job(demo["HN-TH"], ReportKind.WORKING_GROUP, group=group.pk))

    assert "BÁO CÁO TIẾN ĐỘ CỦA TỔ CÔNG TÁC" in text  # title kept
    assert group.name in text
    for organization in group.organizations.all():
        assert organization.name in text


def test_a_missing_section_says_no_data(demo, rendering):
    text = rendering.text(
        rendering.job(demo["HN-LB"], ReportKind.CONGRESS_SUMMARY, term="2020-2025")
    )
    assert "Chưa có số liệu." in text  # Long Biên has no personnel recorded


def test_same_data_same_bytes(demo, rendering):
    report = rendering.job(demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, year=2020)
    assert services.build_pdf(report) == services.build_pdf(report)


def test_excel_export_holds_the_same_figures_and_neutralizes_formulas(demo, rendering):
    Commendation.objects.filter(recipient_name="Ban Tổ chức Quận ủy Quận 9").update(
        recipient_name='=HYPERLINK("http://example.com")'
    )
    data, _digest = services.build_document(
        rendering.job(
            demo["HCM-Q9"], ReportKind.COMMENDATIONS, file_format=FileFormat.XLSX, year=2020
        )
    )
    workbook = load_workbook(io.BytesIO(data))
    values = [
        cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
    ]
    assert '\'=HYPERLINK("http://example.com")' in values
    assert "Giấy khen" in values
    assert sum(1 for value in values if value == "Giấy khen") == 31

    data, _digest = services.build_document(
        rendering.job(
            demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, file_format="xlsx", year=2020
        )
    )
    rows = [
        [cell.value for cell in row]
        for sheet in load_workbook(io.BytesIO(data)).worksheets
        for row in sheet.iter_rows()
    ]
    assert ["Cấp cơ sở", 8, 30, 3, 0, 3, 41] in rows


def test_identical_request_over_unchanged_data_reuses_the_file(
    demo, django_capture_on_commit_callbacks
):
    user = UserFactory(scope=demo["HCM-Q9"], role="leader")
    request = {
        "user": user,
        "organization": demo["HCM-Q9"],
        "kind": ReportKind.COMMENDATIONS,
        "language": "vi",
        "parameters": {"year": 2020},
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = services.request_report(**request)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.request_report(**request)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (JobStatus.DONE, JobStatus.DONE)
    assert second.file.name == first.file.name
    assert second.fingerprint == first.fingerprint

    Commendation.objects.filter(decision_number="310-QĐ/QU").first().delete()
    with django_capture_on_commit_callbacks(execute=True):
        third = services.request_report(**request)
    third.refresh_from_db()
    assert third.file.name != first.file.name
    assert third.fingerprint != first.fingerprint
    assert ": 30 tập thể, cá nhân" in flat(pdf_text(default_storage.open(third.file.name).read()))


def test_a_job_naming_something_missing_fails_with_the_reason(
    demo, django_capture_on_commit_callbacks
):
    user = UserFactory(scope=demo["HN-TH"], role="staff")
    with django_capture_on_commit_callbacks(execute=True):
        report = services.request_report(
            user=user, organization=demo["HN-TH"], kind=ReportKind.CONGRESS_DOSSIER,
            language="vi", parameters={"congress": 0},
        )  # fmt: skip
    report.refresh_from_db()
    assert report.status == JobStatus.FAILED
    assert report.error == "Không có đại hội này trong tổ chức."


def test_render_report_command(demo, tmp_path):
    output = tmp_path / "quan-10.pdf"
    call_command(
        "render_report", "classification-summary", "--org", "HCM-Q10", "--period", "2020",
        "--output", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    assert "Cấp cơ sở 8 30 3 0 3 41" in flat(pdf_text(output.read_bytes()))
    with pytest.raises(CommandError, match="No organization"):
        call_command("render_report", "commendations", "--org", "XX", "--output",
                     str(tmp_path / "x.pdf"))  # fmt: skip
    with pytest.raises(CommandError, match="Không có đại hội"):
        call_command("render_report", "congress-dossier", "--org", "HN-TH", "--congress", "0",
                     "--output", str(tmp_path / "x.pdf"))  # fmt: skip


def test_request_form_refuses_a_congress_of_another_organization(client, demo):
    other = Congress.objects.filter(organization__code__startswith="HN-LB").first()
    client.force_login(UserFactory(scope=demo["HN-TH"], role="staff"))
    response = client.post(
        reverse("reports:job-request"),
        {"organization": demo["HN-TH"].pk, "kind": "congress-dossier", "congress": other.pk},
    )
    assert response.status_code == 404
    assert not ReportJob.objects.exists()


def test_report_page_for_a_leader_and_404_elsewhere(client, demo):
    client.force_login(UserFactory(scope=demo["HN-TH"], role="leader"))
    assert client.get(reverse("reports:report-new", args=[demo["HN-TH"].pk])).status_code == 200
    assert client.get(reverse("reports:report-new", args=[demo["HN-LB"].pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "committee", "suffix", "place"),
    [
        ("Đảng bộ quận Tây Hồ", "Quận ủy Tây Hồ", "QU", "Tây Hồ"),
        ("Đảng bộ Quận 9", "Quận ủy Quận 9", "QU", "Quận 9"),
        ("Đảng bộ thành phố Hà Nội", "Thành ủy Hà Nội", "TU", "Hà Nội"),
        ("Đảng bộ huyện Thốt Nốt", "Huyện ủy Thốt Nốt", "HU", "Thốt Nốt"),
        ("Đảng bộ phường Xuân La", "Đảng ủy phường Xuân La", "ĐU", "Xuân La"),
        ("Chi bộ Kho bạc Nhà nước quận", "Chi bộ Kho bạc Nhà nước quận", "CB",
         "Kho bạc Nhà nước quận"),
    ],
)  # fmt: skip
def test_committee_names(name, committee, suffix, place):
    assert committee_of(Organization(name=name)) == (committee, suffix, place)
