"""The congress file (hồ sơ đại hội, R-RP-01; Hướng dẫn 62-HD/VPTW): one PDF with a table of
contents and continuous page numbers, and a zip of the original uploaded files with their
SHA-256 sums.

The parts, in order: the programme, the credentials report (their kinds' PDFs), the political
report (a cover, then its uploaded PDF merged; a DOCX is listed, not merged), the minutes of
every round, the results, the resolution (as the political report), the quick report and the
list of attachments, which the committee signs. Each part is rendered without page numbers
(`in_file`), the parts are counted, the contents rendered (again if they take another page
count) and everything merged with pypdf; the numbers "n / N" are stamped last. The same data
gives the same bytes: the parts are reproducible, the merge adds no date or random identifier
and the zip's entries carry the report's date.
"""

import csv
import datetime
import hashlib
import io
import zipfile
from contextlib import suppress

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError

from documents import selectors as documents
from documents.choices import DocumentKind
from documents.uploads import extension
from reports.choices import ReportKind
from reports.kinds import KINDS
from reports.kinds import congress_file as parts
from reports.kinds.common import document_date
from reports.kinds.congress_dossier import _congress
from reports.rendering import font_urls, html_to_pdf

PART = "reports/pdf/congress_file_part.html"
LIST = "reports/pdf/congress_file_list.html"
A4_WIDTH = 595.28
COPIED = ("organization", "language", "file_format", "created_at")
# The parts in the file's order (their builders: _part_builders).
TITLES = (
    gettext_lazy("Programme of the congress"),
    gettext_lazy("Credentials report"),
    gettext_lazy("Political report"),
    gettext_lazy("Minutes of the vote count"),
    gettext_lazy("Results of the elections"),
    gettext_lazy("Resolution of the congress"),
    gettext_lazy("Quick report"),
    gettext_lazy("List of attachments"),
)
# Blank A4 pages numbered where the reports number theirs, stamped over the merged file.
NUMBERS_HTML = (
    '<html><head><style>@font-face {{ font-family: "Liberation Serif"; src: url("{font}"); }}'
    "@page {{ size: A4; margin: 20mm 15mm 20mm 30mm; @{position} {{ content: counter(page) "
    '" / " counter(pages); font: 10pt "Liberation Serif"; }} }} div {{ break-after: page; }}'
    " div:last-child {{ break-after: auto; }}</style></head><body>{pages}</body></html>"
)


def _in_file(job, kind):
    """An unsaved job for one part, as `job` but of `kind` and without page numbers."""
    from reports.models import ReportJob

    same = {name: getattr(job, name) for name in COPIED}
    return ReportJob(kind=kind, parameters={**job.parameters, "in_file": True}, **same)


def _read(version):
    with version.file.open("rb") as stored:
        return stored.read()


def _attachment(number, version):
    data = _read(version)
    name = f"{number:02d}-{version.document.kind}-v{version.number}-{version.file_name}"
    digest = hashlib.sha256(data).hexdigest()
    return parts.Attachment(version.document, version, name, data, digest)


def _attachments(congress):
    """The latest version of each document of `congress` that has a file, numbered."""
    uploaded = [version for version in documents.latest_versions(congress) if version.file]
    return [_attachment(number, version) for number, version in enumerate(uploaded, 1)]


def _pdf_of(attachment):
    """The attachment's pages as a reader, or None when it is not a readable PDF."""
    with suppress(PdfReadError, ValueError, KeyError):
        reader = PdfReader(io.BytesIO(attachment.data))
        if extension(attachment.name) == "pdf" and not reader.is_encrypted and len(reader.pages):
            return reader
    return None


def _document_part(job, render_part, kind, title, attachments):
    """The cover of the congress's document of `kind` and, when it is a PDF, its pages."""
    versions = [v for v in documents.latest_versions(job.congress) if v.document.kind == kind]
    version = versions[0] if versions else None
    attachment = next((a for a in attachments if version and a.version.pk == version.pk), None)
    reader = _pdf_of(attachment) if attachment else None
    if attachment is not None:
        attachment.merged = reader is not None
    cover = render_part(job.part, PART, parts.document_context(title, version, attachment))
    return [cover, reader] if reader is not None else [cover]


def _part_builders(job, render_kind, render_part, attachments):
    """One function per part, in the file's order, each giving its PDFs."""

    def kind(value):
        return lambda title: [render_kind(_in_file(job, value))]

    def document(value):
        return lambda title: _document_part(job, render_part, value, title, attachments)

    return [
        kind(ReportKind.CONGRESS_PROGRAMME),
        kind(ReportKind.CREDENTIALS_REPORT),
        document(DocumentKind.POLITICAL_REPORT),
        lambda title: [render_part(job.part, PART, parts.minutes_context(job, title))],
        lambda title: [render_part(job.part, PART, parts.results_context(job, title))],
        document(DocumentKind.RESOLUTION),
        kind(ReportKind.QUICK_REPORT),
        lambda title: [render_part(job.part, LIST, parts.attachments_context(title, attachments))],
    ]


