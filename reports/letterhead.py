"""The party-document letterhead derived from the tree: the issuing committee, its document
number suffix and the place name ("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI / QUẬN ỦY TÂY HỒ", "Số …-BC/QU",
"Tây Hồ, ngày 20 tháng 02 năm 2020").

Committee names follow the organization's name: "Đảng bộ quận Tây Hồ" is led by the "Quận ủy
Tây Hồ", "Đảng bộ thành phố Hà Nội" by the "Thành ủy Hà Nội", "Đảng bộ phường Xuân La" by the
"Đảng ủy phường Xuân La"; a cell issues in its own name. Where the official name differs
("Thành ủy Thành phố Hồ Chí Minh"), the organization's `committee_name` holds it.

A letterhead line never wraps inside a proper name (R-RP-10): each line is measured with the
shipped font and shrunk to fit the issuer's column, down to REPORT_LETTERHEAD_MIN_FONT_PT;
a longer line is broken once, between the body ("ĐẢNG BỘ", "THÀNH ỦY") and its name.
"""

import math
import re
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders

from organizations import selectors as organizations

# (prefix of the organization's name, committee's name prefix, document number suffix)
COMMITTEES = (
    ("Đảng bộ thành phố ", "Thành ủy ", "TU"),
    ("Đảng bộ tỉnh ", "Tỉnh ủy ", "TU"),
    ("Đảng bộ quận ", "Quận ủy ", "QU"),
    ("Đảng bộ huyện ", "Huyện ủy ", "HU"),
    ("Đảng bộ thị xã ", "Thị ủy ", "TU"),
)
# "Đảng bộ Quận 9": the district's number is part of its name.
NUMBERED_DISTRICT = re.compile(r"^Đảng bộ (Quận \d+)$", re.IGNORECASE)


# "phường Xuân La" → "Xuân La": the place of a document omits the kind of unit.
UNIT_WORDS = re.compile(r"^(phường|xã|thị trấn|quận|huyện|tỉnh|thành phố)\s+(?=\D)")


def _place(text):
    return UNIT_WORDS.sub("", text)


# "Thành ủy Thành phố Hồ Chí Minh" → "Thành phố Hồ Chí Minh": the body's word before the place.
COMMITTEE_WORDS = re.compile(r"^(thành ủy|tỉnh ủy|quận ủy|huyện ủy|thị ủy|đảng ủy)\s+", re.I)


# A place longer than this is left breakable: unbroken it would overflow the recipients' column.
UNBROKEN_PLACE_CHARACTERS = 30


def unbroken_place(committee):
    """`committee` ("Thành ủy Thành phố Hồ Chí Minh") with its place's words joined by
    non-breaking spaces: a line naming it (a recipient) may break after the body's word, never
    inside the place's name ("Thành phố Hồ Chí / Minh"). A name without a body's word, or with
    a place too long for a line, is left as it is."""
    match = COMMITTEE_WORDS.match(committee)
    place = committee[match.end() :] if match else ""
    if not place or len(place) > UNBROKEN_PLACE_CHARACTERS:
        return committee
    return committee[: match.end()] + "\u00a0".join(place.split())


def committee_of(organization):
    """(committee name, document suffix, place) of `organization`; the committee's official
    name from the data when it is set. The place keeps the unit word the official name gives
    it: "Thành ủy Thành phố Hồ Chí Minh" → "Thành phố Hồ Chí Minh" (R-RP-10: a unit named after
    a person keeps its unit word); an official name that does not end with the place
    ("Quận ủy Quận 10 (cũ)") leaves the derived place."""
    name, suffix, place = _derived_committee(organization)
    official = " ".join(organization.committee_name.split())
    named = COMMITTEE_WORDS.sub("", official) if COMMITTEE_WORDS.match(official) else ""
    if place and named.endswith(place):
        place = named
    return official or name, suffix, place


