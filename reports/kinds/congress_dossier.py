"""b. One congress's dossier."""

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congresses import selectors as congresses
from congresses.choices import Stage
from congresses.services import roman
from documents import selectors as document_selectors
from personnel import selectors as personnel
from personnel.elections import threshold
from reports.kinds.common import Section, Table, _as_of, _no_data

# --- b. one congress's dossier ---------------------------------------------------------------


def _congress(job):
    congress = congresses.congress_in(
        job.organization, job.parameters.get("congress"), as_of=_as_of(job)
    )
    if congress is None:
        raise ValidationError(_("There is no such congress in this organization."))
    return congress


def congress_dossier_context(job):
    congress = _congress(job)
    as_of = _as_of(job)
    # The congress as it stood on the report's date: its stage then, held only if by then.
    held_by_then = congress.held_on and congress.held_on <= as_of
    plan = personnel.committee_plan(congress)
    sections = [
        Section(
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
                    "planned": date_format(congress.planned_date, "SHORT_DATE_FORMAT")
                    if congress.planned_date
                    else "—",
                    "held": date_format(congress.ended_on, "SHORT_DATE_FORMAT")
                    if held_by_then and congress.ended_on
                    else "—",
                    "convened": congress.convened or "—",
                },
            ],
        )
    ]
    if plan:
        sections.append(
            Section(
                _("Committee plan"),
                [
                    _(
                        "%(seats)s committee seats, %(standing)s in the standing committee, "
                        "%(reelected)s outgoing members planned for re-election."
                    )
                    % {
                        "seats": plan.committee_seats,
                        "standing": plan.standing_seats or "—",
                        "reelected": plan.planned_reelected
                        if plan.planned_reelected is not None
                        else "—",
                    }
                ],
            )
        )
    else:
        sections.append(_no_data(_("Committee plan")))
    documents = document_selectors.congress_documents(congress)
    sections.append(
        Section(
            _("Documents"),
            [],
            [
                Table(
                    _("Documents of the congress"),
                    [_("Document"), _("Rounds"), _("Comments"), _("Approval")],
                    [
                        [
                            document.title,
                            document.rounds_count,
                            document.comments_count,
                            document.approval_number or "—",
                        ]
                        for document in documents
                    ],
                    numeric={1, 2},
                )
            ],
        )
        if documents
        else _no_data(_("Documents"))
    )
    ballots = personnel.ballots_with_results(congress, as_of=as_of)
    if not ballots:
        sections.append(_no_data(_("Elections")))
    for ballot in ballots:
        candidates = list(ballot.candidates.all())
        figures = personnel.slate_figures(ballot=ballot, term=congress.term, candidates=candidates)
        tables = [
            Table(
                _("List: %(count)s for %(seats)s seats")
                % {"count": len(candidates), "seats": ballot.seats},
                [
                    _("Full name"),
                    _("Gender"),
                    _("Date of birth"),
                    _("Ethnicity"),
                    _("Outgoing committee"),
                ],
                [
                    [
                        c.full_name,
                        c.get_gender_display(),
                        date_format(c.birth_date, "SHORT_DATE_FORMAT"),
                        c.ethnicity,
                        _("yes") if c.is_incumbent else "",
                    ]
                    for c in sorted(candidates, key=lambda c: (c.full_name, c.pk))
                ],
            )
        ]
        sections.append(
            Section(
                ballot.get_kind_display(), [str(message) for message in figures["messages"]], tables
            )
        )
        for election_round in ballot.rounds.all():
            elected = set(election_round.elected)
            tied = set(election_round.tied)
            votes = sorted(election_round.votes.all(), key=lambda v: (-v.votes, v.candidate_id))
            paragraphs = []
            paragraphs.append(
                _(
                    "D = %(convened)s convened − "
                    "%(excluded)s excluded = %(base)s; a candidate needs more than half of D "
                    "(at least %(threshold)s votes). Ballots issued %(issued)s, returned "
                    "%(returned)s, valid %(valid)s, invalid %(invalid)s."
                )
                % {
                    "convened": election_round.convened,
                    "excluded": election_round.convened - election_round.base,
                    "base": election_round.base,
                    "threshold": threshold(election_round.base),
                    "issued": election_round.ballots_issued,
                    "returned": election_round.ballots_returned,
                    "valid": election_round.ballots_valid,
                    "invalid": election_round.ballots_invalid,
                }
            )
            if election_round.tied:
                paragraphs.append(
                    _("Tie for %(seats)s seat(s): the congress decides.")
                    % {"seats": election_round.tie_seats}
                )
            round_table = (
                Table(
                    _("Round %(number)s: votes") % {"number": election_round.number},
                    [_("Full name"), _("Votes"), _("Result")],
                    [
                        [
                            vote.candidate.full_name,
                            vote.votes,
                            _("elected")
                            if vote.candidate_id in elected
                            else _("tied")
                            if vote.candidate_id in tied
                            else "",
                        ]
                        for vote in votes
                    ],
                    numeric={1},
                ),
            )
            sections.append(
                Section(
                    _("%(election)s, round %(number)s: counting minutes")
                    % {"election": ballot.get_kind_display(), "number": election_round.number},
                    paragraphs,
                    list(round_table),
                )
            )
    body = personnel.elected_body_figures(congress, as_of=as_of)
    if body["elected"]:
        sections.append(
            Section(
                _("Elected committee: %(count)s") % {"count": body["elected"]},
                [row["text"] for row in body["rows"]],
            )
        )
    return {
        "title": _("CONGRESS DOSSIER"),
        "subtitle": congress.organization.name,
        "sections": sections,
    }
