"""HTML to PDF with WeasyPrint, using the fonts shipped in static/fonts.

Output is reproducible: the document dates come from the job (not the clock) and the PDF
identifier is derived from the HTML, so the same data renders byte-identical files.
"""

import hashlib
import os
import threading
from functools import cache
from pathlib import Path
from shutil import rmtree

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured

FONT_FILES = {
    "serif_regular": "fonts/LiberationSerif-Regular.ttf",
    "serif_bold": "fonts/LiberationSerif-Bold.ttf",
    "serif_italic": "fonts/LiberationSerif-Italic.ttf",
    "serif_bold_italic": "fonts/LiberationSerif-BoldItalic.ttf",
    "sans_regular": "fonts/LiberationSans-Regular.ttf",
    "sans_bold": "fonts/LiberationSans-Bold.ttf",
}


@cache
def font_urls():
    """file:// URLs of the shipped fonts, for @font-face rules in the PDF templates."""
    urls = {}
    for key, relative in FONT_FILES.items():
        found = finders.find(relative)
        if not found:
            raise ImproperlyConfigured(f"Font {relative} is missing from the static files.")
        urls[key] = Path(found).resolve().as_uri()
    return urls


_fonts = threading.local()


def font_config():
    """This thread's WeasyPrint FontConfiguration, made once and kept for every render of the
    process (issue 19's pages-per-second target). A new one per render (WeasyPrint's default)
    loads Fontconfig's configuration, copies the six @font-face fonts of the templates into a
    temporary folder and registers them, and starts Pango's font caches empty: about a quarter
    of a two-page report's WeasyPrint time. Kept, a face already added is skipped and the
    caches stay warm; the PDFs are byte-identical (tests/reports/test_rendering_cache.py).
    Per thread, as Pango's font map is not made for threads; made again after a fork, or
    when its temporary folder was cleaned away under a long-running worker."""
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_fonts, "config", None)
    folder = getattr(config, "_folder", None)
    forked = config is not None and getattr(_fonts, "pid", None) != os.getpid()
    if forked:
        # The parent's configuration and folder: dropping this copy must not delete the
        # folder the parent still renders with (FontConfiguration.__del__ removes its folder).
        config._folder = None
    if config is None or forked or (folder is not None and not folder.exists()):
        config = _fonts.config = FontConfiguration()
        _fonts.pid = os.getpid()
    return config


def release_font_config():
    """Remove this thread's kept font configuration and its temporary folder. Called when a
    worker process ends (reports.tasks: Celery's children end with os._exit, so the
    configuration's own clean-up never runs and its folder would be left in /tmp)."""
    config = getattr(_fonts, "config", None)
    if config is not None and getattr(_fonts, "pid", None) == os.getpid() and config._folder:
        rmtree(config._folder, ignore_errors=True)
        config._folder = None
    _fonts.config = None


def html_to_pdf(html):
    """Render `html` to PDF bytes. Imported lazily: WeasyPrint loads Pango on import."""
    from weasyprint import HTML

    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    document = HTML(string=html, base_url=str(settings.BASE_DIR / "static"))
    return document.write_pdf(pdf_identifier=identifier, font_config=font_config())
