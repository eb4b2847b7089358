"""What the tally pages show: a round's entries and their comparison, the log's head."""

import datetime

from django.db.models import Max
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from personnel.models import Candidate, TallyEntry
from personnel.tally.chain import BASE_FIELDS, COUNT_FIELDS, parse, settle


def field_labels():
    return {
        "convened": _("convened"),
        "excluded_absent_with_reason": _("absent for the whole congress with an accepted reason"),
        "excluded_suspended": _("suspended, prosecuted or detained"),
        "excluded_other": _("other exclusions"),
        "ballots_issued": _("ballots issued"),
        "ballots_returned": _("ballots returned"),
        "ballots_valid": _("valid ballots"),
        "ballots_invalid": _("invalid ballots"),
        "held_on": _("date of the round"),
        "base_note": _("why D differs from the roll"),
    }


def next_round_number(ballot):
    return (ballot.rounds.aggregate(last=Max("number"))["last"] or 0) + 1


def round_tally(ballot, number):
    """The RoundTally of round `number` of `ballot`, from the log."""
    return settle(
        ballot.tally_entries.filter(round_number=number)
        .select_related("counter")
        .order_by("sequence")
    )


def _shown(name, value):
    """A figure as a page shows it: a date in the local format, the rest as it is."""
    if name == "held_on" and value:
        return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    return value


def comparison(tally, names):
    """The entries' figures side by side, one row per field, `differs` where they do not all
    agree. Empty while fewer than two entries are in: a counter never sees another's figures
    before entering their own (independence)."""
    if len(tally.entries) < 2:
        return []
    parsed = [parse(entry.payload) for entry in tally.entries]
    labels = field_labels()
    rows = []
    for name in (*BASE_FIELDS, *COUNT_FIELDS, "held_on", "base_note"):
        values = [data.get(name) for data in parsed]
        rows.append(
            {
                "label": labels[name],
                "values": [_shown(name, value) for value in values],
                "differs": len(set(values)) > 1,
            }
        )
    keys = sorted(
        {key for data in parsed for key in data["votes"]}, key=lambda k: (names.get(k, ""), k)
    )
    for key in keys:
        values = [data["votes"].get(key) for data in parsed]
        rows.append(
            {"label": names.get(key, str(key)), "values": values, "differs": len(set(values)) > 1}
        )
    return rows


def log_head(congress, *, as_of=None):
    """The count log's last entry (its hash is the log's final hash), or None; with `as_of`,
    the last entered on or before that day, with `entries` the number of entries up to it."""
    entries = TallyEntry.objects.filter(congress=congress)
    if as_of is not None:
        entries = entries.filter(created_at__date__lte=as_of)
    head = entries.order_by("-sequence").first()
    if head is not None:
        head.entries = head.sequence
    return head


def log_entries(congress):
    """The congress's log in order, each entry with `shown`: whether its figures may be
    shown (its round has at least two entries, so nobody sees a figure before entering)."""
    entries = list(
        TallyEntry.objects.filter(congress=congress).select_related("ballot").order_by("sequence")
    )
    counts = {}
    for entry in entries:
        key = (entry.ballot_id, entry.round_number)
        counts[key] = counts.get(key, 0) + 1
    names = {}
    if entries:
        candidates = Candidate.objects.filter(congress=congress).values_list("pk", "full_name")
        names = dict(candidates)
    labels = field_labels()
    for entry in entries:
        entry.shown = counts[(entry.ballot_id, entry.round_number)] >= 2
        entry.figures = _figures(entry, labels, names) if entry.shown else []
    return entries


def _figures(entry, labels, names):
    """An entry's figures in words, (label, value) pairs, the votes by candidate name."""
    data = parse(entry.payload)
    figures = [
        (labels[name], _shown(name, data.get(name)))
        for name in (*BASE_FIELDS, *COUNT_FIELDS, "held_on", "base_note")
        if data.get(name) not in (None, "")
    ]
    figures.extend(
        (names.get(key, str(key)), count)
        for key, count in sorted(data["votes"].items(), key=lambda item: names.get(item[0], ""))
    )
    return figures