def _derived_committee(organization):
    name = organization.name
    match = NUMBERED_DISTRICT.match(name)
    if match:
        return f"Quận ủy {match.group(1)}", "QU", match.group(1)
    for prefix, committee, suffix in COMMITTEES:
        if name.lower().startswith(prefix.lower()):
            place = name[len(prefix) :]
            return committee + place, suffix, place
    if name.lower().startswith("đảng bộ "):
        rest = name[len("Đảng bộ ") :]
        return "Đảng ủy " + rest, "ĐU", _place(rest)
    if name.lower().startswith("chi bộ "):
        return name, "CB", name[len("Chi bộ ") :]
    return name, "", name


# The issuer's column: 45 % of the A4 text width (210 mm − 30 mm − 15 mm), in points.
ISSUER_WIDTH_PT = 0.45 * (210 - 45) / 25.4 * 72
LETTERHEAD_FONT_PT = 13
# The words a body's name starts with, in capitals: a long line breaks after them.
BODY_WORDS = re.compile(
    r"^(ĐẢNG BỘ|CHI BỘ|ĐẢNG ỦY|THÀNH ỦY|TỈNH ỦY|QUẬN ỦY|HUYỆN ỦY|THỊ ỦY|BAN [^ ]+ [^ ]+) (.+)$"
)
# The blank left for the number, written by hand once the document is registered: non-breaking
# spaces, which neither HTML nor the PDF collapse.
NUMBER_BLANK = "\u00a0" * 8


@cache
def _font(bold):
    from fontTools.ttLib import TTFont

    path = finders.find(
        "fonts/LiberationSerif-Bold.ttf" if bold else "fonts/LiberationSerif-Regular.ttf"
    )
    font = TTFont(path)
    return font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm


def text_width(text, size, *, bold=False):
    """The width in points of `text` set in Liberation Serif at `size` points."""
    cmap, metrics, units = _font(bold)
    advance = sum(metrics[cmap.get(ord(char), ".notdef")][0] for char in text)
    return advance * size / units


def fit_line(text, *, bold=False, width=ISSUER_WIDTH_PT):
    """The line as one or two unbreakable pieces with their font size: shrunk to fit, else
    broken between the body and its name (each piece then shrunk as needed)."""
    minimum = settings.REPORT_LETTERHEAD_MIN_FONT_PT

    def size_of(piece):
        size = min(LETTERHEAD_FONT_PT, width / text_width(piece, 1, bold=bold))
        return math.floor(size * 4) / 4 - 0.25 if size < LETTERHEAD_FONT_PT else LETTERHEAD_FONT_PT

    size = size_of(text)
    match = BODY_WORDS.match(text)
    if size >= minimum or not match:
        return [{"text": text, "size": max(size, 1)}]
    return [{"text": piece, "size": size_of(piece)} for piece in match.groups()]


# The party heading's column, where the place and date are set: the other 55 %.
PARTY_WIDTH_PT = 0.55 * (210 - 45) / 25.4 * 72


def place_date_size(text):
    """The font size of the place-and-date line, shrunk so that it holds on one line of the
    party heading's column ("Thành phố Hồ Chí Minh, ngày 03 tháng 12 năm 2026")."""
    return fit_line(text, width=PARTY_WIDTH_PT)[0]["size"] if text else LETTERHEAD_FONT_PT


def issuing_layout(lines):
    """The issuing lines as laid out: each line's unbreakable pieces, the last one bold."""
    return [
        {"pieces": fit_line(line, bold=number == len(lines) - 1), "last": number == len(lines) - 1}
        for number, line in enumerate(lines)
    ]


def document_number(kind_code, suffix):
    """ "      -BC/QU": the blank for the number, then the type and the issuer's symbol."""
    return f"{NUMBER_BLANK}-{kind_code}/{suffix}" if suffix and kind_code else ""


def letterhead(organization, *, kind_code="BC"):
    """The letterhead's lines, the document number pattern and the place of `organization`."""
    parent = organizations.parent_of(organization)
    committee, suffix, place = committee_of(organization)
    lines = [parent.name.upper()] if parent else []
    lines.append(committee.upper())
    return {
        "issuing_lines": lines,
        "document_number": document_number(kind_code, suffix),
        "document_suffix": suffix,
        "committee": committee,
        "place": place,
    }
