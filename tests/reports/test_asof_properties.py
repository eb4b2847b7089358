"""Property tests of "as of" on the demo data (issue 15, item 3): a report for a date mentions
no event after it (in its HTML, and in the PDF text of every dated kind), and the dashboard, the
congress summary and its Excel export agree. tests/reports/test_asof_histories.py runs the
same properties over random histories."""

import datetime
import io
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from congresses import dashboard
from congresses.models import Congress, Term, TermLevelRule, WorkingGroup
from reports.choices import FileFormat, ReportKind
from reports.excel import tables_to_xlsx
from reports.kinds import KINDS, build_context
from reports.models import ReportJob
from reports.services import build_pdf
from tests.pdf import flat, pdf_text

pytestmark = pytest.mark.django_db

CODES = ("HN-TH", "HN-LB", "HCM-Q9", "HCM-Q10", "CT-TN")
DAYS = st.dates(datetime.date(2019, 6, 1), datetime.date(2021, 6, 30))
SHOWN_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
# In a PDF's text, white space may split a date where a table cell wraps.
PDF_DATE = re.compile(r"\b(\d{2})\s?/\s?(\d{2})\s?/\s?(\d{4})\b")
SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def job(organization, kind, day, **parameters):
    return ReportJob(
        kind=kind,
        organization=organization,
        parameters={"as_of": day.isoformat(), **parameters},
        language="vi",
        file_format=FileFormat.PDF,
        created_at=timezone.now(),
    )


def body_html(report):
    """The report's HTML as the PDF is drawn from it, without the document metadata."""
    with translation.override("vi"):
        context = {"job": report, "as_of": report.created_at, **build_context(report)}
        html = render_to_string(KINDS[report.kind].template, context)
    return html[html.index("<body") :], context


def dates_in(text):
    return [
        datetime.date(int(year), int(month), int(day))
        for day, month, year in SHOWN_DATE.findall(text)
    ]


@SETTINGS
@given(code=st.sampled_from(CODES), day=DAYS)
def test_a_report_for_a_date_mentions_no_later_date(demo, code, day):
    for kind, parameters in (
        (ReportKind.CONGRESS_SUMMARY, {"term": "2020-2025"}),
        (ReportKind.COMMENDATIONS, {}),
    ):
        html, _context = body_html(job(demo[code], kind, day, **parameters))
        later = [shown for shown in dates_in(html) if shown > day]
        assert later == [], (kind, code, day)


@SETTINGS
@given(code=st.sampled_from(CODES), day=DAYS)
def test_dashboard_summary_and_excel_agree(demo, code, day):
    term = Term.objects.get(name="2020–2025")
    figures = dashboard.wave_figures(organization=demo[code], term=term, as_of=day)
    _html, context = body_html(job(demo[code], ReportKind.CONGRESS_SUMMARY, day, term="2020-2025"))
    progress = next(
        section for section in context["sections"] if section.heading == "Tiến độ tổ chức đại hội"
    )
    table = progress.tables[0]
    workbook = load_workbook(io.BytesIO(tables_to_xlsx(context)))
    # Row 1: the table's full title; row 2: its section; row 3: the column headings.
    sheet = next(
        workbook[name] for name in workbook.sheetnames if workbook[name]["A3"].value == "Cấp"
    )
    excel_rows = [list(row) for row in sheet.iter_rows(min_row=4, values_only=True)]

    expected = [
        [row["label"], row["planned"], row["held"], row["overdue"], row["pilots_held"]]
        for row in figures["by_level"]
    ]
    assert [[row[0], row[1], row[2], row[6], int(row[7].split("/")[0])] for row in table.rows] == (
        expected
    )
    assert [[row[0], row[1], row[2], row[6], int(row[7].split("/")[0])] for row in excel_rows] == (
        expected
    )
    totals = figures["totals"]
    assert f"đã tổ chức {totals['held']}/{totals['planned']} đại hội" in progress.paragraphs[0]


def test_the_scan_reads_the_dates_a_report_shows(demo):
    html, _context = body_html(
        job(demo["HCM-Q9"], ReportKind.COMMENDATIONS, datetime.date(2020, 9, 30))
    )

    assert datetime.date(2020, 8, 21) in dates_in(html)


def dated_reports(demo, day):
    """One report of each dated kind (KindSpec.dated) for `day`, on the demo's data."""
    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    group = WorkingGroup.objects.filter(owner=demo["HN-TH"]).order_by("pk").first()
    reports = [
        job(demo["HN-TH"], ReportKind.CONGRESS_SUMMARY, day, term="2020-2025"),
        job(demo["HN-TH"], ReportKind.RESULTS_ROLLUP, day, term="2020-2025"),
        job(demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, day, year=2020),
        job(demo["HCM-Q9"], ReportKind.COMMENDATIONS, day, year=2020),
        job(demo["HCM-Q9"], ReportKind.CONGRESS_DOSSIER, day, congress=congress.pk),
        job(demo["HN-TH"], ReportKind.WORKING_GROUP, day, group=group.pk),
    ]
    assert {report.kind for report in reports} == {
        kind for kind, spec in KINDS.items() if spec.dated and kind != ReportKind.TEST
    }
    return reports


def forward_dates():
    """The dates the data holds that a report prints whatever its date: the congresses'
    planned dates and the terms' age reference dates (ages are counted on them, R-WV-14)."""
    planned = Congress.objects.exclude(planned_date=None).values_list("planned_date", flat=True)
    references = TermLevelRule.objects.exclude(age_reference_date=None).values_list(
        "age_reference_date", flat=True
    )
    return set(planned) | set(references)


@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(day=DAYS)
def test_the_pdf_of_every_dated_kind_shows_no_later_event(demo, day):
    allowed = forward_dates()
    for report in dated_reports(demo, day):
        text = flat(pdf_text(build_pdf(report)))
        shown = [
            datetime.date(int(year), int(month), int(number))
            for number, month, year in PDF_DATE.findall(text)
        ]
        later = sorted({date for date in shown if date > day and date not in allowed})
        assert later == [], (report.kind, day, later)


def test_the_pdf_scan_reads_event_dates_and_lets_only_planned_dates_through(demo):
    day = datetime.date(2020, 2, 20)
    dossier = dated_reports(demo, day)[4]
    congress = Congress.objects.get(pk=dossier.parameters["congress"])
    text = flat(pdf_text(build_pdf(dossier)))

    # Its planned date is later than the dossier's date, and printed: let through by name.
    assert congress.planned_date > day
    assert f"{congress.planned_date:%d/%m/%Y}" in text
    assert congress.planned_date in forward_dates()
    # The commendation decision of 21 August 2020 is read from the list's PDF.
    commendations = job(demo["HCM-Q9"], ReportKind.COMMENDATIONS, datetime.date(2020, 9, 30))
    assert "21/08/2020" in flat(pdf_text(build_pdf(commendations)))
