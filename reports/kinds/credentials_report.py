"""The credentials report of a congress (R-EL-34), issued in the name of the congress's
credentials committee: the figures of delegates.credentials, as on the web page."""

from django.conf import settings
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from congress_day import selectors as congress_day
from congress_day.choices import Body
from congresses.services import roman
from delegates import credentials
from reports.document import Signature
from reports.kinds.common import Section, Table
from reports.kinds.congress_dossier import _congress
from reports.letterhead import document_number


def _table(title, lines):
    return Table(
        title,
        [_("Group"), _("Number"), _("Share")],
        [[capfirst(line.label), line.count, line.share_text] for line in lines],
        numeric={1, 2},
    )


def _person(person):
    if person is None:
        return "—"
    return _("%(name)s, %(age)s years old") % person


def _head_name(congress):
    head = congress_day.body_head(congress, Body.CREDENTIALS)
    return head.full_name if head else ""


def _totals_section(figures):
    present = figures["present"]
    committee = figures["committee_members"]
    paragraphs = [
        _("Counted from the roll on the congress day, %(day)s.")
        % {"day": date_format(figures["day"], "SHORT_DATE_FORMAT")},
        _("Convened: %(convened)s; present: %(present)s.")
        % {
            "convened": figures["convened"],
            "present": _("not recorded") if present is None else present,
        },
        _("Youngest: %(youngest)s; oldest: %(oldest)s.")
        % {"youngest": _person(figures["youngest"]), "oldest": _person(figures["oldest"])},
        _("Members of the outgoing committee: %(count)s.")
        % {"count": _("not recorded") if committee is None else committee},
    ]
    return Section(
        _("Delegates convened and present"),
        paragraphs,
        [_table(_("By how selected"), figures["selection"])],
    )


def _make_up_section(figures):
    tables = [
        _table(_("Gender"), figures["gender"]),
        _table(_("Age on the congress day"), figures["ages"]),
        _table(_("Ethnicity"), figures["ethnicities"]),
    ]
    tables += [_table(capfirst(label), lines) for _field, label, lines in figures["levels"]]
    tables.append(_table(_("Party age"), figures["party_ages"]))
    return Section(_("Make-up of the delegates"), [], tables)


def _not_accepted_section(figures):
    rows = [list(row) for row in figures["not_accepted"]]
    if not rows:
        return Section(
            _("Credentials not accepted"), [_("The credentials of every delegate are accepted.")]
        )
    return Section(
        _("Credentials not accepted"),
        [],
        [Table("", [_("Full name"), _("Unit"), _("Delegation"), _("Reason")], rows)],
    )


def credentials_report_context(job):
    """The report the credentials committee reads at the start of the official session."""
    congress = _congress(job)
    figures = credentials.credentials_figures(congress)
    return {
        "title": _("CREDENTIALS REPORT"),
        "subtitle": _("of the delegates to the congress of %(name)s, the %(ordinal)sth")
        % {"name": congress.organization.name, "ordinal": roman(congress.ordinal)},
        "issuing_lines": [
            congress.organization.name.upper(),
            _("CONGRESS %(ordinal)s") % {"ordinal": roman(congress.ordinal)},
            _("CREDENTIALS COMMITTEE"),
        ],
        # Issued by the credentials committee, not the district committee: its own symbol
        # (R-RP-10, REPORT_CREDENTIALS_SYMBOL, to confirm).
        "document_number": document_number("BC", settings.REPORT_CREDENTIALS_SYMBOL),
        "document_suffix": settings.REPORT_CREDENTIALS_SYMBOL,
        # Its head as the congress day records the committee (a name requested wins).
        "signature": Signature(
            _("ON BEHALF OF THE CREDENTIALS COMMITTEE"), _("CHAIR"), _head_name(congress)
        ),
        "sections": [
            _totals_section(figures),
            _make_up_section(figures),
            _not_accepted_section(figures),
        ],
    }
