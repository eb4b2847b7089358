"""HTML to PDF with WeasyPrint, using the fonts shipped in static/fonts.

Output is reproducible: the document dates come from the job (not the clock) and the PDF
identifier is derived from the HTML, so the same data renders byte-identical files.
"""

import hashlib
from functools import cache
from pathlib import Path

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


def html_to_pdf(html):
    """Render `html` to PDF bytes. Imported lazily: WeasyPrint loads Pango on import."""
    from weasyprint import HTML

    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    document = HTML(string=html, base_url=str(settings.BASE_DIR / "static"))
    return document.write_pdf(pdf_identifier=identifier)
