"""Issue 19, the verifier's gaps in documents a committee signs and files: the same bytes from
two jobs for the same data, document symbols kept on one line, the zero of zero, the place,
the programme's own type, the working group's recipients, the roll-up's table breaking."""

import datetime
import io
import re
import zipfile

import pytest
from pypdf import PdfReader

from reports import letterhead, services
from reports.choices import FileFormat, ReportKind
from reports.models import ReportJob
from tests.pdf import page_lines

pytestmark = pytest.mark.django_db

# A document's number and symbol: "11-HD/QU", "2150-CV/TU".
SYMBOL = re.compile(r"\d+-[A-ZĐ][A-Za-zĐ]*(?:/[A-ZĐ][A-Za-zĐ0-9]*)+")


def _saved_job(organization, requested, **fields):
    """A job saved with its own creation time, as two requests at different times make."""
    job = ReportJob.objects.create(organization=organization, **fields)
    ReportJob.objects.filter(pk=job.pk).update(created_at=requested)
    job.refresh_from_db()
    return job


def _two_jobs(demo, file_format):
    day = datetime.date(2020, 6, 30)
    parameters = {"term": "2020-2025", "as_of": day.isoformat()}
    early = datetime.datetime(2026, 12, 3, 1, 15, 7, tzinfo=datetime.UTC)
    return [
        _saved_job(
            demo["HCM-Q9"],
            requested,
            kind=ReportKind.CONGRESS_SUMMARY,
            parameters=parameters,
            language="vi",
            file_format=file_format,
        )
        for requested in (early, early + datetime.timedelta(hours=3, minutes=41, seconds=13))
    ]


def test_two_jobs_for_the_same_data_give_the_same_pdf_dated_the_report_date(demo):
    first, second = _two_jobs(demo, FileFormat.PDF)

    data = services.build_pdf(first)
    assert services.build_pdf(second) == data  # was different: the jobs' creation times

    info = PdfReader(io.BytesIO(data)).metadata
    assert info["/CreationDate"].startswith("D:20200630000000")
    assert info["/ModDate"] == info["/CreationDate"]


def test_two_jobs_for_the_same_data_give_the_same_workbook_dated_in_utc(demo):
    first, second = _two_jobs(demo, FileFormat.XLSX)

    data = services.build_document(first)[0]
    assert services.build_document(second)[0] == data

    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    # Midnight of 30 June 2020 in Hồ Chí Minh City (+07) is 17:00 UTC the day before.
    assert "2020-06-29T17:00:00Z" in core
    assert "2026-12-03" not in core


def test_no_document_symbol_is_split_across_lines(demo, rendering):
    from congresses import selectors as congresses
    from documents.models import DirectiveDocument

    term = congresses.term_named("2020–2025", as_of=datetime.date(2020, 6, 30))
    for number in ("11-HD/QU", "2150-CV/TU", "115-KH/QU", "1024-QĐ/QU"):
        DirectiveDocument.objects.create(
            organization=demo["HCM-Q9"],
            term=term,
            number=number,
            issued_on=datetime.date(2019, 3, 1),
            title="Hướng dẫn tổ chức đại hội các chi bộ, đảng bộ cơ sở nhiệm kỳ 2020 - 2025",
            issuing_body="Quận ủy Quận 9",
        )
    report = rendering.job(demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, term="2020-2025")
    symbols = {
        match.group()
        for table in rendering.tables(report)
        for row in table.rows
        for cell in row
        for match in SYMBOL.finditer(str(cell))
    }
    assert symbols  # the directive documents' table gives some

    lines = rendering.lines(report)
    for symbol in symbols:
        # Was "11-HD/" at a line's end and "QU" on the next.
        assert any(symbol in line for line in lines), symbol


def test_the_roll_up_prints_a_count_without_a_share_alone(demo, rendering):
    # Before any congress of the term: every count is 0 of 0.
    report = rendering.job(
        demo["HCM-Q9"], ReportKind.RESULTS_ROLLUP, term="2020-2025", as_of="2019-01-02"
    )
    rows = rendering.tables(report)[0].rows
    empty = [row for row in rows if row[2] == 0]
    assert empty
    for row in empty:
        # Re-elected … minorities: no share, printed as the count alone.
        assert [(cell.count, cell.share) for cell in row[3:8]] == [(0, None)] * 5
        assert [str(cell) for cell in row[3:8]] == ["0"] * 5

    text = rendering.text(report)
    assert "(—" not in text  # was "0 (— %)"


def test_the_place_comes_from_the_committees_official_name(demo, rendering):
    # The demo sets "Thành ủy Thành phố Hồ Chí Minh": named after a person, the city keeps
    # its unit word (R-RP-10); a committee without an official name keeps the derived place.
    city = rendering.lines(rendering.job(demo["HCM"], ReportKind.RESULTS_ROLLUP, term="2020-2025"))
    # Was "Hồ Chí Minh, ngày …"; the longer line is shrunk to hold on one line with its year.
    date_line = r"Thành phố Hồ Chí Minh, ngày \d\d tháng \d\d năm \d{4}"
    assert any(re.fullmatch(date_line, line) for line in city)

    district = rendering.lines(
        rendering.job(demo["HCM-Q9"], ReportKind.RESULTS_ROLLUP, term="2020-2025")
    )
    assert any(line.startswith("Quận 9, ngày") for line in district)


