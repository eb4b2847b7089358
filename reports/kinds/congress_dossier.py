"""b. One congress's dossier."""

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from congress_day import selectors as congress_day
from congresses import rulepacks
from congresses import selectors as congresses
from congresses.choices import Stage
from congresses.services import roman
from core.document_symbols import approval_sentence
from delegates import selectors as delegates
from documents import selectors as document_selectors
from organizations import selectors as organizations
from personnel import selectors as personnel
from personnel.elections import threshold
from personnel.selectors import share
from personnel.tally import selectors as tally
from reports.kinds.common import (
    Section,
    Table,
    _as_of,
    _no_data,
    _short_date,
    percent,
    unit_table,
)

# --- b. one congress's dossier ---------------------------------------------------------------


def _congress(job):
    congress = congresses.congress_in(
        job.organization, job.parameters.get("congress"), as_of=_as_of(job)
    )
    if congress is None:
        raise ValidationError(_("There is no such congress in this organization."))
    return congress


def _congress_section(congress, as_of):
    """The congress itself as it stood on the report's date: its stage then, held only if
    by then; whether it was a pilot congress."""
    held_by_then = congress.held_on and congress.held_on <= as_of
    return Section(
        _("The congress"),
        [
            _("Congress %(ordinal)s of %(name)s, term %(term)s; %(kind)s; stage: %(stage)s.")
            % {
                "ordinal": roman(congress.ordinal),
                "name": congress.organization.name,
                "term": congress.term.name,
                "kind": congress.get_kind_display(),
                "stage": Stage(congress.stage_on).label,
            },
            _("Planned on %(planned)s; held %(held)s; %(convened)s convened.")
            % {
                "planned": _short_date(congress.planned_date),
                "held": _short_date(congress.ended_on if held_by_then else None),
                "convened": _convened(congress),
            },
            _("A pilot congress (đại hội điểm).")
            if congress.is_pilot
            else _("Not a pilot congress."),
            # Issue 15, item 6: a congress besides the term's says which (and why).
            *(
                []
                if congress.is_regular
                else [
                    " · ".join(
                        filter(None, [congress.get_occasion_display(), congress.occasion_reason])
                    )
                ]
            ),
        ],
    )


def _convened(congress):
    """Those convened: as entered on the congress, else as its roll counts them today."""
    return congress.convened or delegates.convened(congress).count() or _("none on the roll")


def _approval_section(congress, as_of):
    """The approval of the results by the committee above (chuẩn y, R-EL-02), if given by
    `as_of`."""
    heading = _("Approval of the results")
    approved = congress.approval_number or congress.approval_date
    if not approved or (congress.approval_date and congress.approval_date > as_of):
        return _no_data(heading, _("The committee above has not approved the results yet."))
    return Section(
        heading,
        [
            approval_sentence(
                body=congress.approval_body,
                number=congress.approval_number,
                date=_short_date(congress.approval_date),
            )
        ],
    )


def person_units(congress):
    """unit(person): the unit printed beside a person the congress's documents name (a
    candidate, a member of the counting committee): the member's organization and the one
    above it; a dash for a person who is not a member of the tree. Three queries."""
    people = personnel.people_organizations(congress)
    names = organizations.units_of(people.values())

    def unit(person):
        return names.get(people.get(person.member_id), "—")

    return unit


def _committee_table(title, members, unit):
    """The counting committee's members, its head first, with their role and unit."""
    rows = [
        [
            member.full_name,
            _("head") if member.is_head else pgettext("counting committee", "member"),
        ]
        for member in members
    ]
    return unit_table(
        title, [_("Full name"), _("Role")], rows, [unit(member) for member in members], at=1
    )


def _counting_section(members, unit):
    """The counting committee (ban kiểm phiếu), its head first."""
    if not members:
        return _no_data(_("Counting committee"))
    return Section(
        _("Counting committee"), [], [_committee_table(_("Counting committee"), members, unit)]
    )


def _complaint_row(complaint):
    status = _("resolved") if complaint.is_resolved else _("pending")
    return [_short_date(complaint.received_on), complaint.candidate.full_name,
            complaint.get_source_display(), complaint.summary, complaint.handling or "—",
            complaint.conclusion or "—", status]  # fmt: skip


