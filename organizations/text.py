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
