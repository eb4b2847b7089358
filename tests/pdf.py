"""Reading PDFs in tests: text as a reader would copy it, and the fonts embedded."""

import io
import unicodedata

from pypdf import PdfReader


def pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", text)


def embedded_fonts(data):
    reader = PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            if descriptor is not None and (
                "/FontFile2" in descriptor.get_object() or "/FontFile" in descriptor.get_object()
            ):
                names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


def page_lines(data):
    """Per page, its lines of text from the top down as (height from the page's bottom in
    points, text): where each line is set, to check what shares a page with what."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        pieces = {}

        def visit(text, cm, tm, font, size, pieces=pieces):
            if text.strip():
                # The text matrix's position in the current transformation (pypdf's matrices).
                y = round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 1)
                pieces.setdefault(y, []).append(unicodedata.normalize("NFC", text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append([(y, " ".join(pieces[y])) for y in sorted(pieces, reverse=True)])
    return pages


def flat(text):
    """PDF text with every run of white space as one space: table cells and paragraphs wrap."""
    return " ".join(text.split())
