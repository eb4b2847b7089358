"""e. A working group's progress snapshot."""

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congresses import selectors
from reports.kinds.common import Section, Table, _no_data

# --- e. a working group's progress snapshot ----------------------------------------------------


def working_group_context(job):
    group = selectors.working_group_in(job.organization, job.parameters.get("group"))
    if group is None:
        raise ValidationError(_("There is no such working group in this organization."))
    congresses = selectors.group_congresses(group)
    held = sum(1 for congress in congresses if congress.ended_on)
    section = Section(
        _("Congresses assigned to the group"),
        [
            _("%(held)s of %(count)s congresses held.") % {"held": held, "count": len(congresses)},
        ],
        [
            Table(
                _("Progress"),
                [_("Organization"), _("Planned"), _("Stage"), _("Last report")],
                [
                    [
                        c.organization.name,
                        date_format(c.planned_date, "SHORT_DATE_FORMAT") if c.planned_date else "—",
                        c.get_stage_display(),
                        (
                            date_format(c.last_report, "SHORT_DATE_FORMAT")
                            + (f": {c.last_note}" if c.last_note else "")
                        )
                        if c.last_report
                        else "—",
                    ]
                    for c in congresses
                ],
            )
        ],
    )
    return {
        "title": _("PROGRESS OF THE WORKING GROUP"),
        "subtitle": f"{group.name} · {group.term.name}",
        "sections": [section if congresses else _no_data(_("Congresses assigned to the group"))],
    }
