"""d. The list of approved commendations, by decision."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.paths import subtree_q
from recognition.models import Commendation, CommendationStatus
from reports.kinds.common import Section, Table, _no_data

# --- d. commendations ------------------------------------------------------------------------


def commendations_context(job):
    organization = job.organization
    commendations = Commendation.objects.filter(
        subtree_q(organization.path, "org_path"), status=CommendationStatus.APPROVED
    ).select_related("organization")
    decision = (job.parameters.get("decision") or "").strip()
    year = job.parameters.get("year")
    if decision:
        commendations = commendations.filter(decision_number__iexact=decision)
        subtitle = _("Decision %(number)s") % {"number": decision}
    elif year:
        commendations = commendations.filter(decision_date__year=int(year))
        subtitle = _("Year %(year)s") % {"year": year}
    else:
        subtitle = ""
    by_decision = {}
    for commendation in commendations.order_by("decision_date", "decision_number", "pk"):
        by_decision.setdefault(
            (commendation.decision_number, commendation.decision_date, commendation.organization),
            [],
        ).append(commendation)
    sections = []
    for (number, day, granting), rows in by_decision.items():
        sections.append(
            Section(
                _("Decision %(number)s of %(day)s, %(body)s: %(count)s commended")
                % {
                    "number": number,
                    "day": date_format(day, "SHORT_DATE_FORMAT"),
                    "body": granting.name,
                    "count": len(rows),
                },
                [],
                [
                    Table(
                        _("Commended"),
                        [_("No."), _("Recipient"), _("Form"), _("Achievement")],
                        [
                            [
                                index,
                                row.recipient_name,
                                row.get_form_display(),
                                row.reason_detail or row.get_reason_display(),
                            ]
                            for index, row in enumerate(rows, start=1)
                        ],
                        numeric={0},
                    )
                ],
            )
        )
    if not sections:
        sections.append(_no_data(_("Commendations"), _("No approved commendation.")))
    return {"title": _("LIST OF COMMENDATIONS"), "subtitle": subtitle, "sections": sections}
