"""What every kind of report shares: sections, tables, the term, the date and the header."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from congresses import selectors as congresses
from personnel import selectors as personnel
from reports.letterhead import letterhead


@dataclass
class Table:
    title: str
    columns: list
    rows: list
    # Columns whose cells are numbers (right-aligned in the PDF).
    numeric: set = field(default_factory=set)


@dataclass(frozen=True)
class CountShare:
    """A count with its share in percent (personnel.share: a Decimal, None for 0 of 0): one
    cell "3 (25 %)" in the PDF, the count alone when there is no share (never "0 (— %)"); two
    cells in a workbook, the count and the share as a number in a percent format
    (reports.excel)."""

    count: int
    share: Decimal | None

    def __str__(self):
        if self.share is None:
            return str(self.count)
        return f"{self.count} ({percent(self.share)} %)"

    def workbook_cells(self):
        return [self.count, self.share]

    @staticmethod
    def workbook_columns(column):
        # Translators: the heading of a workbook column of shares after the column of the
        # counts: "Women" then "Women, share".
        return [column, _("%(column)s, share") % {"column": column}]


@dataclass(frozen=True)
class ShareAgainstTarget:
    """A share in percent against the term's target (Decimals; no target: None) and the rule
    that sets the target: one cell "46,15 % (chỉ tiêu ≥ 15 %; R-WV-08, Hướng dẫn
    26-HD/BTCTW)" in the PDF (personnel.selectors.share_against_target, as the dossier writes
    it), two percent cells in a workbook (reports.excel)."""

    share: Decimal | None
    target: Decimal | None
    rule: str = ""  # the rule that sets the target, cited (personnel.selectors.target_rule)

    def __str__(self):
        from personnel.selectors import share_against_target

        return share_against_target(self.share, self.target, self.rule)

    def workbook_cells(self):
        return [self.share, self.target]

    @staticmethod
    def workbook_columns(column):
        # Translators: the heading of a workbook column of the term's targets after the
        # column of the shares achieved: "Share" then "Share, target".
        return [column, _("%(column)s, target") % {"column": column}]


@dataclass
class Section:
    heading: str
    paragraphs: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    chart: str = ""
    no_data: bool = False


@dataclass(frozen=True)
class KindSpec:
    template: str
    build_context: object
    # The parameters the kind needs, for the request form and the render_report command.
    needs: tuple = ()
    document_code: str = "BC"
    # A kind made of the PDFs of other kinds and of uploaded files (the congress file):
    # assemble(job, render_kind=, render_part=, progress=) -> (pdf, fingerprint, zip).
    assemble: object = None
    # Whether the document closes with a signature and recipients (R-RP-10): the request may
    # then name the signer and the recipients.
    signed: bool = True
    # Whether its figures are those of the date asked for (core.asof): a request may then
    # name a past date. The congress-day documents (quick report, credentials report,
    # programme, delegate cards, the congress file gathering them) read today's records.
    dated: bool = True
    # The day of its congress an undated kind bears as its own date (document_date): OPENING
    # (the programme, the credentials report, the delegate cards) or CLOSING (the quick
    # report, sent that evening; the congress file).
    congress_day: str = ""


OPENING = "opening"
CLOSING = "closing"


# The levels of the tree named in a report in another language than Vietnamese: the term's
# level labels are Vietnamese data ("Cấp cơ sở"), so an English PDF names the level itself.
LEVEL_NAMES = {
    1: gettext_lazy("provincial level"),
    2: gettext_lazy("district level"),
    3: gettext_lazy("grassroots level"),
    4: gettext_lazy("sub-committee level"),
    5: gettext_lazy("cell level"),
}


def in_vietnamese():
    return (translation.get_language() or "vi").startswith("vi")


def level_names(labels):
    """{level: name}: the term's labels in Vietnamese, the level's own name otherwise."""
    if in_vietnamese():
        return labels
    return {
        level: capfirst(str(LEVEL_NAMES[level])) if level in LEVEL_NAMES else label
        for level, label in labels.items()
    }


def percent(value):
    return personnel.format_percent(value) if value is not None else "—"


def _short_date(value):
    """A date in the short format, or a dash when there is none."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def unit_table(title, columns, rows, units, *, at, numeric=()):
    """A table of people or organizations with a "Unit" column inserted at `at` (`units`: one
    per row), so that two Nguyễn Minh Thảo or eleven "Chi bộ 1" are told apart (issue 19):
    shown even when every row has the same unit (one row alone, "Chi bộ khu phố 1", says
    nothing without it); left out only when no row's unit is known."""
    numeric = set(numeric)
    if all(unit == "—" for unit in units):
        return Table(title, list(columns), [list(row) for row in rows], numeric)
    return Table(
        title,
        [*columns[:at], _("Unit"), *columns[at:]],
        [[*row[:at], unit, *row[at:]] for row, unit in zip(rows, units, strict=True)],
        {index + 1 if index >= at else index for index in numeric},
    )


def _no_data(heading, text=None):
    return Section(heading, [text or _("No data recorded yet.")], no_data=True)


def _term(job):
    name = (job.parameters.get("term") or "").replace("-", "–")
    term = congresses.term_named(name, as_of=_as_of(job))
    if term is None:
        raise ValidationError(_("There is no such term."))
    return term


def _as_of(job):
    """The date the report is true for (core.asof): its `as_of` parameter, else the day it
    was requested."""
    return job.as_of


def document_date(job, spec):
    """The date a report bears after its place: the date asked for; for a document of a
    congress (spec.congress_day), the congress's own day: its opening for the programme and the
    credentials report, its closing for the quick report and the congress file (each falling
    back on the congress's other dates, then its planned date); the day it was requested only
    when the congress has no date yet (issue 19, item 4)."""
    if spec.dated or not spec.congress_day or job.parameters.get("as_of"):
        return job.as_of
    congress = congresses.congress_in(job.organization, job.parameters.get("congress"))
    if congress is None:
        return job.as_of
    opened = congress.started_on or congress.held_on
    closed = congress.ended_on or congress.held_on or congress.started_on
    day = opened if spec.congress_day == OPENING else closed
    return day or congress.planned_date or job.as_of


def _header(job, spec):
    organization = job.organization
    as_of = _as_of(job)
    dated = document_date(job, spec)
    head = letterhead(organization, kind_code=spec.document_code)
    return {
        "organization": organization,
        **head,
        # The date the figures are read for (and the signer looked up on).
        "report_date": as_of,
        # Translators: the place and date of a party document: "Tây Hồ, ngày 20 tháng 02 năm
        # 2020" in Vietnamese.
        "report_date_text": _("%(place)s, %(day)s/%(month)s/%(year)s")
        % {
            "place": head["place"],
            "day": dated.strftime("%d"),
            "month": dated.strftime("%m"),
            "year": dated.year,
        },
    }