@pytest.mark.parametrize(
    ("kind", "file_format"),
    [
        (ReportKind.CONGRESS_PROGRAMME, FileFormat.PDF),
        (ReportKind.QUICK_REPORT, FileFormat.PDF),
        (ReportKind.CREDENTIALS_REPORT, FileFormat.XLSX),
    ],
)
def test_a_congress_document_asked_without_a_date_is_the_same_file_any_day(demo, kind, file_format):
    """A congress's own document (no as-of date: its figures are today's records) is dated by
    the congress, not by the day it is made: two requests a month apart give the same file.
    The job's creation is the clock the report reads its default date from."""
    from congresses.models import Congress

    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    first_day = datetime.datetime(2026, 11, 3, 2, 0, tzinfo=datetime.UTC)
    files = [
        services.build_document(
            _saved_job(
                demo["HCM-Q9"],
                requested,
                kind=kind,
                parameters={"congress": congress.pk},
                language="vi",
                file_format=file_format,
            )
        )
        for requested in (first_day, first_day + datetime.timedelta(days=30, hours=5))
    ]
    assert files[1] == files[0]  # was different: the letterhead's date and the properties

    data = files[0][0]
    own = congress.ended_on or congress.held_on
    if file_format == FileFormat.PDF:
        info = PdfReader(io.BytesIO(data)).metadata
        assert info["/CreationDate"].startswith(f"D:{own:%Y%m%d}000000")
    else:
        core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
        # Midnight in Hồ Chí Minh City (+07) is 17:00 UTC the day before.
        assert f"{own - datetime.timedelta(days=1):%Y-%m-%d}T17:00:00Z" in core
        assert "2026-11-03" not in core


def test_the_congress_issues_its_programme_and_quick_report_with_its_own_symbol(demo, rendering):
    from congresses.models import Congress

    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")

    def number_line(kind):
        lines = rendering.lines(rendering.job(demo["HCM-Q9"], kind, congress=congress.pk))
        return next(line for line in lines if line.startswith("Số"))

    assert number_line(ReportKind.CONGRESS_PROGRAMME).endswith("-CTr/ĐH")  # was "-BC/QU"
    assert number_line(ReportKind.QUICK_REPORT).endswith("-BC/ĐH")


def test_the_working_group_reports_to_the_committee_that_set_it_up(demo, rendering):
    from django.utils import translation

    from congresses.models import WorkingGroup
    from reports.document import finish
    from reports.letterhead import committee_of

    group = WorkingGroup.objects.filter(owner=demo["HN-TH"]).order_by("pk").first()
    report = rendering.job(demo["HN-TH"], ReportKind.WORKING_GROUP, group=group.pk)
    with translation.override("vi"):
        recipients = finish(rendering.context(report), report)["recipients"]
    owner = committee_of(group.owner)[0]

    # The standing committee that set the group up, to report, and the group's own file
    # copy. Was the default of the organization: the standing committee above (the city's),
    # its organization department and the district office's file copy.
    # (The committee's place unbroken: non-breaking spaces.)
    kept = letterhead.unbroken_place(owner)
    assert recipients == [f"Ban Thường vụ {kept} (để báo cáo),", "Lưu Tổ công tác."]
    printed = " ".join(" ".join(rendering.lines(report)).split("Nơi nhận:")[-1].split())
    for line in recipients:
        assert " ".join(line.split()) in printed
    above = committee_of(demo["HN"])[0]
    assert above not in printed


def test_the_roll_up_table_starts_on_its_first_page(demo, rendering):
    report = rendering.job(demo["HCM-Q9"], ReportKind.RESULTS_ROLLUP, term="2020-2025")
    rows = rendering.tables(report)[0].rows
    pages = [" ".join(text for _, text in page) for page in page_lines(services.build_pdf(report))]

    # Was: the first page held only the letterhead and the title.
    assert f"{rows[0][1]} {rows[0][2]}" in pages[0]
    # The last row stays with the signature.
    last = next(page for page in pages if "Nơi nhận:" in page)
    assert f"{rows[-1][1]} {rows[-1][2]}" in last


@pytest.mark.parametrize(
    ("committee", "kept"),
    [
        ("Thành ủy Thành phố Hồ Chí Minh", "Thành ủy Thành\u00a0phố\u00a0Hồ\u00a0Chí\u00a0Minh"),
        ("Đảng ủy phường Xuân La", "Đảng ủy phường\u00a0Xuân\u00a0La"),
        ("Chi bộ Khu phố 1", "Chi bộ Khu phố 1"),  # no body's word before a place: as it is
        # A place too long for the recipients' column stays breakable.
        (
            "Đảng ủy Cơ quan Ủy ban Kiểm tra Thành ủy Thành phố Hồ Chí Minh",
            "Đảng ủy Cơ quan Ủy ban Kiểm tra Thành ủy Thành phố Hồ Chí Minh",
        ),
    ],
)
def test_a_committees_place_is_kept_on_one_line(committee, kept):
    assert letterhead.unbroken_place(committee) == kept
