"""What the parts of the congress file (hồ sơ đại hội, R-RP-01) show that no other kind does:
the table of contents, the cover of an uploaded document, the minutes of the rounds, the
results and the list of attachments. reports.congress_file renders and merges them."""

from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from congress_day import selectors as congress_day
from congresses.services import roman
from core.document_symbols import approval_sentence
from personnel import selectors as personnel
from reports.kinds.common import Section, Table, _as_of, _no_data, _short_date
from reports.kinds.congress_dossier import (
    _approval_section,
    _bodies_section,
    _congress,
    _count_log_section,
    _counting_section,
    _decided_by,
    _elected_section,
    person_units,
    round_section,
)


@dataclass
class Attachment:
    """One uploaded file of the congress's documents, as filed in the zip."""

    document: object
    version: object
    name: str  # its name inside the zip
    data: bytes
    sha256: str
    merged: bool = False


def congress_file_context(job):
    """The file's cover: its title; the table of contents is added once the parts are
    rendered and their pages counted (reports.congress_file)."""
    congress = _congress(job)
    return {
        "title": _("CONGRESS FILE"),
        "subtitle": _("of the congress of %(name)s, the %(ordinal)sth, term %(term)s")
        % {
            "name": congress.organization.name,
            "ordinal": roman(congress.ordinal),
            "term": congress.term.name,
        },
        "sections": [],
    }


def contents_context(job, entries):
    """The cover with the table of contents: `entries` are (title, first page) pairs."""
    rows = [[number, title, page] for number, (title, page) in enumerate(entries, 1)]
    table = Table("", [_("No."), _("Document"), _("Page")], rows, {0, 2})
    section = Section(_("Table of contents"), [], [table])
    return {**congress_file_context(job), "sections": [section]}


def _version_paragraphs(version, attachment):
    document = version.document
    paragraphs = [
        _("%(title)s, version %(number)s of %(date)s.")
        % {
            "title": document.title,
            "number": version.number,
            "date": _short_date(version.uploaded_at.date()),
        },
        approval_sentence(
            body=document.approval_body,
            number=document.approval_number,
            date=_short_date(document.approved_on),
        )
        if document.approved_on
        else _("Not approved by the committee above."),
    ]
    if attachment is None:
        return [*paragraphs, *version.text.strip().split("\n")]
    text = (
        _("The uploaded file %(name)s follows (SHA-256 %(sha)s).")
        if attachment.merged
        else _(
            "The uploaded file %(name)s is not a PDF: it is listed here and filed in the "
            "attached zip, not merged (SHA-256 %(sha)s)."
        )
    )
    return [*paragraphs, text % {"name": attachment.name, "sha": attachment.sha256}]


def document_context(title, version, attachment):
    """The cover page of an uploaded document (the political report, the resolution); a
    no-data section when the congress has no such document."""
    if version is None:
        return _part(title, [_no_data(title, _("No such document was entered for this congress."))])
    heading = capfirst(version.document.get_kind_display())
    return _part(title, [Section(heading, _version_paragraphs(version, attachment))])


def _part(title, sections):
    """A part of the file: its title in capitals over its sections."""
    return {"title": title.upper(), "subtitle": "", "sections": sections}


def minutes_context(job, title):
    """The minutes of every round, after the counting committee, with the count log."""
    congress = _congress(job)
    as_of = _as_of(job)
    ballots = personnel.ballots_with_results(congress, as_of=as_of)
    unit = person_units(congress)
    committee = personnel.counting_committee(congress)
    # The congress's vote on a list, printed on its first round's minutes (R-EL-07/08/10).
    decisions = congress_day.slate_decisions(congress, on=_decided_by(ballots, as_of))
    rounds = [
        round_section(ballot, r, unit=unit, committee=committee, decision=decisions.get(ballot.pk))
        for ballot in ballots
        for r in ballot.rounds.all()
    ]
    sections = [_counting_section(committee, unit), *rounds, _count_log_section(congress, as_of)]
    sections[1:1] = [] if rounds else [_no_data(_("Elections"))]
    return _part(title, sections)


def results_context(job, title):
    """The bodies elected, the make-up of the committee and the approval of the results."""
    congress = _congress(job)
    as_of = _as_of(job)
    body = personnel.elected_body_figures(congress, as_of=as_of)
    sections = [_bodies_section(congress, as_of, person_units(congress))]
    if body["elected"]:
        sections.append(_elected_section(body))
    sections.append(_approval_section(congress, as_of))
    return _part(title, sections)


def _attachment_row(number, attachment):
    kept = _("merged into this file") if attachment.merged else _("in the zip only")
    size = filesizeformat(len(attachment.data))
    return [number, attachment.document.title, attachment.name, size, attachment.sha256, kept]


def attachments_context(title, attachments):
    """The list of the uploaded files filed with the congress file, with their SHA-256."""
    if not attachments:
        section = _no_data(title, _("No file was uploaded for this congress's documents."))
    else:
        columns = [_("No."), _("Document"), _("File"), _("Size"), _("SHA-256"), _("Kept")]
        rows = [_attachment_row(n, a) for n, a in enumerate(attachments, 1)]
        paragraph = _(
            "The original files are in the zip attached to this file, with their SHA-256 sums "
            "in manifest.csv."
        )
        section = Section(title, [paragraph], [Table(title, columns, rows, {0})])
    return _part(title, [section])
