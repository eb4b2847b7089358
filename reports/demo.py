"""Demo quick report: Quận 9's congress (2020–2025), written and sent up at the close on the
congress day, 22/07/2020, 17:30; and the text of Quận 9's congress summary of the term
(SYNTHETIC: the texts say so)."""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from congresses.models import Congress, Term
from organizations.models import Organization
from reports import narratives, quick_reports
from reports.models import QuickReport, SummaryNarrative

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
    congress = Congress.objects.regular().get(organization__code="HCM-Q9", term__name=TERM)
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


# The summary's text cites the figures of its tables by placeholders (reports.narratives).
SUMMARY_TEXT = {
    "assessment": (
        "Đến ngày báo cáo, đã tổ chức {held}/{planned} đại hội ({held_share} %), trong đó "
        "{pilots} đại hội điểm; các đại hội bảo đảm nguyên tắc, dân chủ (dữ liệu minh họa)."
    ),
    "strengths": (
        "Công tác nhân sự chuẩn bị chu đáo: bầu {elected} cấp ủy viên, nữ chiếm "
        "{women_share} %, trẻ chiếm {young_share} % (dữ liệu minh họa)."
    ),
    "shortcomings": (
        "Một số chi bộ chậm hoàn thiện hồ sơ đại hội; nguyên nhân: cán bộ văn phòng kiêm "
        "nhiệm (dữ liệu minh họa)."
    ),
    "proposals": "Đề nghị Thành ủy sớm hướng dẫn kiện toàn chức danh sau đại hội (dữ liệu minh họa).",
}


@transaction.atomic
def build_demo_summary_text():
    """Quận 9's text of its congress summary of the term, written once by its district staff
    (no lessons written: that heading is not printed). Returns True when created."""
    organization = Organization.objects.get(code="HCM-Q9")
    term = Term.objects.get(name=TERM)
    author = get_user_model().objects.filter(username=AUTHOR).first()
    done = SummaryNarrative.objects.filter(organization=organization, term=term).exists()
    if author is None or done:
        return False
    narratives.save_narrative(
        organization=organization,
        term=term,
        actor=author,
        texts=SUMMARY_TEXT,
        expected_version=0,
    )
    return True


# --- Quận 9's political report, uploaded as a PDF -----------------------------------------------

POLITICAL_REPORT_PAGES = 40
POLITICAL_REPORT_TITLE = "Báo cáo chính trị của Ban Chấp hành Đảng bộ Quận 9 khóa V"
# Bumped when the generated text changes, so that a PDF cached by an older demo is not reused.
POLITICAL_REPORT_EDITION = 1
CHAPTERS = (
    "Đánh giá kết quả thực hiện Nghị quyết Đại hội Đảng bộ quận lần thứ V",
    "Công tác xây dựng Đảng và hệ thống chính trị",
    "Phát triển kinh tế, đô thị và quản lý đất đai",
    "Văn hóa, xã hội, giáo dục và chăm lo đời sống nhân dân",
    "Quốc phòng, an ninh và trật tự an toàn xã hội",
    "Phương hướng, mục tiêu, chỉ tiêu nhiệm kỳ 2020–2025",
    "Nhiệm vụ, giải pháp trọng tâm và ba khâu đột phá",
    "Tổ chức thực hiện",
)
SUBJECTS = (
    "Ban Chấp hành Đảng bộ quận", "Ban Thường vụ Quận ủy", "các cấp ủy cơ sở",
    "Ủy ban nhân dân quận", "Mặt trận Tổ quốc và các đoàn thể", "các chi bộ khu phố",
    "đội ngũ cán bộ, đảng viên", "các phường trên địa bàn",
)  # fmt: skip
VERBS = (
    "đã tập trung lãnh đạo, chỉ đạo", "tiếp tục quán triệt và cụ thể hóa", "chủ động triển khai",
    "kiểm tra, giám sát thường xuyên", "đổi mới phương thức thực hiện", "phối hợp chặt chẽ trong",
)  # fmt: skip
OBJECTS = (
    "công tác chỉnh trang đô thị và giải phóng mặt bằng các dự án trọng điểm",
    "việc nâng cao chất lượng sinh hoạt chi bộ và công tác phát triển đảng viên",
    "cải cách hành chính, ứng dụng công nghệ thông tin trong giải quyết thủ tục",
    "các chính sách an sinh xã hội, giảm nghèo bền vững và chăm lo gia đình chính sách",
    "phòng, chống tham nhũng, lãng phí và tự diễn biến, tự chuyển hóa trong nội bộ",
    "xây dựng khu dân cư văn hóa, nếp sống văn minh đô thị",
    "phát triển giáo dục, y tế cơ sở và phong trào thể dục thể thao quần chúng",
    "bảo đảm quốc phòng, an ninh, giữ vững trật tự an toàn xã hội trên địa bàn",
)  # fmt: skip
RESULTS = (
    "kết quả đạt và vượt chỉ tiêu Nghị quyết đề ra",
    "tạo chuyển biến rõ nét, được nhân dân đồng tình",
    "còn một số hạn chế cần tiếp tục khắc phục trong nhiệm kỳ tới",
    "góp phần quan trọng vào sự phát triển chung của quận",
)  # fmt: skip


