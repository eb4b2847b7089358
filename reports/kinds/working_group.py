"""e. A working group's progress snapshot."""

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congresses import selectors
from congresses.choices import CongressOccasion
from organizations import selectors as organizations
from reports.document import Signature
from reports.kinds.common import Section, Table, _as_of, _no_data, _short_date, unit_table
from reports.letterhead import committee_of, document_number, unbroken_place

# --- e. a working group's progress snapshot ----------------------------------------------------


def _group(job):
    """The working group the job asks for, within the job's organization."""
    group = selectors.working_group_in(job.organization, job.parameters.get("group"))
    if group is None:
        raise ValidationError(_("There is no such working group in this organization."))
    return group


def _last_report(congress):
    """The date of a congress's last progress report with its note, or a dash."""
    if not congress.last_report:
        return "—"
    note = f": {congress.last_note}" if congress.last_note else ""
    return date_format(congress.last_report, "SHORT_DATE_FORMAT") + note


def _progress_row(congress):
    """One congress's row: organization, planned date, stage (and the occasion of a congress
    besides the regular one) and last report."""
    stage = congress.get_stage_display()
    if congress.occasion != CongressOccasion.REGULAR:
        stage = f"{stage} ({congress.get_occasion_display()})"
    return [
        congress.organization.name,
        _short_date(congress.planned_date),
        stage,
        _last_report(congress),
    ]


def _difficulties_section(group, as_of):
    """The difficulties the group recorded in its progress reports, per congress and date;
    a line saying it recorded none by the report's date (a report to the committee says so
    rather than leaving the reader to guess)."""
    entries = selectors.group_difficulties(group, as_of=as_of)
    if not entries:
        return _no_data(
            _("Difficulties recorded"),
            _("The group recorded no difficulties in its progress reports by %(date)s.")
            % {"date": _short_date(as_of)},
        )
    return Section(
        _("Difficulties recorded"),
        [],
        [
            Table(
                _("Difficulties reported by the group"),
                [_("Organization"), _("Date"), _("Difficulties")],
                [
                    [e.congress.organization.name, _short_date(e.reported_on), e.difficulties]
                    for e in entries
                ],
            )
        ],
    )


def working_group_context(job):
    """The progress of the congresses assigned to one working group."""
    group = _group(job)
    as_of = _as_of(job)
    congresses = selectors.group_congresses(group, as_of=as_of)
    # The group's figure is its part of the wave: its regular congresses held by then, as the
    # working groups' page and the dashboard count them (the other occasions are listed).
    regular = [c for c in congresses if c.occasion == CongressOccasion.REGULAR]
    held = sum(1 for congress in regular if congress.held_on and congress.held_on <= as_of)
    # Each organization with the one above it, unless the same for all (issue 19).
    above = organizations.units_of((c.organization_id for c in congresses), with_own_name=False)
    section = Section(
        _("Congresses assigned to the group"),
        [
            _("%(held)s of %(count)s congresses held.") % {"held": held, "count": len(regular)},
        ],
        [
            unit_table(
                _("Progress"),
                [_("Organization"), _("Planned"), _("Stage"), _("Last report")],
                [_progress_row(c) for c in congresses],
                [above.get(c.organization_id, "—") for c in congresses],
                at=1,
            )
        ],
    )
    committee = committee_of(job.organization)[0]
    return {
        # Issued by the group in the committee's name and signed by its head (R-RP-10).
        "issuing_lines": [committee.upper(), group.name.upper()],
        "document_number": document_number("BC", "TCT"),
        "signature": Signature(
            _("ON BEHALF OF THE WORKING GROUP"), _("HEAD OF THE GROUP"), group.leader_name
        ),
        # To the committee that set the group up, not the one above it (issue 19).
        "recipients": working_group_recipients(group),
        "title": _("REPORT OF THE WORKING GROUP"),
        "subtitle": f"{group.name} · {group.term.name}",
        "sections": [
            section if congresses else _no_data(_("Congresses assigned to the group")),
            _difficulties_section(group, as_of),
        ],
    }


def working_group_recipients(group):
    """The standing committee of the committee that set the group up (to report), and the
    group's file copy: the group reports to its own committee (R-RP-10)."""
    owner = unbroken_place(committee_of(group.owner)[0])
    return [
        _("The standing committee of the %(committee)s (to report),") % {"committee": owner},
        _("Filed with the working group."),
    ]
