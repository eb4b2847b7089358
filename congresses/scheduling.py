"""Bulk scheduling (issue 18, item 10): the date, venue and pilot flag of many congresses of a
subtree and term saved at once, from the schedule grid or an uploaded workbook.

All or nothing: every row is checked first (a congress outside the subtree or term, one
changed by someone else since the page or file was made, an implausible date), then each
changed congress is saved through services.update_congress (its rules, its compare-and-set,
its audit row); any refusal rolls the whole save back. A date outside its level's window for
the term warns and never refuses; a save with warnings is made only once confirmed.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congresses import rulepacks, services
from congresses.choices import CongressOccasion
from congresses.models import Congress, TermLevelRule
from core.dates import date_problem

# The fields a schedule changes (services.EDITABLE_FIELDS has them all).
FIELDS = ("planned_date", "venue", "is_pilot")
CHUNK = 500  # ids per IN list: SQLite's limit on parameters is never reached


@dataclass
class Row:
    """One row as typed: `key` is the caller's (a form's index, a sheet's row number)."""

    key: object
    congress_id: int
    version: int
    values: dict  # FIELDS → value


@dataclass
class Problem:
    """What refuses a row: `field` is one of FIELDS, or None for the whole row."""

    key: object
    message: str
    field: str | None = None
    name: str = ""  # the organization's name, when the congress is known


@dataclass
class Checked:
    """The outcome of checking rows: the congresses they name, the rows that change one,
    the problems (refusals) and the warnings (Problems that do not refuse)."""

    congresses: dict = field(default_factory=dict)
    changed: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)


class ScheduleRefused(Exception):
    """Nothing was saved: `problems` names every refused row."""

    def __init__(self, problems):
        super().__init__(len(problems))
        self.problems = problems


class ConfirmationNeeded(Exception):
    """Nothing was saved: `warnings` (Problems) must be confirmed first."""

    def __init__(self, warnings):
        super().__init__(len(warnings))
        self.warnings = warnings


def level_windows(term):
    """{level: (window start, deadline)} of the term's level rules (R-WV-02, -11, -12)."""
    return {
        rule.level: (rule.window_start, rule.deadline)
        for rule in TermLevelRule.objects.filter(term=term)
    }


def window_of(congress, windows):
    """(start, end) of `congress`'s window: its own (create_term_plan copies it from the
    level's rule; the congress form may change it), else its level's in `windows`."""
    start, end = windows.get(congress.level, (None, None))
    return congress.window_start or start, congress.window_end or end


def window_warning(congress, day, windows, term=None):
    """The warning for `day` outside `congress`'s window, or None (no date, no window). A
    cell's mid-term congress has its own window (R-WV-10), cited from `term`'s pack."""
    start, end = window_of(congress, windows)
    if day is None or (start is None and end is None):
        return None
    if (start and day < start) or (end and day > end):
        values = {
            "date": day.strftime("%d/%m/%Y"),
            "start": start.strftime("%d/%m/%Y") if start else "…",
            "end": end.strftime("%d/%m/%Y") if end else "…",
        }
        if congress.occasion == CongressOccasion.MID_TERM:
            values["rule"] = rulepacks.cite(term, "R-WV-10")
            return (
                _(
                    "%(date)s lies outside the window of the cells' mid-term congress "
                    "(%(start)s–%(end)s; %(rule)s)."
                )
                % values
            )
        return _("%(date)s lies outside the window of its level (%(start)s–%(end)s).") % values
    return None


def congresses_in(root, term, ids):
    """{pk: congress} of `ids` among `root`'s subtree's congresses of `term`, with their
    organizations. One query per CHUNK ids."""
    ids = sorted(set(ids))
    found = {}
    for start in range(0, len(ids), CHUNK):
        found.update(
            Congress.objects.in_subtree(root)
            .filter(term=term, pk__in=ids[start : start + CHUNK])
            .select_related("organization")
            .in_bulk()
        )
    return found


def _name(congress):
    return congress.organization.name


def _changes(congress, row):
    """The values of `row` that differ from `congress`'s."""
    return {name: value for name, value in row.values.items() if getattr(congress, name) != value}


def _row_problems(row, congress, seen, labels):
    """The problems of one row (before anything is written)."""
    if congress is None:
        return [Problem(row.key, _("This congress is not one of the congresses listed here."))]
    if congress.pk in seen:
        return [Problem(row.key, _("This congress appears twice."), name=_name(congress))]
    problems = []
    problem = date_problem(row.values.get("planned_date"), label=labels["planned_date"])
    if problem:
        problems.append(Problem(row.key, problem, "planned_date", _name(congress)))
    if _changes(congress, row) and congress.version != row.version:
        problems.append(_stale(row, congress))
    return problems


def _stale(row, congress):
    """The problem of a row made before someone else's save of its congress."""
    message = _("Someone else changed this congress since this list was made; reload it.")
    return Problem(row.key, message, name=_name(congress))


def check_rows(*, root, term, rows):
    """Check `rows` against the database without writing: a Checked. Two queries."""
    checked = Checked(congresses=congresses_in(root, term, [row.congress_id for row in rows]))
    windows = level_windows(term)
    labels = {"planned_date": _("planned date")}
    seen = set()
    for row in rows:
        congress = checked.congresses.get(row.congress_id)
        checked.problems += _row_problems(row, congress, seen, labels)
        if congress is None or congress.pk in seen:
            continue
        seen.add(congress.pk)
        changes = _changes(congress, row)
        if changes:
            checked.changed.append(row)
        warning = window_warning(congress, changes.get("planned_date"), windows, term)
        if warning:
            checked.warnings.append(Problem(row.key, warning, "planned_date", _name(congress)))
    return checked


def _save_row(row, congress, actor):
    """Save one row through update_congress; its problems (nothing raised)."""
    try:
        services.update_congress(
            congress=congress, actor=actor, expected_version=row.version, **row.values
        )
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        return [
            Problem(row.key, message, key if key in FIELDS else None, _name(congress))
            for key, messages in fields.items()
            for message in messages
        ]
    return []


@transaction.atomic
def save_schedule(*, root, term, rows, actor, confirmed=False):
    """Save the changed rows of `rows` (Row) for `root`'s subtree in `term`, all or nothing.

    Raises ScheduleRefused (every problem) or ConfirmationNeeded (the warnings, when not
    `confirmed`); nothing is written then. Returns the number of congresses changed.
    Side effects: per changed congress, update_congress's UPDATE and audit row.
    """
    checked = check_rows(root=root, term=term, rows=rows)
    if checked.problems:
        raise ScheduleRefused(checked.problems)
    if checked.warnings and not confirmed:
        raise ConfirmationNeeded(checked.warnings)
    problems = []
    for row in checked.changed:
        problems += _save_row(row, checked.congresses[row.congress_id], actor)
    if problems:
        raise ScheduleRefused(problems)  # leaves the atomic block: every row rolled back
    return len(checked.changed)
