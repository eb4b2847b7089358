"""Delegate cards: a printable sheet of a congress's cards (issue 17, item 2), each with the
delegate's number, name, organization, group and the QR code of the check-in token, which is
signed for this congress only and carries neither the member's id nor code (congress_day)."""

import segno
from django.utils.translation import gettext as _

from congress_day import selectors as congress_day
from congresses.services import roman
from organizations import selectors as organizations
from reports.kinds.common import Section, Table, _no_data
from reports.kinds.congress_dossier import _congress


def _qr_svg(token):
    """An inline SVG of `token`'s QR code (medium error correction, survives a crease)."""
    return segno.make(token, error="m", micro=False).svg_inline(scale=3, border=2)


def delegate_cards_context(job):
    congress = _congress(job)
    cards = congress_day.cards_for_sheet(congress)
    title = _("Delegate cards")
    subtitle = _("Congress %(ordinal)s of %(name)s, term %(term)s") % {
        "ordinal": roman(congress.ordinal),
        "name": congress.organization.name,
        "term": congress.term.name,
    }
    if not congress.is_regular:  # issue 15, item 6: which congress of the term
        subtitle = f"{subtitle} · {congress.get_occasion_display()}"
    # The delegate's organization with the one above it: eleven "Chi bộ 1" told apart.
    units = organizations.units_of(card.organization_id for card, _token, _group in cards)
    rows = [
        [card.number, card.member.full_name, units[card.organization_id], group.name]
        for card, _token, group in cards
    ]
    sections = (
        [
            Section(
                _("Cards issued"),
                tables=[
                    Table(
                        _("Delegate cards"),
                        [_("No."), _("Full name"), _("Organization"), _("Group")],
                        rows,
                        numeric={0},
                    )
                ],
            )
        ]
        if rows
        else [_no_data(_("Cards issued"), _("No delegate card has been issued yet."))]
    )
    return {
        "title": title,
        "subtitle": subtitle,
        "congress_name": subtitle,
        "cards": [
            {
                "number": card.number,
                "name": card.member.full_name,
                "organization": card.organization.name,
                "group": group.name,
                "qr": _qr_svg(token),
            }
            for card, token, group in cards
        ],
        "sections": sections,
    }