def _complaints_section(congress, as_of, unit):
    """The complaints about the candidates and how each was handled."""
    complaints = personnel.congress_complaints(congress, as_of=as_of)
    if not complaints:
        return _no_data(_("Complaints and their handling"), _("No complaint was received."))
    table = unit_table(
        _("Complaints and their handling"),
        [_("Received on"), _("Candidate"), _("Source"), _("Summary"), _("Handling"),
         _("Conclusion"), _("Status")],
        [_complaint_row(complaint) for complaint in complaints],
        [unit(complaint.candidate) for complaint in complaints],
        at=2,
    )  # fmt: skip
    return Section(_("Complaints and their handling"), [], [table])


def _bodies_section(congress, as_of, unit):
    """Who each election elected by `as_of`: the committee, the standing committee, the
    secretary... one table per body, one row per person with their unit (`unit(person)`), so
    that two people of one name are told apart (issue 19). One row per person: the units
    once went in brackets into a single cell per body, which grew taller than a page and
    took WeasyPrint three times as long to lay out."""
    bodies = personnel.elected_bodies(congress, as_of=as_of)
    if not bodies:
        return _no_data(_("Bodies elected"))
    tables = [
        unit_table(
            _("%(body)s: %(count)s elected.")
            % {"body": capfirst(body["ballot"].get_kind_display()), "count": len(body["elected"])},
            [_("No."), _("Full name")],
            [[index, person.full_name] for index, person in enumerate(body["elected"], 1)],
            [unit(person) for person in body["elected"]],
            at=2,
            numeric={0},
        )
        for body in bodies
    ]
    return Section(_("Bodies elected"), [], tables)


def _plan_section(plan):
    """The committee plan's seats, or a no-data section when there is no plan."""
    if not plan:
        return _no_data(_("Committee plan"))
    return Section(
        _("Committee plan"),
        [
            _(
                "%(seats)s committee seats, %(standing)s in the standing committee, "
                "%(reelected)s outgoing members planned for re-election."
            )
            % {
                "seats": plan.committee_seats,
                "standing": plan.standing_seats or "—",
                "reelected": plan.planned_reelected if plan.planned_reelected is not None else "—",
            }
        ],
    )


def _document_row(document):
    """One document's row: title, rounds, comments and approval number."""
    return [
        document.title,
        document.rounds_count,
        document.comments_count,
        (document.approval_number or "—") if document.approved_by_then else "—",
    ]


def _documents_table(documents):
    """The documents' table, one row per document (see _document_row)."""
    return Table(
        _("Documents of the congress"),
        [
            _("Document"),
            # Translators: rounds of discussion and comment on a draft (lần thảo luận, lấy ý
            # kiến), not rounds of voting.
            pgettext("discussion", "Rounds"),
            _("Comments"),
            _("Approval"),
        ],
        [_document_row(document) for document in documents],
        numeric={1, 2},
    )


def _documents_section(documents):
    """The congress's documents as a table, or a no-data section when there are none."""
    if not documents:
        return _no_data(_("Documents"))
    return Section(_("Documents"), [], [_documents_table(documents)])


def _candidate_row(candidate):
    """One candidate's row of a slate."""
    return [
        candidate.full_name,
        candidate.get_gender_display(),
        date_format(candidate.birth_date, "SHORT_DATE_FORMAT"),
        candidate.ethnicity,
        _("yes") if candidate.is_incumbent else "",
    ]


def _slate_paragraphs(messages, term, decision):
    """The slate's messages; the size errors (R-EL-07/08/10) give way to the congress's
    adopted decision on the list when there is one (`decision`, dated by the list's first
    round): the rules it departs from and the vote, instead of an error it settled."""
    errors = [message for message in messages if message.level == "error"]
    if not errors or decision is None or not decision["adopted"]:
        return [str(message) for message in messages]
    rules = "; ".join(rulepacks.cite(term, message.rule) for message in errors)
    decided = [
        _("The congress decided otherwise on the size of this list (%(rules)s).")
        % {"rules": rules},
        _decision_paragraph(decision),
    ]
    return decided + [str(message) for message in messages if message.level != "error"]


def _slate_section(ballot, term, unit, decision=None):
    """One ballot's list of candidates with the slate's messages (`decision`: the congress's
    vote on the list, see _slate_paragraphs)."""
    candidates = list(ballot.candidates.all())
    figures = personnel.slate_figures(ballot=ballot, term=term, candidates=candidates)
    ordered = sorted(candidates, key=lambda c: (c.full_name, c.pk))
    table = unit_table(
        ngettext(
            "List: %(count)s for %(seats)s seat",
            "List: %(count)s for %(seats)s seats",
            ballot.seats,
        )
        % {"count": len(candidates), "seats": ballot.seats},
        [
            _("Full name"),
            _("Gender"),
            _("Date of birth"),
            _("Ethnicity"),
            _("Outgoing committee"),
        ],
        [_candidate_row(candidate) for candidate in ordered],
        [unit(candidate) for candidate in ordered],
        at=1,
    )
    return Section(
        ballot.get_kind_display(), _slate_paragraphs(figures["messages"], term, decision), [table]
    )


