"""What an .xlsx holds, counted before it is parsed (issue 21, item 5; issue 20).

The zip checks of spreadsheets.check_archive bound the bytes; a workbook within them can still
hold millions of cells or shared strings, which openpyxl takes seconds and hundreds of
megabytes to read (a 3.7 MB file: 17.6 s, the worker from 165 to 512 MB). This module
inflates every XML part in chunks and counts the tags that cost: rows and cells of the sheets,
entries of the shared strings table, and the size of that table, refusing as soon as one
passes its limit (settings IMPORT_MAX_SHEET_ROWS, IMPORT_MAX_CELLS, IMPORT_MAX_SHARED_STRINGS,
IMPORT_MAX_SHARED_STRINGS_BYTES). No XML is parsed: a tag is `<` and a name, which text and
attribute values cannot contain unescaped, so the counts never fall short; the parts are
found by what they hold, not by their names, which the workbook's relations may change.

The same pass refuses any document type declaration (XML entities: the billion laughs) and
notes the formula and error cells, which the fast reader does not tell apart from values.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

CHUNK = 1024 * 1024
_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_ROW = re.compile(_PREFIX + rb"row[\s/>]")
_CELL = re.compile(_PREFIX + rb"c[\s/>]")
_SHARED_STRING = re.compile(_PREFIX + rb"si[\s/>]")
_SHARED_TABLE = re.compile(_PREFIX + rb"sst[\s/>]")


def _chunks(archive, entry):
    """The inflated part in pieces that each end before a `<`, so no tag is cut in two."""
    carry = b""
    with archive.open(entry) as part:
        while block := part.read(CHUNK):
            block = carry + block
            cut = block.rfind(b"<")
            if cut <= 0:
                carry, block = b"", block
            else:
                carry, block = block[cut:], block[:cut]
            yield block
    if carry:
        yield carry


# An XML document type declaration (where entities are declared): no part of a workbook has one.
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# A cell's start tag, a formula's start tag, a value's start tag and text (in document order).
_CELL_PARTS = re.compile(_PREFIX + rb"(c|f)(?=[\s/>])([^>]*)>|" + _PREFIX + rb"v>([^<]*)")
_FORMULA_OR_ERROR = re.compile(_PREFIX + rb"f[\s/>]|\bt\s*=\s*[\"']e[\"']")
# What a match of _FORMULA_OR_ERROR holds for certain: a block with none of these has none
# (the expression's word boundary makes it test every byte: the slowest part of the scan).
_FORMULA_OR_ERROR_HINTS = (b"<f", b":f", b'"e"', b"'e'", b"\"e'", b"'e\"")

_REFERENCE = re.compile(rb"""\br\s*=\s*["']([A-Z]{1,3})([0-9]{1,7})["']""")
_ERROR_TYPE = re.compile(rb"""\bt\s*=\s*["']e["']""")
# Formula and error cells noted per part; past this many the first ones suffice to report.
MAX_MARKS = 1000


def _formula_or_error(block):
    """Whether `block` holds a formula or an error cell (_FORMULA_OR_ERROR)."""
    if not any(hint in block for hint in _FORMULA_OR_ERROR_HINTS):
        return False
    return bool(_FORMULA_OR_ERROR.search(block))


@dataclass
class Scan:
    """What the scan found: the reason to refuse the file, or the marked cells by part.

    `marks[part][(row, column)]` is ("f", None) for a formula, ("e", "#N/A") for an error
    value; rows count from 1, columns from 0. The fast reader (calamine) reads only the values
    the workbook stored, so formula and error cells are found here."""

    problem: str | None = None
    marks: dict = field(default_factory=dict)
    entities: bool = False
    rows: int = 0  # row tags of all parts counted (all sheets, headers and empty rows too)


def _column_index(letters):
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


def _mark_cells(block, state, marks):
    for match in _CELL_PARTS.finditer(block):
        tag, attributes, value = match.group(1), match.group(2), match.group(3)
        if tag == b"c":
            reference = _REFERENCE.search(attributes)
            state["cell"] = (
                (int(reference.group(2)), _column_index(reference.group(1))) if reference else None
            )
            state["error"] = bool(_ERROR_TYPE.search(attributes))
        elif state.get("cell") is None or len(marks) >= MAX_MARKS:
            continue
        elif tag == b"f":
            marks[state["cell"]] = ("f", None)
        elif value is not None and state.get("error"):
            marks.setdefault(state["cell"], ("e", value.decode("utf-8", "replace")))


def scan(data, *, on_progress=None):
    """Count what the .xlsx `data` holds before it is parsed; a Scan.

    `data` has passed check_archive (a zip whose declared sizes are bounded).
    `on_progress(checked, total)`, if given, hears the bytes of XML scanned so far of the
    total to scan (the parts' declared sizes): at the start, at least every PROGRESS_BYTES
    (a city's 450,000 rows are some 100 MB of XML, about 5 s), and at the end."""
    result = Scan()
    result.problem = _scan(data, result, _ByteProgress(on_progress))
    return result


# Bytes of XML scanned between two calls of scan's on_progress.
PROGRESS_BYTES = 8 * CHUNK


class _ByteProgress:
    """scan's on_progress, told every PROGRESS_BYTES bytes (or nothing without one)."""

    def __init__(self, on_progress):
        self.on_progress = on_progress
        self.total = self.checked = self.told = 0

    def start(self, total):
        self.total = total
        if self.on_progress:
            self.on_progress(0, total)

    def add(self, size):
        self.checked += size
        if self.on_progress and self.checked - self.told >= PROGRESS_BYTES:
            self.told = self.checked
            self.on_progress(self.checked, self.total)

    def end(self):
        if self.on_progress:
            self.on_progress(self.total, self.total)


def content_problem(data):
    """The translated reason to refuse the .xlsx `data` before parsing it, or None."""
    return scan(data).problem


def _scanned(entry):
    return not entry.is_dir() and entry.filename.lower().endswith((".xml", ".rels"))


def _scan(data, result, progress):
    limits = {
        "rows": settings.IMPORT_MAX_SHEET_ROWS,
        "cells": settings.IMPORT_MAX_CELLS,
        "shared": settings.IMPORT_MAX_SHARED_STRINGS,
    }
    counts = dict.fromkeys(limits, 0)
    shared_bytes = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = [entry for entry in archive.infolist() if _scanned(entry)]
        progress.start(sum(entry.file_size for entry in entries))
        for entry in entries:
            first, marked = True, False
            for block in _chunks(archive, entry):
                progress.add(len(block))
                if _DOCTYPE.search(block):
                    result.entities = True
                    return _(
                        "The file contains XML entity declarations, which are not allowed; "
                        "it was refused."
                    )
                if first and _SHARED_TABLE.search(block):
                    shared_bytes += entry.file_size
                    if shared_bytes > settings.IMPORT_MAX_SHARED_STRINGS_BYTES:
                        return _(
                            "The file's table of shared text is larger than %(limit)s; "
                            "it was refused."
                        ) % {"limit": filesizeformat(settings.IMPORT_MAX_SHARED_STRINGS_BYTES)}
                first = False
                counts["rows"] += len(_ROW.findall(block))
                result.rows = counts["rows"]
                counts["cells"] += len(_CELL.findall(block))
                counts["shared"] += len(_SHARED_STRING.findall(block))
                marked = marked or _formula_or_error(block)
                if counts["rows"] > limits["rows"]:
                    return _("The file has more than %(limit)s rows in its sheets; split it.") % {
                        "limit": limits["rows"]
                    }
                if counts["cells"] > limits["cells"]:
                    return _(
                        "The file has more than %(limit)s cells in its sheets; split it or "
                        "delete the columns the import does not read."
                    ) % {"limit": limits["cells"]}
                if counts["shared"] > limits["shared"]:
                    return _(
                        "The file's table of shared text has more than %(limit)s entries; "
                        "it was refused."
                    ) % {"limit": limits["shared"]}
            if marked:  # a second pass, in Python, only over a part with such cells
                state, marks = {}, {}
                for block in _chunks(archive, entry):
                    _mark_cells(block, state, marks)
                result.marks[entry.filename] = marks
    progress.end()
    return None
