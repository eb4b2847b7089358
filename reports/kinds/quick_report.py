"""The quick report of a congress's results (báo cáo nhanh kết quả đại hội, R-RP-02), issued in
the congress's name to the higher committee at the close: attendance from the check-in, the
bodies elected against the term's targets, the secretary, the delegates to the higher congress,
the resolution and the issues the staff write (reports.QuickReport)."""

from django.conf import settings
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from congress_day import selectors as congress_day
from congresses.services import roman
from personnel import selectors as personnel
from personnel.choices import BallotKind
from reports.document import congress_signature
from reports.kinds.common import Section, ShareAgainstTarget, Table, _no_data
from reports.kinds.congress_dossier import _congress, person_units
from reports.letterhead import document_number


def _attendance_section(congress):
    figures = congress_day.attendance(congress)
    totals = figures["totals"]
    recorded = congress_day.present_member_ids(congress) is not None
    convened = totals["convened"] or congress.convened
    if not convened:
        return _no_data(_("Attendance"))
    if not recorded:
        present = _("not recorded")
        share = "—"
    else:
        present = totals["present"]
        share = "—" if totals["share"] is None else f"{number_format(totals['share'], 1)} %"
    return Section(
        _("Attendance"),
        [
            _(
                "Convened: %(convened)s; present: %(present)s; share of the official members "
                "present: %(share)s."
            )
            % {"convened": convened, "present": present, "share": share}
        ],
    )


def _share_text(row):
    """ "46,15 % (chỉ tiêu ≥ 15 %; R-WV-08, …)" in the PDF: the share achieved against the
    term's target (when it has one) and the rule that sets it; two percent cells in the
    workbook (ShareAgainstTarget)."""
    return ShareAgainstTarget(row["share"], row["target"], row["rule"])


def _bodies_section(congress, bodies):
    figures = personnel.elected_body_figures(congress)
    if not bodies:
        return _no_data(_("Bodies elected"))
    paragraphs = [
        _("%(body)s: %(count)s elected.")
        % {"body": capfirst(body["ballot"].get_kind_display()), "count": len(body["elected"])}
        for body in bodies
    ]
    table = Table(
        _("Make-up of the committee against the targets"),
        [_("Group"), _("Number"), _("Share")],
        [[capfirst(row["label"]), row["count"], _share_text(row)] for row in figures["rows"]],
        numeric={1},
    )
    return Section(_("Bodies elected"), paragraphs, [table])


def _names_section(heading, bodies, kind, unit):
    """The people elected in the `kind` elections, each with their unit (`unit(person)`) in
    brackets: two people of one name are told apart (issue 19)."""
    elected = [
        person for body in bodies if body["ballot"].kind == kind for person in body["elected"]
    ]
    if not elected:
        return _no_data(heading)
    return Section(heading, [", ".join(_named(person, unit) for person in elected)])


def _named(person, unit):
    """ "Nguyễn Minh Thảo (Chi bộ 1, Đảng bộ phường Hiệp Phú)"; the name alone when the unit is
    not known."""
    known = unit(person)
    return person.full_name if known == "—" else f"{person.full_name} ({known})"


def _issues_section(congress):
    from reports.models import QuickReport

    report = QuickReport.objects.filter(congress=congress).first()
    if report is None or not report.issues.strip():
        return _no_data(_("Issues to report"), _("No issue to report recorded."))
    return Section(_("Issues to report"), report.issues.strip().split("\n"))


def _resolution_section(congress):
    """The resolution adopted (congress_day's votes, issue 17 item 3): its title, the vote
    against those present and its tasks; "not recorded" until the vote is recorded."""
    resolutions = [vote for vote in congress_day.resolutions(congress) if vote.adopted]
    if not resolutions:
        return _no_data(_("Resolution adopted"), _("not recorded"))
    paragraphs = []
    for vote in resolutions:
        paragraphs.append(
            _("%(title)s: adopted with %(agree)s of %(present)s present agreeing.")
            % {"title": vote.document.title, "agree": vote.agree, "present": vote.present}
        )
        paragraphs += [task.title for task in vote.document.follow_up_tasks.all()]
    return Section(_("Resolution adopted"), paragraphs)


def quick_report_context(job):
    """The quick report of the congress of `job`'s organization."""
    congress = _congress(job)
    bodies = personnel.elected_bodies(congress)
    unit = person_units(congress)
    return {
        "title": _("QUICK REPORT"),
        "subtitle": _("on the results of the congress of %(name)s, the %(ordinal)sth")
        % {"name": congress.organization.name, "ordinal": roman(congress.ordinal)},
        "issuing_lines": [
            congress.organization.name.upper(),
            _("CONGRESS %(ordinal)s") % {"ordinal": roman(congress.ordinal)},
        ],
        # Under the congress's own heading: the congress's symbol (R-RP-10).
        "document_number": document_number("BC", settings.REPORT_CONGRESS_SYMBOL),
        "document_suffix": settings.REPORT_CONGRESS_SYMBOL,
        # Issued by the congress: signed for its presidium, not the standing committee.
        "signature": congress_signature(congress, as_of=job.as_of),
        "sections": [
            _attendance_section(congress),
            _bodies_section(congress, bodies),
            _names_section(_("Secretary"), bodies, BallotKind.SECRETARY, unit),
            _names_section(
                _("Delegates to the higher congress"), bodies, BallotKind.DELEGATES, unit
            ),
            _resolution_section(congress),
            _issues_section(congress),
        ],
    }
