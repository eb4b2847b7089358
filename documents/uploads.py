"""Checks on uploaded documents: the extension, the first bytes and the size must agree."""

import posixpath
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
ALLOWED_EXTENSIONS = ("pdf", "docx")


def extension(name):
    return posixpath.splitext(name or "")[1].lower().lstrip(".")


def _is_pdf(uploaded):
    uploaded.seek(0)
    return uploaded.read(5) == b"%PDF-"


def _is_docx(uploaded):
    # Only the zip's central directory is read: no entry is unpacked.
    uploaded.seek(0)
    if uploaded.read(4) != b"PK\x03\x04":
        return False
    uploaded.seek(0)
    try:
        with zipfile.ZipFile(uploaded) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def check_document_file(uploaded):
    """Refuse anything but a PDF or DOCX of at most 20 MB whose content matches its name.

    Raises ValidationError with the reason; leaves the file positioned at its start.
    """
    kind = extension(uploaded.name)
    if kind not in ALLOWED_EXTENSIONS:
        raise ValidationError(_("Only PDF or DOCX files can be uploaded."), code="extension")
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_UPLOAD_MB}, code="size"
        )
    matches = _is_pdf(uploaded) if kind == "pdf" else _is_docx(uploaded)
    uploaded.seek(0)
    if not matches:
        raise ValidationError(
            _("The content of the file is not a %(kind)s document.") % {"kind": kind.upper()},
            code="content",
        )
