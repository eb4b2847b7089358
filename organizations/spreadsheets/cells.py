"""Reading one cell of a sheet for the planner: text, dates and the level columns, each
checked and reported against its sheet, row and column (the planner's `error`)."""

from django.utils.translation import gettext as _

from core.dates import date_problem
from core.text import unsafe_text_message
from organizations.choices import Education, PoliticalTheory, Qualification
from organizations.spreadsheets.formats import LEVEL_LABELS, _key, level_by_text
from organizations.spreadsheets.reading import REPORTED, _CellValueError, parse_date, parse_text


def _level_shown(field_name, value):
    """A level as the preview shows it: its label (the choice), or "" when not recorded."""
    return _LEVELS[field_name](value) if value else ""


_LEVELS = {
    "education": Education,
    "qualification": Qualification,
    "political_theory": PoliticalTheory,
}


class CellReader:
    """Cell readers of the planner; they need its `workbook` and `error`. Each returns None
    (after reporting the problem) when the cell cannot be used."""

    def text(self, sheet, number, values, field_name, *, max_length, required=True):
        if values.get(field_name) is REPORTED:
            return None
        raw = values.get(field_name)
        problem = isinstance(raw, str) and unsafe_text_message(
            raw, label=sheet.header(field_name), multiline=True
        )
        if problem:
            self.error(sheet, number, field_name, problem)
            return None
        try:
            text = parse_text(values.get(field_name))
        except _CellValueError as error:
            self.error(sheet, number, field_name, str(error))
            return None
        if required and not text:
            self.error(sheet, number, field_name, _("This cell may not be empty."))
            return None
        if len(text) > max_length:
            self.error(
                sheet,
                number,
                field_name,
                _("At most %(limit)s characters (this has %(length)s).")
                % {"limit": max_length, "length": len(text)},
            )
            return None
        return text

    def date(self, sheet, number, values, field_name, *, required=True):
        if values.get(field_name) is REPORTED:
            return None
        try:
            day = parse_date(values.get(field_name), epoch=self.workbook.epoch)
        except _CellValueError as error:
            self.error(sheet, number, field_name, str(error))
            return None
        if day is None and required:
            self.error(sheet, number, field_name, _("This cell may not be empty."))
        label = sheet.header(field_name)
        problem = date_problem(day, label=label, birth=field_name == "birth_date")
        if problem:
            self.error(sheet, number, field_name, problem)
            return None
        return day

    def level(self, sheet, number, values, field_name):
        """A level column's stored value ("" for an empty cell), None when unreadable."""
        text = self.text(sheet, number, values, field_name, max_length=60, required=False)
        if not text:
            return None if text is None else ""
        value = level_by_text(field_name).get(_key(text))
        if value is None:
            allowed = ", ".join(LEVEL_LABELS[field_name].values())
            self.error(
                sheet,
                number,
                field_name,
                _("Unknown value %(value)s; write one of: %(allowed)s.")
                % {"value": text, "allowed": allowed},
            )
        return value
