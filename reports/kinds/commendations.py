"""d. The list of approved commendations, by decision."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from recognition import selectors as recognition
from reports.kinds.common import Section, Table, _as_of, _no_data

# --- d. commendations ------------------------------------------------------------------------


def _subtitle(decision, year):
    """The report's subtitle: the decision asked for, else the year, else nothing."""
    if decision:
        return _("Decision %(number)s") % {"number": decision}
    if year:
        return _("Year %(year)s") % {"year": year}
    return ""


def _by_decision(commendations):
    """The commendations grouped by (decision number, decision date, granting organization)."""
    by_decision = {}
    for commendation in commendations:
        key = (commendation.decision_number, commendation.decision_date, commendation.organization)
        by_decision.setdefault(key, []).append(commendation)
    return by_decision


def _commended_row(index, row):
    """One commended recipient's row: number, name, form and achievement."""
    return [
        index,
        row.recipient_name,
        row.get_form_display(),
        row.reason_detail or row.get_reason_display(),
    ]


def _decision_section(number, day, granting, rows):
    """One decision's heading and the table of those it commended."""
    table = Table(
        _("Commended"),
        [_("No."), _("Recipient"), _("Form"), _("Achievement")],
        [_commended_row(index, row) for index, row in enumerate(rows, start=1)],
        numeric={0},
    )
    return Section(
        _("Decision %(number)s of %(day)s, %(body)s: %(count)s commended")
        % {
            "number": number,
            "day": date_format(day, "SHORT_DATE_FORMAT"),
            "body": granting.name,
            "count": len(rows),
        },
        [],
        [table],
    )


def commendations_context(job):
    """The approved commendations of the organization, one section per decision."""
    decision = (job.parameters.get("decision") or "").strip()
    year = job.parameters.get("year")
    commendations = recognition.approved_commendations(
        job.organization, decision=decision, year=year, as_of=_as_of(job)
    )
    sections = [
        _decision_section(number, day, granting, rows)
        for (number, day, granting), rows in _by_decision(commendations).items()
    ]
    if not sections:
        sections.append(_no_data(_("Commendations"), _("No approved commendation.")))
    subtitle = _subtitle(decision, year)
    return {"title": _("LIST OF COMMENDATIONS"), "subtitle": subtitle, "sections": sections}
