"""Text normalization at the input boundary: NFC, no zero-width characters, single spaces."""

import re
import unicodedata

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
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.replace("đ", "d").replace("Đ", "D").casefold()