def _political_report_html(pages):
    """The HTML of a synthetic political report of `pages` pages, one page per section (each
    section breaks before it and fills less than a page, so the page count never depends on
    the fonts' metrics). Deterministic: a seeded generator, no date from the clock."""
    import random
    from html import escape

    from reports.rendering import font_urls

    chance = random.Random(f"q9-political-report-{POLITICAL_REPORT_EDITION}")
    fonts = font_urls()
    sections = []
    for page in range(pages):
        chapter = CHAPTERS[page * len(CHAPTERS) // pages]
        paragraphs = []
        for _paragraph in range(4):
            sentences = [
                f"{chance.choice(SUBJECTS).capitalize()} {chance.choice(VERBS)} "
                f"{chance.choice(OBJECTS)}, {chance.choice(RESULTS)}"
                for _sentence in range(3)
            ]
            paragraphs.append(f"<p>{escape('. '.join(sentences))}.</p>")
        sections.append(
            f"<section><h2>{escape(chapter)}</h2>"
            f"<p class='note'>(Dữ liệu minh họa — trang {page + 1}/{pages})</p>"
            f"{''.join(paragraphs)}</section>"
        )
    return (
        "<!doctype html><html lang='vi'><head><meta charset='utf-8'>"
        f"<title>{escape(POLITICAL_REPORT_TITLE)}</title><style>"
        f"@font-face {{ font-family: 'Liberation Serif'; src: url('{fonts['serif_regular']}'); }}"
        "@font-face { font-family: 'Liberation Serif'; font-weight: bold; "
        f"src: url('{fonts['serif_bold']}'); }}"
        "@page { size: A4; margin: 20mm 15mm 20mm 30mm; }"
        "html { font-family: 'Liberation Serif'; font-size: 13pt; line-height: 1.35; }"
        "section + section { break-before: page; } h2 { font-size: 13pt; }"
        "p { text-align: justify; text-indent: 1cm; margin: 4pt 0; } p.note { font-style: italic; }"
        f"</style></head><body><h1>{escape(POLITICAL_REPORT_TITLE.upper())}</h1>"
        f"{''.join(sections)}</body></html>"
    )


def political_report_pdf(pages):
    """The bytes of the synthetic political report, rendered once with WeasyPrint and kept in
    the default storage under demo/ (a few seconds for 40 pages): the same bytes every time."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from reports.rendering import html_to_pdf

    name = f"demo/bao-cao-chinh-tri-quan-9-{POLITICAL_REPORT_EDITION}-{pages}tr.pdf"
    if default_storage.exists(name):
        with default_storage.open(name) as cached:
            return cached.read()
    data = html_to_pdf(_political_report_html(pages))
    default_storage.save(name, ContentFile(data))
    return data


@transaction.atomic
def build_demo_political_report(pages=None):
    """Quận 9's political report (2020–2025) uploaded as a PDF of `pages` pages and approved
    by the city's standing committee before the congress, so that the congress file is of a
    real district's size (about 60 pages; `pages`: POLITICAL_REPORT_PAGES unless given). Once:
    returns False when Quận 9 has a political report already."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from documents import services as documents
    from documents.choices import DocumentKind
    from documents.models import CongressDocument, DocumentVersion

    congress = Congress.objects.regular().get(organization__code="HCM-Q9", term__name=TERM)
    if CongressDocument.objects.filter(
        congress=congress, kind=DocumentKind.POLITICAL_REPORT
    ).exists():
        return False
    author = get_user_model().objects.filter(username=AUTHOR).first()
    report = documents.create_document(
        congress=congress, actor=author, kind=DocumentKind.POLITICAL_REPORT,
        title=POLITICAL_REPORT_TITLE,
    )  # fmt: skip
    upload = SimpleUploadedFile(
        "bao-cao-chinh-tri-quan-9.pdf",
        political_report_pdf(pages or POLITICAL_REPORT_PAGES),
        "application/pdf",
    )
    documents.add_version(
        document=report, actor=author, file=upload, note="Bản trình Đại hội (dữ liệu minh họa)"
    )
    report.refresh_from_db()
    documents.approve_document(
        document=report, actor=author, expected_version=report.version,
        approved_on=datetime.date(2020, 6, 30), approval_number="2150-CV/TU",
        approval_body="Ban Thường vụ Thành ủy Thành phố Hồ Chí Minh",
    )  # fmt: skip
    # Dated before the congress (22/07/2020), not when the demo was built ("as of" reads them).
    uploaded = datetime.datetime(2020, 6, 20, 9, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))
    CongressDocument.objects.filter(pk=report.pk).update(created_at=uploaded)
    DocumentVersion.objects.filter(document=report).update(uploaded_at=uploaded)
    return True
