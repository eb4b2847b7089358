"""The party-document layout of the PDFs (HD 36-HD/VPTW, R-RP-10, issue 19): the letterhead
never breaks inside a name, the blank for the number, the signature block and the recipients,
figures kept with their "%". Checked on the text a reader copies out of the PDF, line by line."""

import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from congresses.models import Congress, WorkingGroup
from organizations import services as organization_services
from personnel.choices import BallotKind
from personnel.models import RoundVote
from reports import services
from reports.choices import FileFormat, ReportKind
from reports.letterhead import ISSUER_WIDTH_PT, committee_of, fit_line, text_width

# The layout of the PDFs and workbooks: nothing database-specific (the SQLite pass alone).
pytestmark = [pytest.mark.django_db, pytest.mark.layout]

NBSP = "\u00a0"


def summary_lines(rendering, demo, code="HCM-Q9", **parameters):
    return rendering.lines(
        rendering.job(demo[code], ReportKind.CONGRESS_SUMMARY, term="2020-2025", **parameters)
    )


def test_letterhead_lines_never_break_inside_a_name(demo, rendering):
    lines = summary_lines(rendering, demo)

    # Was "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ" / "MINH".
    assert lines[0] == "ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH"
    assert lines[1] == "QUẬN ỦY QUẬN 9"


def test_a_long_name_shrinks_then_breaks_between_the_body_and_its_name():
    fitted = fit_line("ĐẢNG BỘ THÀNH PHỐ HỒ CHÍ MINH")
    assert len(fitted) == 1
    assert fitted[0]["size"] < 13
    assert text_width(fitted[0]["text"], fitted[0]["size"]) <= ISSUER_WIDTH_PT

    long_name = "ĐẢNG BỘ KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP THÀNH PHỐ HỒ CHÍ MINH"
    pieces = fit_line(long_name, bold=True)
    assert [piece["text"] for piece in pieces] == [
        "ĐẢNG BỘ",
        "KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP THÀNH PHỐ HỒ CHÍ MINH",
    ]
    for piece in pieces:
        assert text_width(piece["text"], piece["size"], bold=True) <= ISSUER_WIDTH_PT


def test_letterhead_names_come_from_the_data_with_the_derivation_as_fallback(demo, rendering):
    # The demo sets the official name of Hồ Chí Minh City's committee; Hà Nội's is derived.
    assert committee_of(demo["HCM"])[0] == "Thành ủy Thành phố Hồ Chí Minh"
    assert committee_of(demo["HN"])[0] == "Thành ủy Hà Nội"

    quan_10 = demo["HCM-Q10"]
    organization_services.update_organization(
        organization=quan_10,
        actor=None,
        expected_version=quan_10.version,
        committee_name="Quận ủy  Quận 10 (cũ) ",
    )
    quan_10.refresh_from_db()
    try:
        assert committee_of(quan_10) == ("Quận ủy Quận 10 (cũ)", "QU", "Quận 10")
        lines = summary_lines(rendering, demo | {"HCM-Q10": quan_10}, code="HCM-Q10")
        assert "QUẬN ỦY QUẬN 10 (CŨ)" in lines
        # (" ".join(….split()): the place's non-breaking spaces as spaces)
        assert "- Lưu Văn phòng Quận ủy Quận 10 (cũ)." in " ".join(" ".join(lines).split())
    finally:
        quan_10.committee_name = ""
        quan_10.save(update_fields=["committee_name"])


def test_the_blank_for_the_number_does_not_collapse(demo, rendering):
    lines = summary_lines(rendering, demo)

    number = next(line for line in lines if line.endswith("-BC/QU"))
    # Was "Số -BC/QU": the blank where the registered number is written by hand.
    assert re.fullmatch(rf"Số[ {NBSP}]{{6,}}-BC/QU", number), number


def test_document_types_per_kind(demo, rendering):
    group = WorkingGroup.objects.filter(owner=demo["HN-TH"]).order_by("pk").first()
    lines = rendering.lines(rendering.job(demo["HN-TH"], ReportKind.WORKING_GROUP, group=group.pk))
    assert any(re.fullmatch(rf"Số[ {NBSP}]{{6,}}-BC/TCT", line) for line in lines)
    assert lines[:2] == ["QUẬN ỦY TÂY HỒ", group.name.upper()]

    congress = Congress.objects.get(organization=demo["HN-TH"], term__name="2020–2025")
    dossier = rendering.lines(
        rendering.job(demo["HN-TH"], ReportKind.CONGRESS_DOSSIER, congress=congress.pk)
    )
    assert not any(line.startswith("Số") for line in dossier[:6])  # a file, not a numbered document


def _secretary(organization):
    vote = RoundVote.objects.get(
        is_elected=True,
        round__ballot__kind=BallotKind.SECRETARY,
        round__ballot__congress__organization=organization,
    )
    return vote.candidate.full_name


