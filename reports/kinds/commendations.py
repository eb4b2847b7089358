"""d. The list of approved commendations, by decision."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from recognition import selectors as recognition
from reports.kinds.common import Section, Table, _as_of, _no_data

# --- d. commendations ------------------------------------------------------------------------


def commendations_context(job):
    organization = job.organization
    decision = (job.parameters.get("decision") or "").strip()
    year = job.parameters.get("year")
    if decision:
        subtitle = _("Decision %(number)s") % {"number": decision}
    elif year:
        subtitle = _("Year %(year)s") % {"year": year}
    else:
        subtitle = ""
    commendations = recognition.approved_commendations(
        organization, decision=decision, year=year, as_of=_as_of(job)
    )
    by_decision = {}
    for commendation in commendations:
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
