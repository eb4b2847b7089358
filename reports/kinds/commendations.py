"""d. The list of approved commendations, by decision."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organizations import selectors as organizations
from recognition import selectors as recognition
from reports.kinds.common import Section, _as_of, _no_data, unit_table
from reports.letterhead import committee_of

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


def granting_body(organization):
    """The body that grants in `organization`'s name: the standing committee of a district's
    or a province's committee ("Ban Thường vụ Quận ủy Quận 10"), else the committee itself
    ("Đảng ủy phường Xuân La")."""
    committee, suffix, _place = committee_of(organization)
    if suffix in ("QU", "HU", "TU"):
        return _("Standing committee of the %(committee)s") % {"committee": committee}
    return committee


def recipient_units(commendations):
    """{commendation pk: the recipient's unit}: an individual's cell with the organization
    above it, a collective's organization above it. Four queries."""
    of_members = organizations.units_of(
        c.recipient_member.organization_id for c in commendations if c.recipient_member_id
    )
    of_collectives = organizations.units_of(
        (c.recipient_organization_id for c in commendations), with_own_name=False
    )
    return {
        c.pk: of_members.get(c.recipient_member.organization_id, "—")
        if c.recipient_member_id
        else of_collectives.get(c.recipient_organization_id, "—")
        for c in commendations
    }


def _commended_row(index, row):
    """One commended recipient's row: number, name, form and achievement."""
    return [
        index,
        row.recipient_name,
        row.get_form_display(),
        row.reason_detail or row.get_reason_display(),
    ]


def _decision_section(number, day, granting, rows, units):
    """One decision's heading and the table of those it commended, each with their unit."""
    table = unit_table(
        _("Commended"),
        [_("No."), _("Recipient"), _("Form"), _("Achievement")],
        [_commended_row(index, row) for index, row in enumerate(rows, start=1)],
        [units[row.pk] for row in rows],
        at=2,
        numeric={0},
    )
    return Section(
        _("Decision %(number)s of %(day)s, %(body)s: %(count)s commended")
        % {
            "number": number,
            "day": date_format(day, "SHORT_DATE_FORMAT"),
            "body": granting_body(granting),
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
    commendations = list(commendations)
    units = recipient_units(commendations)
    sections = [
        _decision_section(number, day, granting, rows, units)
        for (number, day, granting), rows in _by_decision(commendations).items()
    ]
    if not sections:
        sections.append(_no_data(_("Commendations"), _("No approved commendation.")))
    subtitle = _subtitle(decision, year)
    return {"title": _("LIST OF COMMENDATIONS"), "subtitle": subtitle, "sections": sections}