def test_signature_block_names_the_position_and_the_elected_secretary(demo, rendering):
    lines = summary_lines(rendering, demo)
    start = lines.index("T/M BAN THƯỜNG VỤ")

    assert lines[start + 1] == "BÍ THƯ"
    assert lines[start + 2] == _secretary(demo["HCM-Q9"])


def test_signature_is_not_alone_on_the_last_page(demo, rendering):
    data = services.build_pdf(
        rendering.job(demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, term="2020-2025")
    )
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    last = pages[-1]
    assert "T/M BAN THƯỜNG VỤ" in last
    body = last.split("Nơi nhận:")[0]
    assert len([line for line in body.splitlines() if line.strip()]) >= 2


def test_signer_and_recipients_can_be_given_with_the_request(demo, rendering):
    lines = summary_lines(
        rendering, demo, signer="Nguyễn Văn Ký", recipients="Ban Tổ chức Trung ương\n- Lưu hồ sơ"
    )
    text = " ".join(lines)
    assert "T/M BAN THƯỜNG VỤ BÍ THƯ Nguyễn Văn Ký" in text
    assert "Nơi nhận: - Ban Tổ chức Trung ương - Lưu hồ sơ" in text


def test_recipients_are_named(demo, rendering):
    text = " ".join(" ".join(summary_lines(rendering, demo)).split())  # NBSPs as spaces

    assert (
        "Nơi nhận: - Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh (để báo cáo), "
        "- Ban Tổ chức Thành ủy Thành phố Hồ Chí Minh, - Lưu Văn phòng Quận ủy Quận 9."
    ) in text


def test_working_group_report_is_signed_by_the_head_of_the_group(demo, rendering):
    group = WorkingGroup.objects.filter(owner=demo["HN-TH"]).order_by("pk").first()
    text = " ".join(
        rendering.lines(rendering.job(demo["HN-TH"], ReportKind.WORKING_GROUP, group=group.pk))
    )

    assert f"T/M TỔ CÔNG TÁC TỔ TRƯỞNG {group.leader_name}" in text
    assert "T/M BAN THƯỜNG VỤ" not in text


def test_percent_never_leaves_its_number(demo, rendering):
    lines = summary_lines(rendering, demo)

    assert not any(line.startswith("%") for line in lines)
    assert any(f"(100{NBSP}%)" in line for line in lines)  # a paragraph's share
    assert any(f"46,15{NBSP}%" in line for line in lines)  # a table cell's share


def test_shares_against_a_target_are_spelled_out(demo, rendering):
    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    text = " ".join(
        " ".join(line.split())
        for line in rendering.lines(
            rendering.job(demo["HCM-Q9"], ReportKind.CONGRESS_DOSSIER, congress=congress.pk)
        )
    )
    # Was "nữ 46,15 %/15 %"; the rule by its source, not the project's id (R-RP-10).
    assert "nữ 46,15 % (chỉ tiêu ≥ 15 %; Hướng dẫn 26-HD/BTCTW)" in text
    assert "trẻ 23,08 % (chỉ tiêu ≥ 10 %; Chỉ thị 35-CT/TW)" in text
    assert "R-WV-0" not in text


def xlsx_of(rendering, organization, kind, **parameters):
    report = rendering.job(organization, kind, file_format=FileFormat.XLSX, **parameters)
    return services.build_document(report)[0]


def test_excel_shares_are_numbers_with_a_percent_format(demo, rendering):
    data = xlsx_of(rendering, demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, term="2020-2025")
    workbook = load_workbook(io.BytesIO(data))
    sheet = next(sheet for sheet in workbook.worksheets if sheet["A1"].value == "Đại hội theo cấp")
    header = [cell.value for cell in sheet[3]]
    share = header.index("Tỷ lệ")
    cells = [row[share] for row in sheet.iter_rows(min_row=4)]
    assert [cell.value for cell in cells] == [1, 1, 1]  # was the text "100 %"
    assert all(cell.number_format == "0.00%" for cell in cells)


def test_excel_sheets_carry_their_full_title(demo, rendering):
    data = xlsx_of(rendering, demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, term="2020-2025")
    workbook = load_workbook(io.BytesIO(data))
    titles = {sheet.title: sheet["A1"].value for sheet in workbook.worksheets[1:]}
    long_title = "Đề án nhân sự cấp ủy theo cấp"
    assert long_title in titles.values()
    for name, title in titles.items():
        assert len(name) <= 31
        assert title.translate(str.maketrans(dict.fromkeys("[]:*?/\\", " "))).startswith(
            name.split(" (")[0].strip()
        )


def test_excel_is_byte_identical_between_runs(demo, rendering):
    import time

    report = rendering.job(
        demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, file_format=FileFormat.XLSX, term="2020-2025"
    )
    first = services.build_document(report)[0]
    time.sleep(2.1)  # the clock moves on: the zip's timestamps have a two-second resolution
    assert services.build_document(report)[0] == first


