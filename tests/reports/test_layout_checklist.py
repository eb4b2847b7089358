"""The layout checklist of issue 19 over the demo's PDFs (R-RP-10): letterhead lines unbroken,
the signature block complete and not alone on its page, recipients named, no "%" alone on a
line, no level digit in a level column, no Vietnamese data label in an English PDF, and no
Vietnamese word at all in an English PDF but in the proper names the data gives."""

import io
import re
import unicodedata

import pytest
from django.apps import apps
from django.utils import translation
from pypdf import PdfReader

from congresses.models import Congress, TermLevelRule, WorkingGroup
from organizations.models import OrganizationKind
from recognition.models import Period
from reports import services
from reports.choices import ReportKind
from reports.document import finish

# The layout of the PDFs and workbooks: nothing database-specific (the SQLite pass alone).
pytestmark = [pytest.mark.django_db, pytest.mark.layout]

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
        yield job(demo["HCM-Q9"], ReportKind.CONGRESS_PROGRAMME, language, congress=congress.pk)


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
    assert signature["authority"]
    assert signature["name"]
    # A document signed for a body (T/M ĐOÀN CHỦ TỊCH) may name no position.
    for part in (signature["authority"], signature["position"], signature["name"]):
        assert part in tail
    heading = "Nơi nhận:" if context["job_language"] == "vi" else "Recipients:"
    before = last[: last.index(heading)]
    assert before, context["title"]  # not alone: the body's last lines are on its page
    return last[last.index(heading) + 1 :]


def _check_recipients(after_heading, context):
    text = " ".join(" ".join(after_heading).split())  # a place's non-breaking spaces as spaces
    for recipient in context["recipients"]:
        assert f"- {' '.join(recipient.split())}" in text


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


# Letters and tone marks English never writes: ă â đ ê ô ơ ư and the five tones (NFD).
VIETNAMESE_MARKS = set("đĐ\u0306\u0302\u031b\u0300\u0301\u0303\u0309\u0323")
WORD = re.compile(r"[^\W\d_]+")


def _vietnamese_words(text):
    return {
        word
        for word in WORD.findall(SYMBOL.sub(" ", text))
        if VIETNAMESE_MARKS & set(unicodedata.normalize("NFD", word))
    }


# (model, its fields of free text typed by the staff): printed as typed in any language.
FREE_TEXT = {
    "recognition.Campaign": ("name",),
    "recognition.CampaignWork": ("title",),
    "recognition.Commendation": ("reason_detail",),
    "reports.QuickReport": ("issues",),
    "reports.SummaryNarrative": (
        "assessment", "strengths", "shortcomings", "lessons", "proposals"
    ),
    "congresses.TrainingSession": ("audience",),
    "congresses.TermDocument": ("title",),
    "congress_day.Vote": ("title",),
    "delegates.Delegate": ("reason",),
    "documents.DirectiveDocument": ("title",),
    "documents.FollowUpTask": ("title",),
    # A document's pasted text (the resolution as adopted), printed as it was adopted.
    "documents.DocumentVersion": ("text",),
}  # fmt: skip
# A document's symbol, "190-QĐ/TW", "248-TB/TU": a proper name wherever printed.
SYMBOL = re.compile(r"\b[\w.]*-?[A-ZĐ]+/[A-ZĐ]+\b")


def _uploaded_pdf_texts():
    """The text of every uploaded PDF version of the congresses' documents."""
    from pypdf import PdfReader

    from documents.models import DocumentVersion

    texts = []
    for version in DocumentVersion.objects.exclude(file=""):
        if version.file.name.lower().endswith(".pdf"):
            with version.file.open("rb") as handle:
                texts += [page.extract_text() or "" for page in PdfReader(handle).pages]
    return texts


