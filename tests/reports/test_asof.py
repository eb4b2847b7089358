"""Reports true to their date (issue 15): a report dated in the past counts what had happened
by then, from the same selectors as the pages."""

import datetime

import pytest

from reports.choices import ReportKind

pytestmark = pytest.mark.django_db


def test_tay_ho_summary_of_20_february_2020_shows_no_election_and_no_later_complaint(
    demo, rendering
):
    """The district congress (planned for August) has its rounds recorded, and a complaint of
    28/07/2020: neither belongs to a report dated 20/02/2020."""
    on_20_february = rendering.sections(
        rendering.job(
            demo["HN-TH"], ReportKind.CONGRESS_SUMMARY, term="2020-2025", as_of="2020-02-20"
        )
    )
    today = rendering.sections(
        rendering.job(demo["HN-TH"], ReportKind.CONGRESS_SUMMARY, term="2020-2025")
    )

    structure = on_20_february["Cơ cấu cấp ủy được bầu"]
    assert [table.title for table in structure.tables] == ["Đề án nhân sự cấp ủy theo cấp"]
    assert on_20_february["Đơn thư khiếu nại, tố cáo"].no_data
    assert not today["Đơn thư khiếu nại, tố cáo"].no_data
    assert on_20_february["Tiến độ tổ chức đại hội"].paragraphs == [
        "Đến ngày 20/02/2020, đã tổ chức 162/249 đại hội (65,06 %); 2 đại hội điểm, "
        "0 đại hội chậm so với kế hoạch."
    ]


def test_thot_not_summary_of_28_may_2020_counts_the_congresses_ended_by_then(demo, rendering):
    progress = rendering.sections(
        rendering.job(
            demo["CT-TN"], ReportKind.CONGRESS_SUMMARY, term="2020-2025", as_of="2020-05-28"
        )
    )["Tiến độ tổ chức đại hội"]

    assert progress.paragraphs[0].startswith("Đến ngày 28/05/2020, đã tổ chức 33/37 đại hội")


def test_quan_9_commendation_list_leaves_out_later_decisions(demo, rendering):
    # Decided at the conference of 21/8/2020 (seed 000): not yet on the day before.
    on_20_august = rendering.sections(
        rendering.job(demo["HCM-Q9"], ReportKind.COMMENDATIONS, as_of="2020-08-20")
    )
    later = rendering.sections(
        rendering.job(demo["HCM-Q9"], ReportKind.COMMENDATIONS, as_of="2020-09-30")
    )

    assert list(on_20_august) == ["Khen thưởng"]
    assert list(later) == [
        "Quyết định số 310-QĐ/QU ngày 21/08/2020 của Ban Thường vụ Quận ủy Quận 9: 31 tập thể, "
        "cá nhân"
    ]


def test_quan_9_youth_share_reads_the_same_on_the_results_page_and_in_the_pdf(demo, rendering):
    """R-WV-14: without a reference date in the term, ages are taken on the day of the
    congress (22/07/2020), on the page (elected_by_level, elected_body_figures) and in the
    summary, whatever today is."""
    from congresses.models import Congress
    from personnel import selectors as personnel

    quan_9 = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    by_level = personnel.elected_by_level(organization=demo["HCM-Q9"], term=quan_9.term)
    body = {row["key"]: row["text"] for row in personnel.elected_body_figures(quan_9)["rows"]}
    structure = rendering.sections(
        rendering.job(
            demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, term="2020-2025", as_of="2020-08-21"
        )
    )["Cơ cấu cấp ủy được bầu"]

    assert by_level[0]["young_share"] == "23,08"
    assert body["youth"].endswith("23,08 % (chỉ tiêu ≥ 10 %; R-WV-07, Chỉ thị 35-CT/TW)")
    assert str(structure.tables[0].rows[0][5]) == "9 (23,08 %)"  # a workbook's two cells
    assert "dưới 40 tuổi tính đến ngày đại hội" in structure.paragraphs[0]


def test_tay_ho_dossier_before_its_congress_opened_shows_no_election(demo, rendering):
    from congresses.models import Congress

    district = Congress.objects.get(organization=demo["HN-TH"], term__name="2020–2025")
    before = rendering.sections(
        rendering.job(
            demo["HN-TH"], ReportKind.CONGRESS_DOSSIER, congress=district.pk, as_of="2020-02-20"
        )
    )
    after = rendering.sections(
        rendering.job(
            demo["HN-TH"], ReportKind.CONGRESS_DOSSIER, congress=district.pk, as_of="2020-08-21"
        )
    )

    def minutes(report):
        return [heading for heading in report if heading.endswith("biên bản kiểm phiếu")]

    assert "giai đoạn: Đã lên kế hoạch" in before["Đại hội"].paragraphs[0]
    assert "giai đoạn: Nhân sự đã được duyệt" in after["Đại hội"].paragraphs[0]
    assert (len(minutes(before)), len(minutes(after))) == (0, 2)
    assert any(": 39" in heading for heading in set(after) - set(before))


def test_a_classification_summary_dated_before_the_decisions_counts_none(demo, rendering):
    """Quận 10's 2020 ratings were decided in January 2021."""
    before = rendering.sections(
        rendering.job(
            demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, year=2020, as_of="2020-12-31"
        )
    )
    after = rendering.sections(
        rendering.job(
            demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, year=2020, as_of="2021-06-30"
        )
    )

    assert before["Tổ chức đảng"].no_data
    assert before["Đảng viên"].no_data
    assert not after["Tổ chức đảng"].no_data
    assert list(before) == list(after)
    streaks = list(before)[3]
    assert after[streaks].paragraphs == [
        "27 đảng viên hoàn thành xuất sắc nhiệm vụ và 1 tổ chức đảng tiêu biểu trong từng năm này."
    ]
    assert before[streaks].paragraphs[0].startswith("0 đảng viên")


def test_a_follow_up_completed_after_the_date_was_still_in_progress_then(demo):
    from congresses.models import Term
    from documents.models import FollowUpTask
    from documents.selectors import follow_up_counts

    term = Term.objects.get(name="2020–2025")
    task = FollowUpTask.objects.filter(organization=demo["HN-LB"]).order_by("pk").first()
    FollowUpTask.objects.filter(pk=task.pk).update(
        status="done", done_on=datetime.date(2020, 10, 1)
    )

    def counts(day):
        return {
            row["status_on"]: row["count"]
            for row in follow_up_counts(demo["HN-LB"], term, as_of=day)
        }

    assert counts(datetime.date(2020, 9, 30)) == {"in_progress": 5}
    assert counts(datetime.date(2020, 10, 1)) == {"done": 1, "in_progress": 4}