def test_english_pdfs_name_kinds_and_levels_in_english(demo, rendering):
    report = rendering.job(
        demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, language="en", term="2020-2025"
    )
    text = " ".join(" ".join(line.split()) for line in rendering.lines(report))

    assert "Grassroots party organization 13" in text  # was "Đảng bộ cơ sở 13"
    assert "Party cell 39" in text
    assert "Grassroots level 13 13 100 %" in text  # was "Cấp cơ sở 13 13 100 %"
    assert "District level 1 39" in text
    for label in ("Đảng bộ cơ sở", "Chi bộ trực thuộc", "Cấp cơ sở", "Cấp trên cơ sở"):
        assert label not in text


def test_english_classification_summary_names_the_levels(demo, rendering):
    report = rendering.job(
        demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, language="en", year=2020
    )
    text = " ".join(" ".join(line.split()) for line in rendering.lines(report))

    assert "Grassroots level" in text
    assert "Cấp cơ sở" not in text


def test_discussion_rounds_are_not_called_voting_rounds(demo, rendering):
    text = " ".join(summary_lines(rendering, demo, code="HN-TH"))

    assert "Lần thảo luận, lấy ý kiến" in text  # was "Các lần bầu"
    assert "Các lần bầu" not in text


def test_the_dossier_counts_discussion_rounds_not_voting_rounds(demo, rendering):
    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    text = " ".join(
        rendering.lines(
            rendering.job(demo["HCM-Q9"], ReportKind.CONGRESS_DOSSIER, congress=congress.pk)
        )
    )

    # Was "Văn kiện Các lần bầu Ý kiến Phê duyệt": a document's rounds are of discussion.
    assert "Văn kiện Lần thảo luận, lấy ý kiến Ý kiến Phê duyệt" in text
    assert "Các lần bầu" not in text


def test_english_results_rollup_names_the_levels(demo, rendering):
    report = rendering.job(
        demo["HCM-Q9"], ReportKind.RESULTS_ROLLUP, language="en", term="2020-2025"
    )
    text = " ".join(" ".join(line.split()) for line in rendering.lines(report))

    # Was "Cấp trên cơ sở (quận, huyện)", "Cấp cơ sở", "Chi bộ trực thuộc": the term's labels.
    assert "District level" in text
    assert "Grassroots level" in text
    for label in ("Cấp trên cơ sở", "Cấp cơ sở", "Chi bộ trực thuộc"):
        assert label not in text


def test_english_pdfs_agree_in_number_with_a_count_of_one(demo, rendering):
    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    dossier = " ".join(
        rendering.lines(
            rendering.job(
                demo["HCM-Q9"], ReportKind.CONGRESS_DOSSIER, language="en", congress=congress.pk
            )
        )
    )
    # The secretary's list: was "List: 1 for 1 seats".
    assert "List: 1 for 1 seat " in dossier + " "
    assert "for 1 seats" not in dossier

    report = rendering.job(
        demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, language="en", year=2020
    )
    text = " ".join(" ".join(line.split()) for line in rendering.lines(report))
    # Was "27 members excellent and 1 organizations exemplary in each of these years."
    assert "27 members excellent and 1 organization exemplary in each of these years." in text
    assert "1 organizations" not in text


def test_a_caption_or_heading_is_never_left_at_a_pages_foot(demo, rendering):
    from reports.kinds import Section, Table
    from tests.pdf import page_lines

    report = rendering.job(demo["HN-TH"])
    rows = [[number, f"Chi bộ {number}"] for number in range(1, 9)]
    at_the_boundary = 0
    # From a body that leaves the table whole on page 1 to one that pushes it to page 2: the
    # page break falls at the caption and the section's heading in some of them.
    for count in range(14, 34):
        paragraphs = [f"Đoạn văn thứ {number} của phần thân." for number in range(1, count + 1)]
        sections = [
            Section("Phần một", paragraphs),
            Section("Phần hai", [], [Table("Bảng các chi bộ", ["STT", "Chi bộ"], rows, {0})]),
            Section("Phần ba", ["Đoạn kết."]),  # the table is not the last: no signature rule
        ]
        data = services.render_part(
            report, "reports/pdf/report.html", {"title": "BÁO CÁO", "sections": sections}
        )
        pages = page_lines(data)
        first = [text for _y, text in pages[0] if not re.fullmatch(r"\d+ / \d+", text)]
        # Neither the section's heading nor the table's caption (nor its header row) alone.
        assert first[-1] not in ("Bảng các chi bộ", "2. Phần hai", "STT Chi bộ"), count
        if "Bảng các chi bộ" not in " ".join(first):
            at_the_boundary += 1
    assert 0 < at_the_boundary < 20  # the table moved to page 2 in some of them, not all