def _reader(piece):
    return piece if isinstance(piece, PdfReader) else PdfReader(io.BytesIO(piece))


def _contents(job, render_part, titles, counts):
    """The cover with the contents, rendered until its own page count is stable."""
    pages = 1
    for _attempt in range(3):
        starts, page = [], pages + 1
        for count in counts:
            starts.append(page)
            page += count
        entries = list(zip(titles, starts, strict=True))
        cover = render_part(job.part, PART, parts.contents_context(job, entries))
        reader = _reader(cover)
        if len(reader.pages) == pages:
            break
        pages = len(reader.pages)
    return reader, starts


def _numbers(total):
    """A PDF of `total` blank A4 pages numbered "n / total" where the reports number theirs."""
    from django.conf import settings

    font, position = font_urls()["serif_regular"], settings.REPORT_PAGE_NUMBER_POSITION
    html = NUMBERS_HTML.format(font=font, position=position, pages="<div>&#8203;</div>" * total)
    return PdfReader(io.BytesIO(html_to_pdf(html)))


def _stamp_numbers(writer):
    """Number the merged pages "n / N", centred on pages of another width than A4."""
    for page, number in zip(writer.pages, _numbers(len(writer.pages)).pages, strict=True):
        shift = (float(page.mediabox.width) - A4_WIDTH) / 2
        page.merge_transformed_page(number, Transformation().translate(shift, 0))


def _merge(pieces, outline, as_of):
    """One PDF of `pieces`, numbered, a bookmark per part, dated the report's date only."""
    writer = PdfWriter()
    for piece in pieces:
        writer.append(_reader(piece))
    _stamp_numbers(writer)
    for title, start in outline:
        writer.add_outline_item(title=title, page_number=start - 1)
    stamp = f"D:{as_of:%Y%m%d}000000"
    writer.add_metadata({"/Producer": "congress_admin", "/CreationDate": stamp, "/ModDate": stamp})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _manifest(attachments):
    """manifest.csv: each file's name in the zip, its size and its SHA-256."""
    text = io.StringIO()
    rows = csv.writer(text, lineterminator="\n")
    rows.writerow(["file", "bytes", "sha256"])
    rows.writerows([a.name, len(a.data), a.sha256] for a in attachments)
    return text.getvalue().encode()


def _zip(attachments, as_of):
    """The original files and manifest.csv, every entry dated the report's date."""
    stamp = max(as_of, datetime.date(1980, 1, 1)).timetuple()[:6]
    entries = [*((a.name, a.data) for a in attachments), ("manifest.csv", _manifest(attachments))]
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name, stamp), data)
    return output.getvalue()


def _render_parts(job, titled_builders, progress):
    """Each part's PDFs (as readers), in order, the job's progress noted after each."""
    rendered = []
    for number, (title, build) in enumerate(titled_builders, 1):
        with translation.override(job.language):
            rendered.append([_reader(piece) for piece in build(title)])
        progress(number, len(TITLES) + 1, title)
    return rendered


def assemble(job, *, render_kind, render_part, progress):
    """(pdf, fingerprint, zip) of the congress file of `job`; `progress(done, total, label)`
    after each part."""
    job.congress = _congress(job)
    job.part = _in_file(job, job.kind)
    # The file's own date (the congress's): the same file whichever day it is made.
    as_of = document_date(job, KINDS[job.kind])
    attachments = _attachments(job.congress)
    with translation.override(job.language):
        titles = [str(title) for title in TITLES]
    builders = _part_builders(job, render_kind, render_part, attachments)
    rendered = _render_parts(job, zip(titles, builders, strict=True), progress)
    counts = [sum(len(reader.pages) for reader in readers) for readers in rendered]
    with translation.override(job.language):  # the cover's title and headings
        cover, starts = _contents(job, render_part, titles, counts)
    pieces = [cover, *(reader for readers in rendered for reader in readers)]
    pdf = _merge(pieces, zip(titles, starts, strict=True), as_of)
    bundle = _zip(attachments, as_of)
    with translation.override(job.language):
        progress(len(titles) + 1, len(titles) + 1, _("Table of contents"))
    digest = hashlib.sha256(pdf + bundle).hexdigest()
    return pdf, digest, bundle
