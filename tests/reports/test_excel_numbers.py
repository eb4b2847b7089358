"""Issue 19, item 11: the demo's workbooks hold their shares as numbers in a percent format,
never as text: a count with its share ("18 (46,15 %)" in the PDF) is two columns, the count
and the share."""

import io
import re

import pytest
from openpyxl import load_workbook

from congresses.models import Congress, WorkingGroup
from reports import excel, services
from reports.choices import FileFormat, ReportKind
from reports.excel import PERCENT_FORMAT
from reports.kinds.common import CountShare

pytestmark = pytest.mark.django_db

# A number followed by "%" anywhere in a text cell: "46,15 %", "18 (46,15 %)", "23,08 %/15 %".
PERCENT_TEXT = re.compile(r"\d[\s\u00a0]?%")


def demo_workbooks(rendering, demo):
    """(report, workbook) of every kind of report the demo holds, in both languages."""
    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    group = WorkingGroup.objects.filter(owner=demo["HN-TH"]).order_by("pk").first()
    for language in ("vi", "en"):
        for organization, kind, parameters in (
            (demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, {"term": "2020-2025"}),
            (demo["HN-TH"], ReportKind.CONGRESS_SUMMARY, {"term": "2020-2025"}),
            (demo["HN-TH"], ReportKind.RESULTS_ROLLUP, {"term": "2020-2025"}),
            (demo["HCM-Q9"], ReportKind.RESULTS_ROLLUP, {"term": "2020-2025"}),
            (demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, {"year": 2020}),
            (demo["HCM-Q9"], ReportKind.COMMENDATIONS, {"year": 2020}),
            (demo["HCM-Q9"], ReportKind.CONGRESS_DOSSIER, {"congress": congress.pk}),
            (demo["HCM-Q9"], ReportKind.CREDENTIALS_REPORT, {"congress": congress.pk}),
            (demo["HCM-Q9"], ReportKind.QUICK_REPORT, {"congress": congress.pk}),
            (demo["HCM-Q9"], ReportKind.CONGRESS_PROGRAMME, {"congress": congress.pk}),
            (demo["HN-TH"], ReportKind.WORKING_GROUP, {"group": group.pk}),
        ):
            report = rendering.job(
                organization, kind, language, file_format=FileFormat.XLSX, **parameters
            )
            data = services.build_document(report)[0]
            yield report, load_workbook(io.BytesIO(data))


def test_no_workbook_cell_is_a_share_written_as_text(demo, rendering):
    """Every table cell of every demo workbook: no text holding a number followed by "%"."""
    texts = [
        (report.kind, report.language, sheet.title, cell.coordinate, cell.value)
        for report, workbook in demo_workbooks(rendering, demo)
        # The first sheet holds the text (headings and paragraphs); each table's sheet starts
        # with its title, its section and its column headings.
        for sheet in workbook.worksheets[1:]
        for row in sheet.iter_rows(min_row=4)
        for cell in row
        if isinstance(cell.value, str) and PERCENT_TEXT.search(cell.value)
    ]
    assert texts == []


def test_a_count_with_its_share_is_two_columns_in_the_workbook(demo, rendering):
    report = rendering.job(
        demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, file_format=FileFormat.XLSX, term="2020-2025"
    )
    table = next(t for t in rendering.tables(report) if t.title == "Cấp ủy được bầu theo cấp")
    workbook = load_workbook(io.BytesIO(services.build_document(report)[0]))
    sheet = next(s for s in workbook.worksheets if s["A1"].value == table.title)
    header = [cell.value for cell in sheet[3]]
    women = header.index("Nữ")
    assert header[women + 1] == "Nữ, tỷ lệ"
    cells = list(sheet.iter_rows(min_row=4))
    shares = [row[table.columns.index("Nữ")] for row in table.rows]
    assert all(isinstance(share, CountShare) for share in shares)
    assert [row[women].value for row in cells] == [share.count for share in shares]
    assert [row[women + 1].value for row in cells] == [
        pytest.approx(float(share.share) / 100) for share in shares
    ]
    assert {row[women + 1].number_format for row in cells} == {PERCENT_FORMAT}


@pytest.mark.parametrize(
    ("title", "name"),
    [
        # Was "Vòng 1  kết quả": the colon Excel refuses became a space.
        ("Vòng 1: kết quả", "Vòng 1 – kết quả"),
        ("Đại biểu 53/53", "Đại biểu 53-53"),
        ("[Bảng]*?", "Bảng"),
        ("Kết quả bầu cử: Ban Chấp hành Đảng bộ quận", "Kết quả bầu cử – Ban Chấp hành"),
    ],
)
def test_a_sheets_name_stands_in_for_what_excel_refuses_readably(title, name):
    assert excel._sheet_name(title, set()) == name
