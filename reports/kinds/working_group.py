"""e. A working group's progress snapshot."""

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congresses.models import Congress, ProgressEntry, WorkingGroup
from reports.kinds.common import Section, Table, _no_data

# --- e. a working group's progress snapshot ----------------------------------------------------


def working_group_context(job):
    group = (
        WorkingGroup.objects.filter(
            Q(owner_path__startswith=job.organization.path) | Q(owner=job.organization)
        )
        .select_related("term")
        .filter(pk=job.parameters.get("group"))
        .first()
    )
    if group is None:
        raise ValidationError(_("There is no such working group in this organization."))
    latest = ProgressEntry.objects.filter(congress=OuterRef("pk")).order_by("-reported_on", "-pk")
    congresses = list(
        Congress.objects.filter(term=group.term, organization__in=group.organizations.all())
        .select_related("organization")
        .annotate(
            last_report=Subquery(latest.values("reported_on")[:1]),
            last_note=Subquery(latest.values("note")[:1]),
        )
        .order_by("org_path")
    )
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
