"""Workbooks whose bytes depend on their data only: the same data gives the same file.

openpyxl stamps the document properties and every zip entry with the clock; these helpers write
a workbook with fixed properties and fixed zip timestamps instead. Used by the members' export,
the schedule grid and the reports' Excel tables.
"""

import datetime
import io
import os
import shutil
import zipfile

from openpyxl.writer.excel import ExcelWriter

# The timestamp of the document properties and of every zip entry: the earliest a zip holds.
FIXED_MOMENT = datetime.datetime(1980, 1, 1)  # noqa: DTZ001 - openpyxl writes naive as UTC


def _entry(name):
    entry = zipfile.ZipInfo(name, date_time=FIXED_MOMENT.timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o600 << 16
    return entry


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry FIXED_MOMENT, whatever openpyxl asks for."""

    def writestr(self, name, data, *args, **kwargs):
        entry = _entry(name.filename if isinstance(name, zipfile.ZipInfo) else name)
        super().writestr(entry, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        # Write-only worksheets are written to temporary files first, then added here.
        entry = _entry(arcname or os.path.basename(filename))
        entry.file_size = os.path.getsize(filename)
        with open(filename, "rb") as source, self.open(entry, "w") as target:
            shutil.copyfileobj(source, target)


def write_workbook(workbook, target, *, moment=None):
    """Write `workbook` into the binary file `target`: the same workbook, the same bytes.

    `moment` (naive) is the created/modified property, FIXED_MOMENT unless given (a report
    gives its as-of time). ExcelWriter, not workbook.save(): save() stamps the clock.
    """
    workbook.properties.creator = "congress_admin"
    workbook.properties.created = workbook.properties.modified = moment or FIXED_MOMENT
    ExcelWriter(workbook, _FixedTimeZip(target, "w", zipfile.ZIP_DEFLATED)).save()


def workbook_bytes(workbook, *, moment=None):
    """The bytes write_workbook writes."""
    buffer = io.BytesIO()
    write_workbook(workbook, buffer, moment=moment)
    return buffer.getvalue()
