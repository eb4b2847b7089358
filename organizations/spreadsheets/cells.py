"""Reading one cell of a sheet for the planner: text, dates and the level columns, each
checked and reported against its sheet, row and column (the planner's `error`)."""

from django.utils.translation import gettext as _

from core.dates import date_problem
from core.text import normalize_texts, unsafe_character, unsafe_text_message
from organizations.choices import Education, PoliticalTheory, Qualification
from organizations.spreadsheets.formats import (
    LEVEL_LABELS,
    _key,
    level_by_text,
    unescape_formula,
)
from organizations.spreadsheets.reading import REPORTED, _CellValueError, parse_date, parse_text


def _level_shown(field_name, value):
    """A level as the preview shows it: its label (the choice), or "" when not recorded."""
    return _LEVELS[field_name](value) if value else ""


_LEVELS = {
    "education": Education,
    "qualification": Qualification,
    "political_theory": PoliticalTheory,
}


# Columns whose few values repeat over a city's rows: their clean texts are kept by raw value
# (codes and names, all different, are not). Dates are kept whatever the column: a few
# thousand days at most.
REPEATED_FIELDS = frozenset(
    ("gender", "ethnicity", "organization_code", "kind", "parent_code", *LEVEL_LABELS)
)


class CellReader:
    """Cell readers of the planner; they need its `workbook`, `error`, `plan`, `clean_cells`
    (a dict: the values of cells read without a problem, by column and raw value, so that a
    value repeated over many rows is checked once) and `columns` ({field: {raw value: (its
    type, value read)}}, `column`'s). Each returns None (after reporting the
    problem) when the cell cannot be used."""

    def key(self, text):
        """_key(text) of a repeated column's value (a gender, a level), kept once computed."""
        cache_key = (None, "key", text)
        found = self.clean_cells.get(cache_key)
        if found is None:
            found = self.clean_cells[cache_key] = _key(text)
        return found

    def text(self, sheet, number, values, field_name, *, max_length, required=True):
        raw = values.get(field_name)
        if raw is REPORTED:
            return None
        key = (field_name, raw.__class__, raw)
        known = self.clean_cells.get(key) if field_name in REPEATED_FIELDS else None
        if known is not None:
            return known
        text = self._text(sheet, number, raw, field_name, max_length=max_length, required=required)
        if text is not None and field_name in REPEATED_FIELDS:
            self.clean_cells[key] = text
        return text

    def _text(self, sheet, number, raw, field_name, *, max_length, required):
        problem = isinstance(raw, str) and unsafe_text_message(
            raw, label=sheet.header(field_name), multiline=True
        )
        if problem:
            self.error(sheet, number, field_name, problem)
            return None
        try:
            text = parse_text(raw)
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

    def column_texts(self, sheet, rows, field_name, *, max_length):
        """The clean text of the column's cell in each of `rows` (of `sheet`), for a column of
        different values (codes, names): the cells that are plain text within `max_length`
        checked and cleaned together (core.text.normalize_texts), None for the others (empty,
        not text, too long, holding a refused character), which `text` reads one by one to
        report them."""
        raws = [values.get(field_name) for _number, values in rows]
        texts = [raw if raw.__class__ is str else "" for raw in raws]
        if unsafe_character("\n".join(texts), multiline=True):  # rare: find which
            texts = ["" if unsafe_character(text, multiline=True) else text for text in texts]
        texts = normalize_texts(texts)
        unescape = unescape_formula
        return [
            (unescape(text) if text[:1] == "'" else text) if 0 < len(text) <= max_length else None
            for text in texts
        ]

    def column(self, sheet, rows, field_name, read):
        """`read(sheet, number, values, field_name)` of the column's cell in each of `rows` (of
        `sheet`), asked once per distinct value of the import (a city's genders, levels,
        cells' codes and dates are a few thousand values over 450,000 rows): a value read
        without a problem is that value in every row; one with a problem is read again in
        each of its rows, which reports it there."""
        raws = [values.get(field_name) for _number, values in rows]
        errors = self.plan.errors
        table = self.columns.setdefault(field_name, {})
        for raw in set(raws).difference(table):
            reported = len(errors)
            value = read(sheet, 0, {field_name: raw}, field_name)
            if len(errors) == reported:
                table[raw] = (raw.__class__, value)
            else:
                del errors[reported:]
        found = []
        for (number, values), raw in zip(rows, raws, strict=True):
            known = table.get(raw)
            # 1, 1.0 and True are one key: a known value of another type is read again.
            if known is not None and known[0] is raw.__class__:
                found.append(known[1])
            else:
                found.append(read(sheet, number, values, field_name))
        return found

    def date(self, sheet, number, values, field_name, *, required=True):
        raw = values.get(field_name)
        if raw is REPORTED:
            return None
        key = (field_name, raw.__class__, raw)
        if key in self.clean_cells:
            return self.clean_cells[key]
        try:
            day = parse_date(raw, epoch=self.workbook.epoch)
        except _CellValueError as error:
            self.error(sheet, number, field_name, str(error))
            return None
        if day is None and required:
            self.error(sheet, number, field_name, _("This cell may not be empty."))
            return None  # what date_problem answers for None, without asking it
        label = sheet.header(field_name)
        problem = date_problem(day, label=label, birth=field_name == "birth_date")
        if problem:
            self.error(sheet, number, field_name, problem)
            return None
        self.clean_cells[key] = day
        return day

    def level(self, sheet, number, values, field_name):
        """A level column's stored value ("" for an empty cell), None when unreadable."""
        text = self.text(sheet, number, values, field_name, max_length=60, required=False)
        if not text:
            return None if text is None else ""
        value = level_by_text(field_name).get(self.key(text))
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
