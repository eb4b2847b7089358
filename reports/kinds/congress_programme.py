"""The programme of a congress (issue 17, item 1; R-EL-35) in the party-document layout, issued
in the name of the congress: each session's items in order with the time, the speaker and the
document presented, and the vote that adopted it."""

from django.conf import settings
from django.utils.formats import time_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from congress_day import selectors as congress_day
from congress_day.choices import AgendaKind
from congresses.services import roman
from reports.document import congress_signature
from reports.kinds.common import Section, Table, _no_data, in_vietnamese
from reports.kinds.congress_dossier import _congress
from reports.letterhead import document_number


def _item_title(item):
    """An item's title; in a report in another language than Vietnamese, a standard item of
    the order of business is named by its kind (AgendaKind's label, translated): its title is
    Vietnamese data ("Bầu Đoàn Chủ tịch"). An item added by hand keeps its own title."""
    if in_vietnamese() or item.kind == AgendaKind.OTHER:
        return item.title
    return capfirst(item.get_kind_display())


def congress_programme_context(job):
    congress = _congress(job)
    agenda = congress_day.agenda(congress)
    vote = congress_day.programme_vote(congress)
    sections = [
        Section(
            capfirst(session),
            tables=[
                Table(
                    capfirst(session),
                    [_("No."), _("Time"), _("Item"), _("Speaker"), _("Document")],
                    [
                        [
                            number,
                            time_format(item.starts_at, "H:i") if item.starts_at else "",
                            _item_title(item),
                            item.speaker,
                            item.document.title if item.document else "",
                        ]
                        for number, item in enumerate(items, 1)
                    ],
                    numeric={0},
                )
            ],
        )
        for session, items in agenda
    ] or [_no_data(_("Programme"), _("No programme has been made yet."))]
    if vote is not None:
        sections.append(
            Section(
                _("Adoption"),
                [
                    (
                        _("Adopted by the congress: %(agree)s of %(present)s present agree.")
                        if vote.adopted
                        else _("Not adopted: %(agree)s of %(present)s present agree.")
                    )
                    % {"agree": vote.agree, "present": vote.present}
                ],
            )
        )
    return {
        "title": _("PROGRAMME"),
        "subtitle": _("of the congress of %(name)s, the %(ordinal)sth")
        % {"name": congress.organization.name, "ordinal": roman(congress.ordinal)},
        "issuing_lines": [
            congress.organization.name.upper(),
            _("CONGRESS %(ordinal)s") % {"ordinal": roman(congress.ordinal)},
        ],
        # A programme (CTr, chương trình) issued by the congress, not the committee's report
        # "-BC/QU" (R-RP-10, REPORT_CONGRESS_SYMBOL).
        "document_number": document_number("CTr", settings.REPORT_CONGRESS_SYMBOL),
        "document_suffix": settings.REPORT_CONGRESS_SYMBOL,
        # Issued by the congress: signed for its presidium, not the standing committee.
        "signature": congress_signature(congress, as_of=job.as_of),
        "sections": sections,
    }