def _decision_paragraph(decision):
    """The congress's vote on the list, on the minutes of the list's first round."""
    numbers = {**decision, "day": _short_date(decision["day"])}
    if decision["adopted"]:
        text = _(
            "The congress voted on this list on %(day)s: %(agree)s for, %(disagree)s against, "
            "%(abstain)s abstaining, of %(present)s present; adopted."
        )
    else:
        text = _(
            "The congress voted on this list on %(day)s: %(agree)s for, %(disagree)s against, "
            "%(abstain)s abstaining, of %(present)s present; not adopted."
        )
    return text % numbers


def _base_text(election_round):
    """D with its components (R-EL-20/21) and the threshold."""
    return _(
        "D = %(convened)s convened − %(absent)s absent for the whole congress with an accepted "
        "reason − %(suspended)s suspended, prosecuted or detained − %(other)s other exclusions "
        "= %(base)s; a candidate needs more than half of D (at least %(threshold)s votes)."
    ) % {
        "convened": election_round.convened,
        "absent": election_round.excluded_absent_with_reason,
        "suspended": election_round.excluded_suspended,
        "other": election_round.excluded_other,
        "base": election_round.base,
        "threshold": threshold(election_round.base),
    }


def _round_paragraphs(election_round, decision=None):
    """The counting minutes' text: the congress's vote on the list (first round), D with its
    components, the ballots, how a re-vote was counted and any tie."""
    paragraphs = [_decision_paragraph(decision)] if decision else []
    paragraphs.append(_base_text(election_round))
    if election_round.base_note:
        paragraphs.append(
            _("Why D differs from the roll: %(note)s") % {"note": election_round.base_note}
        )
    paragraphs.append(
        _("Ballots issued %(issued)s, returned %(returned)s, valid %(valid)s, invalid %(invalid)s.")
        % {
            "issued": election_round.ballots_issued,
            "returned": election_round.ballots_returned,
            "valid": election_round.ballots_valid,
            "invalid": election_round.ballots_invalid,
        }
    )
    if not election_round.majority_required:
        paragraphs.append(
            _(
                "Re-vote among the tied candidates: more than half of D was not required, the "
                "most votes elect (R-EL-23, unresolved: the term's rules, else the setting "
                "ELECTION_TIE_REVOTE_MAJORITY)."
            )
        )
    if election_round.tied:
        paragraphs.append(
            _("Tie for %(seats)s seat(s): the congress decides.")
            % {"seats": election_round.tie_seats}
        )
    return paragraphs


def _vote_result(candidate_id, elected, tied):
    """A candidate's result in a round: elected, tied, or not elected."""
    if candidate_id in elected:
        return _("elected")
    if candidate_id in tied:
        return _("tied")
    return _("not elected")


def _share_of_d(votes, base):
    """A candidate's votes as a share of D ("52,31 %"), a dash for a round without D."""
    value = share(votes, base)
    return "—" if value is None else f"{percent(value)}\u00a0%"


def _round_table(election_round, unit):
    """A round's votes, most first, with each candidate's unit, share of D and result."""
    elected = set(election_round.elected)
    tied = set(election_round.tied)
    votes = sorted(election_round.votes.all(), key=lambda v: (-v.votes, v.candidate_id))
    return unit_table(
        _("Round %(number)s: votes") % {"number": election_round.number},
        [_("Full name"), _("Votes"), _("Share of D"), _("Result")],
        [
            [
                vote.candidate.full_name,
                vote.votes,
                _share_of_d(vote.votes, election_round.base),
                _vote_result(vote.candidate_id, elected, tied),
            ]
            for vote in votes
        ],
        [unit(vote.candidate) for vote in votes],
        at=1,
        numeric={1, 2},
    )


# The minutes' number when none is recorded: a blank written in by hand on the signed copy, as
# a document's number before it is registered (R-RP-10).
MINUTES_NUMBER_BLANK = "…………"


