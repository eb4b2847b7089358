"""Text normalization at the input boundary: NFC, no zero-width characters, single spaces."""

import functools
import re
import unicodedata

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"\s+")


def normalize_text(value):
    """NFC, zero-width characters removed, runs of whitespace (NBSP included) as one space."""
    if value is None:
        return value
    value = unicodedata.normalize("NFC", str(value)).translate(_ZERO_WIDTH)
    return _SPACES.sub(" ", value).strip()


def search_key(value):
    """Accent-free, case-free key: "Nguyễn Thị Hòa", "Nguyen Thi Hoa" and "nguyễn thị hoà" agree.

    NFC alone does not unify old and new tone placement ("Hòa"/"Hoà"); dropping every mark
    does. Used for searching and to flag possible duplicates, never to merge people.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", normalize_text(value))
    bare = decomposed.translate(_combining_marks())
    return bare.replace("đ", "d").replace("Đ", "D").casefold()


@functools.cache
def _combining_marks():
    """A str.translate table dropping every combining character (unicodedata.combining not 0):
    built once, it does in C what a loop over each character of each name did in Python."""
    return {point: None for point in range(_MARKS_END) if unicodedata.combining(chr(point))}


# Combining characters lie in the first two planes (the last, U+1E94A, in Unicode 15); the
# planes above hold ideographs, tags and private use, none combining.
_MARKS_END = 0x20000


# Characters refused in text typed into a form or read from a spreadsheet, never removed
# silently: control characters (Unicode category Cc; tab, line feed and carriage return are
# allowed where text may hold several lines), the bidi controls that make text display
# otherwise than it is stored ("Trojan source": U+202A-U+202E, U+2066-U+2069, U+200E, U+200F,
# U+061C), and U+FFFD, which is what bytes that are not UTF-8 become when Django decodes a
# request.
_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_UNSAFE_MULTILINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}\ufffd]")
_UNSAFE_SINGLE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}\ufffd]")
_BIDI_CHARACTER = re.compile(f"[{_BIDI}]")


def unsafe_character(value, *, multiline=False):
    """(character, what) for the first character `value` may not hold, or None; `what` is
    "bidi", "invalid" (U+FFFD) or "control". Tab, line feed and carriage return pass when
    `multiline`."""
    found = (_UNSAFE_MULTILINE if multiline else _UNSAFE_SINGLE_LINE).search(value)
    if found is None:
        return None
    char = found.group()
    if _BIDI_CHARACTER.match(char):
        return char, "bidi"
    return char, "invalid" if char == "\ufffd" else "control"


def unsafe_text_message(value, *, label, multiline=False):
    """The translated refusal of `value` for the field or column `label`, or None."""
    found = unsafe_character(value, multiline=multiline)
    if found is None:
        return None
    char, what = found
    params = {"field": capfirst(label), "code": f"U+{ord(char):04X}"}
    if what == "bidi":
        message = _(
            "%(field)s holds a text-direction control character (%(code)s), which is not "
            "allowed: it makes text display otherwise than it is stored."
        )
    elif what == "invalid":
        message = _(
            "%(field)s holds an invalid character (%(code)s): the text was not sent as valid "
            "UTF-8. Type it again."
        )
    else:
        message = _("%(field)s holds a control character (%(code)s), which is not allowed.")
    return message % params


def normalize_texts(values):
    """normalize_text of each of `values` (strings that unsafe_character passed), the whole
    column in a few C calls: a city's 450,000 names are not 450,000 calls of each step.
    NFC and the zero-width removal act within each value when they are joined by U+0000 (a
    starter that composes with nothing, and a control character no checked value holds)."""
    joined = unicodedata.normalize("NFC", "\x00".join(values)).translate(_ZERO_WIDTH)
    spaces = _SPACES.sub
    return [spaces(" ", value).strip() for value in joined.split("\x00")] if values else []


def search_keys(values):
    """search_key of each of `values` (texts normalize_text already cleaned), the column at once
    (as normalize_texts: decomposing, dropping marks and case folding act per character)."""
    if not values:
        return []
    joined = unicodedata.normalize("NFD", "\x00".join(values)).translate(_combining_marks())
    return joined.replace("đ", "d").replace("Đ", "D").casefold().split("\x00")


def data_name(name, name_en):
    """A name kept in the data with its English name (an organization kind's, a classification
    period's regulation and exemplary title): the English one when the active language is not
    Vietnamese and there is one, else the Vietnamese name. The reports and the pages use it."""
    language = translation.get_language() or "vi"
    return name if language.startswith("vi") or not name_en else name_en
