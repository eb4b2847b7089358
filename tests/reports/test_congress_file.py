"""The congress file (R-RP-01) of the demo's Quận 9 congress: its contents point at the page
where each part starts, the pages are numbered on the whole file, an uploaded PDF is merged, a
DOCX is listed only, and the zip's manifest holds the sums of the original files."""

import csv
import datetime
import hashlib
import io
import re
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from congresses.models import Congress
from documents import services as documents
from documents.choices import DocumentKind
from documents.models import CongressDocument
from reports import congress_file, services
from reports.choices import JobStatus, ReportKind
from reports.models import ReportJob
from reports.rendering import html_to_pdf
from tests.documents.conftest import docx_upload, pdf_upload
from tests.factories import UserFactory

# The file's assembly (pages, contents, merged PDFs, zip) is marked `layout`: nothing
# database-specific, the SQLite pass alone; its job through the queue and storage runs in both.
pytestmark = pytest.mark.django_db

MARKER = "Nội dung báo cáo chính trị tải lên 7319"
# The first words of each part, in the file's order (the parts' own titles).
STARTS = [
    "CHƯƠNG TRÌNH",
    "BÁO CÁO THẨM TRA TƯ CÁCH ĐẠI BIỂU",
    "BÁO CÁO CHÍNH TRỊ",
    "BIÊN BẢN KIỂM PHIẾU",
    "KẾT QUẢ BẦU CỬ",
    "NGHỊ QUYẾT ĐẠI HỘI",
    "BÁO CÁO NHANH",
    "DANH MỤC TÀI LIỆU KÈM THEO",
]


@pytest.fixture
def quan_9(demo):
    """Quận 9's congress with an approved political report uploaded as a two-page PDF and a
    resolution uploaded as a DOCX."""
    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    report = documents.create_document(
        congress=congress, actor=None, kind=DocumentKind.POLITICAL_REPORT,
        title="Báo cáo chính trị khóa V",
    )  # fmt: skip
    pages = f"<p>{MARKER}</p><p style='break-before: page'>Trang hai</p>"
    documents.add_version(
        document=report, actor=None, file=pdf_upload("bao-cao.pdf", html_to_pdf(pages))
    )
    report.refresh_from_db()
    documents.approve_document(
        document=report, actor=None, expected_version=report.version,
        approved_on=datetime.date(2020, 7, 1), approval_number="120-QĐ/TU",
        approval_body="Ban Thường vụ Thành ủy",
    )  # fmt: skip
    # The demo's resolution (congress_day.demo, pasted text) gets a DOCX as its last version.
    resolution = CongressDocument.objects.filter(
        congress=congress, kind=DocumentKind.RESOLUTION
    ).first() or documents.create_document(
        congress=congress, actor=None, kind=DocumentKind.RESOLUTION, title="Nghị quyết Đại hội"
    )
    CongressDocument.objects.filter(pk=resolution.pk).update(approved_on=None)
    documents.add_version(document=resolution, actor=None, file=docx_upload("nghi-quyet.docx"))
    return congress


@pytest.fixture
def file_of(rendering):
    """The (unsaved) job of a congress's file, dated 01/08/2020."""

    def job(congress, language="vi"):
        return rendering.job(
            congress.organization,
            ReportKind.CONGRESS_FILE,
            language=language,
            congress=congress.pk,
            as_of=datetime.date(2020, 8, 1),
        )

    return job


def _pages(data):
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def _contents(first_page):
    with translation.override("vi"):
        titles = [str(title) for title in congress_file.TITLES]
    return [
        int(re.search(rf"{number} {re.escape(title)} (\d+)", first_page).group(1))
        for number, title in enumerate(titles, 1)
    ]


@pytest.mark.layout
def test_the_contents_point_at_each_part_and_the_pages_run_on(quan_9, file_of):
    pdf, _digest, _bundle = services.build_files(file_of(quan_9))
    pages = _pages(pdf)

    starts = _contents(pages[0])
    assert starts == sorted(starts)
    assert starts[0] == 2
    for page, first_words in zip(starts, STARTS, strict=True):
        assert first_words in pages[page - 1]
        assert first_words not in pages[page - 2]
    for number, text in enumerate(pages, 1):
        assert text.endswith(f"{number} / {len(pages)}")
    political = pages[starts[2] - 1 : starts[3] - 1]
    assert len(political) == 3  # its cover and the two pages uploaded
    assert MARKER in political[1]
    assert "Trang hai" in political[2]
    resolution = " ".join(pages[starts[5] - 1 : starts[6] - 1])
    assert "không phải PDF" in resolution
    assert "nghi-quyet.docx" in resolution
    attachments = " ".join(pages[starts[7] - 1 :])
    assert "Báo cáo chính trị khóa V" in attachments
    assert "Nghị quyết Đại hội" in attachments
    assert "đã ghép vào hồ sơ" in attachments
    assert "chỉ có trong tệp nén" in attachments


