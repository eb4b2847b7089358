"""The layout checklist of issue 19 over the demo's PDFs (R-RP-10): letterhead lines unbroken,
the signature block complete and not alone on its page, recipients named, no "%" alone on a
line, no level digit in a level column, no Vietnamese data label in an English PDF."""

import io
import unicodedata

import pytest
from django.utils import translation
from pypdf import PdfReader

from congresses.models import Congress, TermLevelRule, WorkingGroup
from organizations.models import OrganizationKind
from recognition.models import Period
from reports import services
from reports.choices import ReportKind
from reports.document import finish

pytestmark = pytest.mark.django_db

LEVEL_COLUMNS = {"Level", "Cấp"}


def demo_reports(rendering, demo):
    job = rendering.job
    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    group = WorkingGroup.objects.filter(owner=demo["HN-TH"]).order_by("pk").first()
    for language in ("vi", "en"):
        yield job(demo["HCM-Q9"], ReportKind.CONGRESS_SUMMARY, language, term="2020-2025")
        yield job(demo["HN-TH"], ReportKind.CONGRESS_SUMMARY, language, term="2020-2025")
        yield job(demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, language, year=2020)
        yield job(demo["HCM-Q9"], ReportKind.CONGRESS_DOSSIER, language, congress=congress.pk)
        yield job(demo["HCM-Q9"], ReportKind.CREDENTIALS_REPORT, language, congress=congress.pk)
        yield job(demo["HCM-Q9"], ReportKind.CONGRESS_FILE, language, congress=congress.pk)
        yield job(demo["HN-TH"], ReportKind.WORKING_GROUP, language, group=group.pk)
        yield job(demo["HCM-Q9"], ReportKind.COMMENDATIONS, language, year=2020)
        yield job(demo["HCM-Q9"], ReportKind.RESULTS_ROLLUP, language, term="2020-2025")
        yield job(demo["HCM-Q9"], ReportKind.QUICK_REPORT, language, congress=congress.pk)


def _pages(data):
    return [
        [
            line.strip()
            for line in unicodedata.normalize("NFC", page.extract_text()).splitlines()
            if line.strip()
        ]
        for page in PdfReader(io.BytesIO(data)).pages
    ]


def _context(rendering, report):
    with translation.override(report.language):
        return finish({**rendering.context(report)}, report)


def _check_letterhead(lines, context):
    issuer = lines[: lines.index("*")]
    expected = [line for entry in context["issuer_layout"] for line in entry["pieces"]]
    assert issuer == [piece["text"] for piece in expected]


def _check_signature(pages, context):
    signature = context["signature"]
    last = pages[-1]
    start = last.index(signature["authority"]) if signature["authority"] in last else None
    if start is None:  # a long authority wraps: find its first words
        start = next(n for n, line in enumerate(last) if signature["authority"].startswith(line))
    tail = " ".join(last[start:])
    for part in (signature["authority"], signature["position"], signature["name"]):
        assert part
        assert part in tail
    heading = "Nơi nhận:" if context["job_language"] == "vi" else "Recipients:"
    before = last[: last.index(heading)]
    assert before, context["title"]  # not alone: the body's last lines are on its page
    return last[last.index(heading) + 1 :]


def _check_recipients(after_heading, context):
    text = " ".join(after_heading)
    for recipient in context["recipients"]:
        assert f"- {recipient}" in text


def _check_tables(context, language):
    # The organization kinds' and the terms' level names are Vietnamese data.
    kinds = set(OrganizationKind.objects.values_list("name", flat=True))
    kinds |= set(TermLevelRule.objects.values_list("label", flat=True))
    for section in context["sections"]:
        for table in section.tables:
            for column, heading in enumerate(table.columns):
                if heading in LEVEL_COLUMNS:
                    assert not any(str(row[column]).isdigit() for row in table.rows)
            if language == "en":
                cells = {str(cell) for row in table.rows for cell in row}
                assert not cells & kinds, table.title


def _period_labels():
    """The classification periods' regulations and exemplary titles: Vietnamese data (issue 19,
    item 7), each with an English name of its own."""
    labels = set(Period.objects.values_list("regulation", flat=True))
    labels |= set(Period.objects.values_list("exemplary_label", flat=True))
    return labels - {""}


def _check_data_labels(pages, context, labels):
    """An English PDF prints no Vietnamese data label: not in its text (a label wrapped over
    two lines included), not as a heading, a column or a subtitle."""
    text = " ".join(line for page in pages for line in page)
    assert not [label for label in labels if label in text], context["title"]
    headings = [context.get("subtitle", "")]
    for section in context["sections"]:
        headings.append(section.heading)
        for table in section.tables:
            headings += [table.title, *map(str, table.columns)]
    assert not [h for h in headings for label in labels if label in str(h)], context["title"]


def test_the_english_classification_summary_names_the_regulation_and_title_in_english(
    demo, rendering
):
    period = Period.objects.get(kind="year", year=2020)
    # Filled by recognition 0004.
    assert period.regulation_en
    assert period.exemplary_label_en
    report = rendering.job(
        demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, "en", year=period.year
    )
    text = rendering.text(report)

    assert period.regulation_en in text
    assert period.exemplary_label_en in text
    assert period.regulation not in text
    assert period.exemplary_label not in text
    context = rendering.context(report)
    assert period.exemplary_label_en in [s.heading for s in context["sections"]]
    # The Vietnamese report keeps the Vietnamese names.
    vietnamese = rendering.text(
        rendering.job(demo["HCM-Q10"], ReportKind.CLASSIFICATION_SUMMARY, "vi", year=period.year)
    )
    assert period.regulation in vietnamese
    assert period.regulation_en not in vietnamese


def test_the_demo_pdfs_pass_the_layout_checklist(demo, rendering):
    labels = _period_labels()
    assert labels
    for report in demo_reports(rendering, demo):
        data = services.build_pdf(report)
        pages = _pages(data)
        context = {**_context(rendering, report), "job_language": report.language}
        _check_letterhead(pages[0], context)
        recipients = _check_signature(pages, context)
        _check_recipients(recipients, context)
        for page in pages:
            assert not any(line.startswith("%") for line in page), report.kind
        _check_tables(context, report.language)
        if report.language == "en":
            _check_data_labels(pages, context, labels)
