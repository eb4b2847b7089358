"""The results roll-up of a subtree's congresses in a term as of a date (R-RP-02), as the
central organization department publishes it: personnel.rollup.results_rollup, the same
figures as the election results page."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from personnel.rollup import results_rollup
from reports.kinds.common import (
    CountShare,
    Section,
    Table,
    _as_of,
    _no_data,
    _term,
    level_names,
    percent,
)


def _with_share(count, share):
    """ "3 (25 %)" in the PDF, two cells in the workbook (CountShare)."""
    return CountShare(count, share)


def _row(label, row):
    excess = "—" if row["average_excess"] is None else f"{percent(row['average_excess'])} %"
    return [
        label,
        f"{row['held']}/{row['planned']}",
        row["elected"],
        _with_share(row["reelected"], row["reelected_share"]),
        _with_share(row["first_time"], row["first_time_share"]),
        _with_share(row["women"], row["women_share"]),
        _with_share(row["young"], row["young_share"]),
        _with_share(row["minorities"], row["minorities_share"]),
        row["unfilled"],
        row["incumbents_not_reelected"],
        row.get("quick_reports", 0),
        excess,
        row["secretaries"],
        row["direct_secretaries"],
        _not_local(row),
    ]


def _not_local(row):
    unknown = row["secretaries_local_unknown"]
    if not unknown:
        return row["secretaries_not_local"]
    return _("%(count)s (%(unknown)s not known)") % {
        "count": row["secretaries_not_local"],
        "unknown": unknown,
    }


COLUMNS = (
    gettext_lazy("Level"),
    gettext_lazy("Held / planned"),
    gettext_lazy("Elected"),
    gettext_lazy("Re-elected"),
    gettext_lazy("First time"),
    gettext_lazy("Women"),
    gettext_lazy("Young"),
    gettext_lazy("Ethnic minorities"),
    gettext_lazy("Seats unfilled"),
    gettext_lazy("Outgoing members not re-elected"),
    gettext_lazy("Quick reports received"),
    gettext_lazy("Average excess"),
    gettext_lazy("Secretaries elected"),
    gettext_lazy("Secretaries elected directly by the congress"),
    gettext_lazy("Secretaries not from the locality"),
)


def results_rollup_context(job):
    term = _term(job)
    as_of = _as_of(job)
    rollup = results_rollup(organization=job.organization, term=term, as_of=as_of)
    heading = _("Results of the congresses, per level")
    if not rollup["rows"]:
        section = _no_data(heading, _("No congress is planned here."))
    else:
        totals = rollup["totals"]
        # The term's level labels are Vietnamese data: another language names the level.
        names = level_names({row["level"]: row["label"] for row in rollup["rows"]})
        rows = [_row(names[row["level"]], row) for row in rollup["rows"]]
        rows.append(_row(_("Total"), totals))
        section = Section(
            heading,
            [
                _(
                    "On %(day)s, %(elected)s committee members elected in %(held)s of "
                    "%(planned)s congresses of the term %(term)s; figures of the rounds voted "
                    "by that day."
                )
                % {
                    "day": date_format(as_of, "SHORT_DATE_FORMAT"),
                    "elected": totals["elected"],
                    "held": totals["held"],
                    "planned": totals["planned"],
                    "term": term.name,
                }
            ],
            [
                Table(
                    heading,
                    [str(name) for name in COLUMNS],
                    rows,
                    numeric=set(range(1, len(COLUMNS))),
                )
            ],
        )
    return {
        "title": _("RESULTS OF THE CONGRESSES"),
        "subtitle": _("%(name)s, term %(term)s")
        % {"name": job.organization.name, "term": term.name},
        "sections": [section],
    }