def round_section(ballot, election_round, *, unit, committee, decision=None):
    """One round's counting minutes: their number (a blank to fill in when none is recorded),
    the paragraphs, the table of votes and those who sign the minutes, the counting committee
    (`committee`, its head first)."""
    paragraphs = _round_paragraphs(election_round, decision if election_round.number == 1 else None)
    number = election_round.minutes_number or MINUTES_NUMBER_BLANK
    paragraphs.insert(0, _("Minutes no. %(number)s.") % {"number": number})
    tables = [_round_table(election_round, unit)]
    if committee:
        tables.append(_committee_table(_("Signed by the counting committee"), committee, unit))
    else:
        paragraphs.append(
            _("The counting committee is not recorded: the minutes' signatories are not known.")
        )
    return Section(
        _("%(election)s, round %(number)s: counting minutes")
        % {"election": ballot.get_kind_display(), "number": election_round.number},
        paragraphs,
        tables,
    )


def _ballot_sections(ballot, term, *, unit, committee, decision=None):
    """A ballot's slate followed by the minutes of each of its rounds; `decision` is the
    congress's vote on the list (R-EL-07/08/10), printed with the list and on the first
    round's minutes."""
    slate = _slate_section(ballot, term, unit, decision)
    rounds = [
        round_section(ballot, r, unit=unit, committee=committee, decision=decision)
        for r in ballot.rounds.all()
    ]
    return [slate, *rounds]


def _decided_by(ballots, as_of):
    """The day a ballot's decision on its list must come by: its first round's (a round rests
    on a decision taken on or before it, personnel.services.check_slate), else `as_of`."""
    first = {}
    for ballot in ballots:
        rounds = sorted(ballot.rounds.all(), key=lambda item: item.number)
        first[ballot.pk] = rounds[0].held_on if rounds else as_of
    return lambda ballot_pk: first.get(ballot_pk, as_of)


def _election_sections(congress, as_of, *, unit, committee):
    """Each ballot's slate followed by its rounds' minutes, or a no-data section."""
    ballots = personnel.ballots_with_results(congress, as_of=as_of)
    if not ballots:
        return [_no_data(_("Elections"))]
    decisions = congress_day.slate_decisions(congress, on=_decided_by(ballots, as_of))
    sections = [
        section
        for ballot in ballots
        for section in _ballot_sections(
            ballot, congress.term, unit=unit, committee=committee, decision=decisions.get(ballot.pk)
        )
    ]
    return [*sections, _count_log_section(congress, as_of)]


def _count_log_section(congress, as_of):
    """The count log's final hash, which `manage.py verify_count` checks (R-EL-37)."""
    head = tally.log_head(congress, as_of=as_of)
    if head is None:
        text = _("No tally was entered in the count log: the rounds come from the paper minutes.")
    else:
        text = ngettext(
            "The count log holds %(entries)s entry; its final hash is %(hash)s "
            "(manage.py verify_count %(congress)s checks it and recounts every round from it).",
            "The count log holds %(entries)s entries; its final hash is %(hash)s "
            "(manage.py verify_count %(congress)s checks it and recounts every round from it).",
            head.entries,
        ) % {"entries": head.entries, "hash": head.hash, "congress": congress.pk}
    return Section(_("Count log"), [text])


def _elected_section(body):
    """The elected committee's figures."""
    return Section(
        _("Elected committee: %(count)s") % {"count": body["elected"]},
        [row["text"] for row in body["rows"]],
    )


def congress_dossier_context(job):
    """The dossier of one congress: the congress, its plan, documents, counting committee,
    complaints, elections, the bodies elected and the approval of the results."""
    congress = _congress(job)
    as_of = _as_of(job)
    plan = personnel.committee_plan(congress)
    sections = [_congress_section(congress, as_of), _plan_section(plan)]
    sections.append(
        _documents_section(document_selectors.congress_documents(congress, as_of=as_of))
    )
    unit = person_units(congress)
    committee = personnel.counting_committee(congress)
    sections.append(_counting_section(committee, unit))
    sections.append(_complaints_section(congress, as_of, unit))
    sections.extend(_election_sections(congress, as_of, unit=unit, committee=committee))
    body = personnel.elected_body_figures(congress, as_of=as_of)
    if body["elected"]:
        sections.append(_elected_section(body))
    sections.append(_bodies_section(congress, as_of, unit))
    sections.append(_approval_section(congress, as_of))
    return {
        "title": _("CONGRESS DOSSIER"),
        "subtitle": congress.organization.name,
        "sections": sections,
    }