@pytest.mark.layout
def test_the_zip_holds_the_originals_and_their_sums(quan_9, file_of):
    _pdf, _digest, bundle = services.build_files(file_of(quan_9))

    with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
        names = [row["file"] for row in rows]
        assert names[0].startswith("01-political_report-v1-bao-cao")
        assert names[0].endswith(".pdf")
        assert names[1].startswith("02-resolution-v")
        assert "-nghi-quyet" in names[1]
        assert names[1].endswith(".docx")
        for row in rows:
            data = archive.read(row["file"])
            assert hashlib.sha256(data).hexdigest() == row["sha256"]
            assert len(data) == int(row["bytes"])
    assert archive.namelist()[-1] == "manifest.csv"


@pytest.mark.layout
def test_same_data_same_bytes(quan_9, file_of):
    first = services.build_files(file_of(quan_9))
    assert services.build_files(file_of(quan_9)) == first


def test_the_job_stores_both_files_reports_progress_and_downloads_the_zip(quan_9, client):
    user = UserFactory(scope=quan_9.organization, role="leader")
    client.force_login(user)
    job = ReportJob.objects.create(
        kind=ReportKind.CONGRESS_FILE, organization=quan_9.organization,
        parameters={"congress": quan_9.pk}, language="vi", requested_by=user,
    )  # fmt: skip
    services.render_report(job_id=job.pk)
    job.refresh_from_db()

    assert job.status == JobStatus.DONE
    assert job.progress.startswith("9/9 ·")
    assert default_storage.exists(job.file.name)
    row = client.get(reverse("reports:job-status", args=[job.pk])).content.decode()
    assert "?file=zip" in row
    download = client.get(reverse("reports:job-download", args=[job.pk]) + "?file=zip")
    assert download["Content-Disposition"].endswith('.zip"')
    data = b"".join(download.streaming_content)
    assert "manifest.csv" in zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_a_job_without_a_zip_has_none_to_download(quan_9, client):
    user = UserFactory(scope=quan_9.organization, role="leader")
    client.force_login(user)
    job = ReportJob.objects.create(
        kind=ReportKind.QUICK_REPORT, organization=quan_9.organization,
        parameters={"congress": quan_9.pk}, language="vi", requested_by=user,
    )  # fmt: skip
    services.render_report(job_id=job.pk)

    url = reverse("reports:job-download", args=[job.pk])
    assert client.get(url + "?file=zip").status_code == 404
    assert client.get(url).status_code == 200


@pytest.mark.layout
def test_the_command_writes_the_pdf_and_the_zip(quan_9, tmp_path):
    output = tmp_path / "q9.pdf"
    call_command(
        "render_report", "congress-file", "--org", quan_9.organization.code,
        "--congress", str(quan_9.pk), "--output", str(output), stdout=io.StringIO(),
    )  # fmt: skip
    assert output.read_bytes().startswith(b"%PDF-")
    assert zipfile.is_zipfile(tmp_path / "q9.zip")


@pytest.mark.layout
def test_the_demos_political_report_is_merged_into_the_file(demo, monkeypatch, file_of):
    """seed_demo's Quận 9 political report (reports.demo, 40 pages there, 3 here): an approved
    PDF merged page for page, rendered once and then read back from the storage."""
    from reports import demo as report_demo

    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    before = _pages(services.build_pdf(file_of(congress)))

    assert report_demo.build_demo_political_report(pages=3)
    assert not report_demo.build_demo_political_report(pages=3)  # once

    pages = _pages(services.build_pdf(file_of(congress)))
    assert len(pages) == len(before) + 3
    assert sum("Dữ liệu minh họa — trang" in page for page in pages) == 3
    report = CongressDocument.objects.get(congress=congress, kind=DocumentKind.POLITICAL_REPORT)
    assert report.approval_number == "2150-CV/TU"
    # Named by its symbol's kind (R-RP-11): an official letter, not "quyết định số".
    assert "phê duyệt, công văn số 2150-CV/TU ngày" in " ".join(pages)
    # The same bytes from the storage, without rendering again.
    monkeypatch.setattr("reports.rendering.html_to_pdf", None)
    assert report_demo.political_report_pdf(3) == report.versions.get().file.read()


@pytest.mark.layout
def test_an_english_file_has_its_contents_in_english(quan_9, file_of):
    job = file_of(quan_9, language="en")
    first = _pages(services.build_pdf(job))[0]

    # Was "HỒ SƠ ĐẠI HỘI", "Mục lục", "STT Văn kiện Trang" over the English titles.
    assert "CONGRESS FILE" in first
    assert "Table of contents" in first
    assert "No. Document Page 1 Programme of the congress 2" in first
    for label in ("HỒ SƠ ĐẠI HỘI", "Mục lục", "Văn kiện", "Trang"):
        assert label not in first