def _proper_names(contexts):
    """The words of the proper names the data gives, which an English PDF prints as they are:
    people's names, organizations' official names (the letterhead, the signing body, the
    recipients), places, documents' titles and symbols, the bodies that approved."""
    from congress_day.models import AgendaItem
    from documents.models import CongressDocument
    from organizations.models import Member, Organization
    from personnel.models import Candidate, CountingMember, KeyPostNomination

    names = [
        *Organization.objects.values_list("name", flat=True),
        *Member.objects.values_list("full_name", flat=True),
        # The peoples' names (Tày, Mường): proper names, as the members' records give them.
        *Member.objects.values_list("ethnicity", flat=True).distinct(),
        *Candidate.objects.values_list("full_name", flat=True),
        *CountingMember.objects.values_list("full_name", flat=True),
        *CongressDocument.objects.values_list("title", flat=True),
        *KeyPostNomination.objects.values_list("approving_body", flat=True),
        *AgendaItem.objects.values_list("speaker", flat=True),
    ]
    # What the staff type, which no report translates: the data's free text.
    for label, fields in FREE_TEXT.items():
        model = apps.get_model(label)
        for field in fields:
            names += model.objects.values_list(field, flat=True).distinct()
    # The uploaded documents a congress file merges (the political report as the congress
    # adopted it): Vietnamese documents filed as they are, the data's own text.
    names += _uploaded_pdf_texts()
    for context in contexts:
        signature = context.get("signature") or {}
        names += [context.get("place", ""), context.get("document_number", "")]
        names += [*context.get("issuing_lines", []), *context.get("recipients", [])]
        names += [signature.get("authority", ""), signature.get("name", "")]
    words = set()
    for name in names:
        words |= _vietnamese_words(unicodedata.normalize("NFC", name or ""))
    return {word.lower() for word in words}


def _english_leftovers(demo, rendering, chosen):
    """{kind: the Vietnamese words of its English PDF that the data does not give}."""
    reports = [r for r in demo_reports(rendering, demo) if r.language == "en" and chosen(r.kind)]
    texts, contexts = {}, []
    for report in reports:
        texts[report.kind] = " ".join(
            line for page in _pages(services.build_pdf(report)) for line in page
        )
        contexts.append(_context(rendering, report))
    allowed = _proper_names(contexts)

    return {
        kind: sorted(w for w in _vietnamese_words(text) if w.lower() not in allowed)
        for kind, text in texts.items()
    }


def _assert_none(found):
    left = {str(kind): words for kind, words in found.items() if words}
    assert not left, "\n".join(f"{kind}: {' '.join(words)}" for kind, words in left.items())


# The programme (and the congress file, which holds it) print the standard items' Vietnamese
# titles until their English names land (xlsx19's "Programme in English" commit).
PROGRAMME_KINDS = {ReportKind.CONGRESS_PROGRAMME, ReportKind.CONGRESS_FILE}


def test_an_english_pdf_has_no_vietnamese_word_but_the_datas_proper_names(demo, rendering):
    """Generic: whatever its source (a label, a choice, a title typed in the code), a word with
    Vietnamese letters or tones in an English PDF is a proper name or free text from the
    data."""
    found = _english_leftovers(demo, rendering, lambda kind: kind not in PROGRAMME_KINDS)
    _assert_none(found)


def test_the_english_programme_has_no_vietnamese_word_but_the_datas(demo, rendering):
    _assert_none(_english_leftovers(demo, rendering, lambda kind: kind in PROGRAMME_KINDS))


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


def test_the_delegate_cards_pass_the_table_and_language_checks(demo, rendering):
    """The delegate cards (no letterhead nor signature: cards to cut) on a few cards, so the
    check stays fast."""
    from congress_day.models import DelegateCard

    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    cards = DelegateCard.objects.filter(congress=congress).order_by("number")
    assert cards.exists()
    DelegateCard.objects.filter(pk__in=list(cards.values_list("pk", flat=True)[6:])).delete()
    allowed_reports = []
    for language in ("vi", "en"):
        report = rendering.job(
            demo["HCM-Q9"], ReportKind.DELEGATE_CARDS, language, congress=congress.pk
        )
        pages = _pages(services.build_pdf(report))
        assert pages
        for page in pages:
            assert not any(line.startswith("%") for line in page)
        context = _context(rendering, report)
        _check_tables(context, language)
        if language == "en":
            allowed_reports.append(context)
            text = " ".join(line for page in pages for line in page)
            allowed = _proper_names(allowed_reports)
            assert not {w for w in _vietnamese_words(text) if w.lower() not in allowed}
