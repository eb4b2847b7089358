"""What an .xlsx holds, counted before openpyxl parses it (issue 21, item 5).

The zip checks of spreadsheets.check_archive bound the bytes; a workbook within them can still
hold millions of cells or shared strings, which openpyxl takes seconds and hundreds of
megabytes to read (a 3.7 MB file: 17.6 s, the worker from 165 to 512 MB). This module
inflates every XML part in chunks and counts the tags that cost: rows and cells of the sheets,
entries of the shared strings table, and the size of that table, refusing as soon as one
passes its limit (settings IMPORT_MAX_SHEET_ROWS, IMPORT_MAX_CELLS, IMPORT_MAX_SHARED_STRINGS,
IMPORT_MAX_SHARED_STRINGS_BYTES). No XML is parsed: a tag is `<` and a name, which text and
attribute values cannot contain unescaped, so the counts never fall short; the parts are
found by what they hold, not by their names, which the workbook's relations may change.
"""

import io
import re
import zipfile

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


def content_problem(data):
    """The translated reason to refuse the .xlsx `data` before parsing it, or None.

    `data` has passed check_archive (a zip whose declared sizes are bounded)."""
    limits = {
        "rows": settings.IMPORT_MAX_SHEET_ROWS,
        "cells": settings.IMPORT_MAX_CELLS,
        "shared": settings.IMPORT_MAX_SHARED_STRINGS,
    }
    counts = dict.fromkeys(limits, 0)
    shared_bytes = 0
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for entry in archive.infolist():
            if entry.is_dir() or not entry.filename.lower().endswith((".xml", ".rels")):
                continue
            first = True
            for block in _chunks(archive, entry):
                if first and _SHARED_TABLE.search(block):
                    shared_bytes += entry.file_size
                    if shared_bytes > settings.IMPORT_MAX_SHARED_STRINGS_BYTES:
                        return _(
                            "The file's table of shared text is larger than %(limit)s; "
                            "it was refused."
                        ) % {"limit": filesizeformat(settings.IMPORT_MAX_SHARED_STRINGS_BYTES)}
                first = False
                counts["rows"] += len(_ROW.findall(block))
                counts["cells"] += len(_CELL.findall(block))
                counts["shared"] += len(_SHARED_STRING.findall(block))
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
    return None
