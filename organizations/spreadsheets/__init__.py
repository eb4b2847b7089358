"""Spreadsheet (.xlsx) import and export of organizations and party members.

The format: a sheet "Tổ chức" (or "Organizations") and a sheet "Đảng viên" (or "Members"),
headers in row 1 (Vietnamese, or the English alias), columns in any order. Rows are matched
by code, so importing the same file twice changes nothing.

An import runs in four steps, each a small function:

1. `read_workbook` (reading.py) checks the bytes before any XML is parsed (size, zip magic,
   entry count, unpacked size, compression ratio; rows, cells, shared strings, entity
   declarations, formula and error cells counted by xlsx_checks) and reads the cells into plain
   rows with calamine (a Rust reader; openpyxl only writes). Limits are settings
   (IMPORT_MAX_UPLOAD_BYTES, IMPORT_MAX_ROWS, IMPORT_MAX_UNPACKED_BYTES, ...).
2. `plan_import` (planning.py) parses and checks every row against the database and the
   importer's scope and returns an `ImportPlan`: every error (sheet, row, column, message) and
   every planned create / update. It writes nothing: it is the dry run and the preview.
3. `apply_plan` (applying.py) writes a valid plan: organizations and members through
   organizations.services (members in bulk with their audit rows), one summary audit row.
4. `import_workbook` (applying.py) ties them together in one transaction: any error, nothing
   is written.

Exports (`export_workbook`, exporting.py) write the same format (formats.py), so an export
re-imports to the same data; text cells that a spreadsheet would run as a formula get a
leading apostrophe, which the import removes again.
"""

from organizations.spreadsheets.applying import ImportAborted, apply_plan, import_workbook
from organizations.spreadsheets.exporting import export_rows, export_workbook, template_workbook
from organizations.spreadsheets.formats import (
    MAX_FILE_SIZE,
    XLSX_CONTENT_TYPE,
    CellError,
    ImportPlan,
    SpreadsheetError,
    escape_formula,
    unescape_formula,
)
from organizations.spreadsheets.planning import plan_import
from organizations.spreadsheets.reading import check_archive, parse_date, parse_text, read_workbook

__all__ = [
    "MAX_FILE_SIZE",
    "XLSX_CONTENT_TYPE",
    "CellError",
    "ImportAborted",
    "ImportPlan",
    "SpreadsheetError",
    "apply_plan",
    "check_archive",
    "escape_formula",
    "export_rows",
    "export_workbook",
    "import_workbook",
    "parse_date",
    "parse_text",
    "plan_import",
    "read_workbook",
    "template_workbook",
    "unescape_formula",
]
