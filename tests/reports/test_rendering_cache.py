"""The FontConfiguration kept per process (reports.rendering.font_config, issue 19's
pages-per-second target): the same bytes as WeasyPrint's fresh configuration per render, one
configuration reused, another made when its fonts' folder is gone or in another thread."""

import hashlib
import shutil
import threading

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reports import rendering
from reports.choices import FileFormat, ReportKind
from reports.kinds import KINDS, build_context
from reports.models import ReportJob
from reports.rendering import font_config, html_to_pdf
from reports.services import _full_context
from tests.pdf import embedded_fonts, pdf_text


@pytest.fixture
def html(tree):
    """The HTML of a test report of Tây Hồ, as the worker renders it."""
    job = ReportJob(
        kind=ReportKind.TEST,
        organization=tree["tay_ho"],
        parameters={},
        language="vi",
        file_format=FileFormat.PDF,
        created_at=timezone.now(),
    )
    with translation.override("vi"):
        context = _full_context(job, build_context(job))
        return render_to_string(KINDS[job.kind].template, context)


def _fresh(html):
    """WeasyPrint's default: a new font configuration for the render."""
    from weasyprint import HTML

    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    document = HTML(string=html, base_url=str(settings.BASE_DIR / "static"))
    return document.write_pdf(pdf_identifier=identifier)


def test_a_kept_configuration_writes_the_same_bytes_as_a_fresh_one(html):
    first, second = html_to_pdf(html), html_to_pdf(html)

    assert first == second == _fresh(html)
    assert "Tây Hồ" in pdf_text(first)
    assert {"Liberation-Serif", "Liberation-Serif-Bold"} <= embedded_fonts(first)


def test_the_configuration_is_kept_and_made_again_when_its_folder_is_gone(html):
    kept = font_config()
    html_to_pdf(html)  # its fonts copied into its temporary folder
    assert font_config() is kept

    shutil.rmtree(kept._folder)  # a long-running worker's /tmp cleaned

    again = font_config()
    assert again is not kept
    assert pdf_text(html_to_pdf(html)) == pdf_text(_fresh(html))


def test_each_thread_has_its_own_configuration(db):
    seen = []
    thread = threading.Thread(target=lambda: seen.append(font_config()))
    thread.start()
    thread.join()

    assert seen[0] is not font_config()
    assert rendering._fonts.config is font_config()


def test_a_forked_child_leaves_its_parents_fonts_alone_and_removes_its_own(html):
    import os

    html_to_pdf(html)
    parents = font_config()._folder
    assert parents.exists()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child, as a worker process: render, then end as Celery's children do
        try:
            mine = font_config()
            os.write(write, str(mine._folder or "").encode() + b"\n")
            mine._folder = mine._folder or None
            rendering.release_font_config()
        finally:
            os._exit(0)
    os.close(write)
    childs = os.read(read, 4096).decode().strip()
    os.close(read)
    os.waitpid(pid, 0)

    # Was: the child dropped its inherited copy, whose clean-up deleted the parent's folder.
    assert parents.exists()
    assert font_config()._folder == parents
    assert childs != str(parents)
    if childs:  # made only once a font is added; released either way
        assert not os.path.exists(childs)
