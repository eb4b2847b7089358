"""What each kind of report shows: a template and a function that gathers its data.

A context function returns the report's title and its sections; a section holds paragraphs,
tables (`Table`: a title, column headings, rows of cells) and, for charts, SVG built by
congresses.charts. The PDF templates and the Excel export read the same tables, so both show
the same figures. Every figure comes from a grouped query of a service over the subtree; what
an issue has not built yet, or what has no rows, is an explicit "no data" section.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, DateField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congresses import charts
from congresses.dashboard import level_progress
from congresses.models import Congress, ProgressEntry, Term, TermLevelRule, WorkingGroup
from congresses.services import roman
from core.paths import subtree_q
from documents.models import CongressDocument, FollowUpTask
from organizations.models import Organization
from personnel import selectors as personnel
from personnel.elections import threshold
from personnel.models import CommitteePlan, Complaint, KeyPostNomination, RoundVote
from recognition import selectors as recognition
from recognition.models import Commendation, CommendationStatus, Level, Period, Reason
from reports.choices import ReportKind
from reports.letterhead import letterhead


@dataclass
class Table:
    title: str
    columns: list
    rows: list
    # Columns whose cells are numbers (right-aligned in the PDF).
    numeric: set = field(default_factory=set)


@dataclass
class Section:
    heading: str
    paragraphs: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    chart: str = ""
    no_data: bool = False


@dataclass(frozen=True)
class KindSpec:
    template: str
    build_context: object
    # The parameters the kind needs, for the request form and the render_report command.
    needs: tuple = ()
    document_code: str = "BC"


def percent(value):
    return personnel.format_percent(value) if value is not None else "—"


def _no_data(heading, text=None):
    return Section(heading, [text or _("No data recorded yet.")], no_data=True)


def _term(job):
    name = (job.parameters.get("term") or "").replace("-", "–")
    term = Term.objects.filter(name=name).first() if name else None
    if term is None:
        term = Term.objects.order_by("-starts_on").filter(starts_on__lte=_as_of(job)).first()
    if term is None:
        raise ValidationError(_("There is no such term."))
    return term


def _as_of(job):
    raw = job.parameters.get("as_of")
    if raw:
        return datetime.date.fromisoformat(raw)
    return timezone.localtime(job.created_at).date()


def _header(job, spec):
    organization = job.organization
    as_of = _as_of(job)
    head = letterhead(organization, kind_code=spec.document_code)
    return {
        "organization": organization,
        **head,
        "report_date": as_of,
        # Translators: the place and date of a party document: "Tây Hồ, ngày 20 tháng 02 năm
        # 2020" in Vietnamese.
        "report_date_text": _("%(place)s, %(day)s/%(month)s/%(year)s")
        % {
            "place": head["place"],
            "day": as_of.strftime("%d"),
            "month": as_of.strftime("%m"),
            "year": as_of.year,
        },
    }


# --- a. congress summary of a subtree and term -------------------------------------------------


def _organization_section(organization):
    rows = list(
        Organization.objects.in_subtree(organization)
        .exclude(pk=organization.pk)
        .values("kind__name", "kind__level", "kind__holds_members")
        .annotate(count=Count("pk"))
        .order_by("kind__level", "kind__name")
    )
    grassroots = sum(row["count"] for row in rows if row["kind__level"] == 3)
    cells = sum(
        row["count"] for row in rows if row["kind__holds_members"] and row["kind__level"] > 3
    )
    return Section(
        _("The party organization"),
        [
            _("%(grassroots)s grassroots organizations and %(cells)s cells under them.")
            % {"grassroots": grassroots, "cells": cells}
        ],
        [
            Table(
                _("Organizations by kind"),
                [_("Kind"), _("Number")],
                [[row["kind__name"], row["count"]] for row in rows],
                numeric={1},
            )
        ],
    )


def _late_by_level(organization, term, rules):
    """Held congresses per level closed after their level's deadline (`rules`: the term's
    TermLevelRule rows). One query."""
    if not rules:
        return {}
    deadline = Case(
        *(When(level=rule.level, then=Value(rule.deadline)) for rule in rules),
        output_field=DateField(),
    )
    return {
        row["level"]: row["late"]
        for row in Congress.objects.filter(term=term)
        .in_subtree(organization)
        .filter(ended_on__isnull=False)
        .annotate(deadline=deadline)
        .values("level")
        .annotate(late=Count("pk", filter=Q(ended_on__gt=F("deadline"))))
        .order_by()
    }


def _progress_section(organization, term, as_of, rules):
    by_level, totals = level_progress(
        organization=organization,
        term=term,
        as_of=as_of,
        labels={rule.level: rule.label for rule in rules},
    )
    figures = {"by_level": by_level, "totals": totals}
    if not totals["planned"]:
        return _no_data(_("Progress of the congresses"), _("No congress is planned here."))
    late = _late_by_level(organization, term, rules)
    rows = [
        [
            row["label"],
            row["planned"],
            row["held"],
            percent(row["share"]) + " %" if row.get("share") is not None else "—",
            row["held"] - late.get(row["level"], 0),
            late.get(row["level"], 0),
            row["overdue"],
            f"{row['pilots_held']}/{row['pilots']}",
        ]
        for row in figures["by_level"]
    ]
    totals = figures["totals"]
    chart = charts.held_vs_planned_bars(
        [(row["label"], row["planned"], row["held"]) for row in figures["by_level"]],
        title=_("Congresses held against planned, per level"),
        planned_label=_("planned"),
        held_label=_("held"),
    )
    return Section(
        _("Progress of the congresses"),
        [
            _(
                "On %(day)s, %(held)s of %(planned)s congresses held (%(share)s %%); %(pilots)s "
                "pilot congresses, %(overdue)s overdue."
            )
            % {
                "day": date_format(as_of, "SHORT_DATE_FORMAT"),
                "held": totals["held"],
                "planned": totals["planned"],
                "share": percent(totals["share"]),
                "pilots": totals["pilots"],
                "overdue": totals["overdue"],
            }
        ],
        [
            Table(
                _("Congresses per level"),
                [
                    _("Level"),
                    _("Planned"),
                    _("Held"),
                    _("Share"),
                    _("On time"),
                    _("Late"),
                    _("Overdue"),
                    _("Pilots held"),
                ],
                rows,
                numeric={1, 2, 4, 5, 6},
            )
        ],
        chart=chart,
    )


def _documents_section(organization, term):
    rows = list(
        CongressDocument.objects.filter(
            subtree_q(organization.path, "org_path"), congress__term=term
        )
        .values("kind")
        .annotate(
            documents=Count("pk", distinct=True),
            comments=Count("rounds__comments", distinct=True),
            rounds_count=Count("rounds", distinct=True),
            approved=Count("pk", distinct=True, filter=Q(approved_on__isnull=False)),
        )
        .order_by("kind")
    )
    if not rows:
        return _no_data(_("Congress documents"))
    from documents.choices import DocumentKind

    return Section(
        _("Congress documents"),
        [],
        [
            Table(
                _("Documents, discussion rounds and comments"),
                [_("Document"), _("Documents"), _("Rounds"), _("Comments"), _("Approved")],
                [
                    [
                        DocumentKind(row["kind"]).label,
                        row["documents"],
                        row["rounds_count"],
                        row["comments"],
                        row["approved"],
                    ]
                    for row in rows
                ],
                numeric={1, 2, 3, 4},
            )
        ],
    )


def _age_day(organization, rules, as_of):
    """Ages are counted at the term's reference date for the level, else at the end of the
    term's congress calendar (the last deadline), never after `as_of` (`rules`: the term's
    TermLevelRule rows)."""
    own = [rule for rule in rules if rule.level == organization.kind.level]
    if own and own[0].age_reference_date:
        return own[0].age_reference_date
    last = max((rule.deadline for rule in rules), default=as_of)
    return min(last, as_of)


def _structure_section(organization, term, as_of, rules):
    day = _age_day(organization, rules, as_of)
    rows = personnel.elected_by_level(organization=organization, term=term, as_of=day)
    planned = personnel.planned_by_level(organization=organization, term=term)
    nominations = KeyPostNomination.objects.filter(
        subtree_q(organization.path, "org_path"), congress__term=term
    ).annotate(
        elected=Exists(
            RoundVote.objects.filter(
                candidate=OuterRef("candidate"),
                is_elected=True,
                round__ballot__congress=OuterRef("congress"),
                round__ballot__kind=OuterRef("post"),
            )
        )
    )
    elected_flags = list(nominations.values_list("elected", flat=True))
    key_posts = {"total": len(elected_flags), "elected": sum(elected_flags)}
    if not rows and not planned:
        return _no_data(_("Structure of the elected committees"))
    targets = _(
        "Targets of the term: women ≥ %(women)s %%, young (under %(age)s on %(day)s) ≥ "
        "%(young)s %%."
    ) % {
        "women": percent(term.women_target_percent),
        "age": term.youth_age_limit,
        "day": date_format(day, "SHORT_DATE_FORMAT"),
        "young": percent(term.youth_target_percent),
    }
    paragraphs = [targets]
    if key_posts["total"]:
        paragraphs.append(
            _("Key posts elected as approved in advance: %(elected)s of %(total)s (%(share)s %%).")
            % {
                "elected": key_posts["elected"],
                "total": key_posts["total"],
                "share": percent(personnel.share(key_posts["elected"], key_posts["total"])),
            }
        )
    tables = []
    if rows:
        tables.append(
            Table(
                _("Committees elected, per level"),
                [
                    _("Level"),
                    _("Congresses"),
                    _("Elected"),
                    _("Re-elected"),
                    _("Women"),
                    _("Young"),
                    _("Ethnic minorities"),
                ],
                [
                    [
                        row["level"],
                        row["congresses"],
                        row["elected"],
                        f"{row['reelected']} ({row['reelected_share']} %)",
                        f"{row['women']} ({row['women_share']} %)",
                        f"{row['young']} ({row['young_share']} %)",
                        f"{row['minorities']} ({row['minorities_share']} %)",
                    ]
                    for row in rows
                ],
                numeric={1, 2},
            )
        )
    if planned:
        tables.append(
            Table(
                _("Committee plans, per level"),
                [_("Level"), _("Plans"), _("Committee seats"), _("Planned re-elections")],
                [
                    [row["level"], row["plans"], row["seats"], row["reelected"] or "—"]
                    for row in planned
                ],
                numeric={1, 2, 3},
            )
        )
    return Section(_("Structure of the elected committees"), paragraphs, tables)


def _complaints_section(organization, term):
    figures = Complaint.objects.filter(
        subtree_q(organization.path, "org_path"), candidate__congress__term=term
    ).aggregate(
        received=Count("pk"),
        resolved=Count("pk", filter=Q(is_resolved=True)),
        anonymous=Count("pk", filter=Q(source="anonymous")),
    )
    if not figures["received"]:
        return _no_data(_("Complaints and denunciations"), _("No complaint was received."))
    return Section(
        _("Complaints and denunciations"),
        [
            _(
                "%(received)s received (%(anonymous)s anonymous), %(resolved)s handled and "
                "concluded."
            )
            % figures
        ],
    )


def _commendation_rows(commendations):
    return [
        [row["form_label"], row["reason_label"], row["collectives"], row["individuals"]]
        for row in commendations
    ]


def _congress_commendations_section(organization):
    rows = [
        row
        for row in recognition.commendation_summary(organization=organization)
        if row["reason"] == Reason.CONGRESS
    ]
    if not rows:
        return _no_data(_("Commendations for the congress work"))
    return Section(
        _("Commendations for the congress work"),
        [],
        [
            Table(
                _("Commendations per form"),
                [_("Form"), _("Reason"), _("Collectives"), _("Individuals")],
                _commendation_rows(rows),
                numeric={2, 3},
            )
        ],
    )


def _follow_up_section(organization, term):
    from documents.choices import TaskStatus

    rows = list(
        FollowUpTask.objects.filter(subtree_q(organization.path, "org_path"), term=term)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by("status")
    )
    if not rows:
        return _no_data(_("Follow-up tasks"))
    return Section(
        _("Follow-up tasks"),
        [],
        [
            Table(
                _("Tasks after the congresses"),
                [_("Status"), _("Number")],
                [[TaskStatus(row["status"]).label, row["count"]] for row in rows],
                numeric={1},
            )
        ],
    )


def congress_summary_context(job):
    organization = job.organization
    term = _term(job)
    as_of = _as_of(job)
    rules = list(TermLevelRule.objects.filter(term=term))  # labels, deadlines, age dates
    return {
        "title": _("SUMMARY OF THE CONGRESS WORK"),
        "subtitle": _("Term %(term)s") % {"term": term.name},
        "sections": [
            _organization_section(organization),
            _progress_section(organization, term, as_of, rules),
            _documents_section(organization, term),
            _structure_section(organization, term, as_of, rules),
            _complaints_section(organization, term),
            _congress_commendations_section(organization),
            _follow_up_section(organization, term),
        ],
    }


# --- b. one congress's dossier ---------------------------------------------------------------


def _congress(job):
    congress = (
        Congress.objects.in_subtree(job.organization)
        .select_related("organization", "term")
        .filter(pk=job.parameters.get("congress"))
        .first()
    )
    if congress is None:
        raise ValidationError(_("There is no such congress in this organization."))
    return congress


def congress_dossier_context(job):
    congress = _congress(job)
    plan = CommitteePlan.objects.filter(congress=congress).first()
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
                    "stage": congress.get_stage_display(),
                },
                _("Planned on %(planned)s; held %(held)s; %(convened)s convened.")
                % {
                    "planned": date_format(congress.planned_date, "SHORT_DATE_FORMAT")
                    if congress.planned_date
                    else "—",
                    "held": date_format(congress.ended_on, "SHORT_DATE_FORMAT")
                    if congress.ended_on
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
    documents = list(
        congress.documents.annotate(
            rounds_count=Count("rounds", distinct=True),
            comments_count=Count("rounds__comments", distinct=True),
        )
    )
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
    ballots = list(congress.ballots.prefetch_related("candidates", "rounds__votes__candidate"))
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
    body = personnel.elected_body_figures(congress)
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


# --- c. classification summary -----------------------------------------------------------------


def _period(job):
    year = job.parameters.get("year") or _as_of(job).year - 1
    period = Period.objects.filter(kind="year", year=int(year)).first()
    if period is None:
        raise ValidationError(_("There is no classification period for %(year)s.") % {"year": year})
    return period


def classification_summary_context(job):
    organization = job.organization
    period = _period(job)
    summary = recognition.rating_summary(organization=organization, period=period)
    labels = [label for _value, label in Level.choices]
    sections = []
    if summary["organizations"]:
        sections.append(
            Section(
                _("Party organizations"),
                [],
                [
                    Table(
                        _("Organizations per level of the tree"),
                        [_("Level"), *labels, period.exemplary_label, _("Total")],
                        [
                            [
                                row["tree_level"],
                                row["excellent"],
                                row["good"],
                                row["complete"],
                                row["failed"],
                                row["exemplary"],
                                row["total"],
                            ]
                            for row in summary["organizations"]
                        ],
                        numeric={1, 2, 3, 4, 5, 6},
                    )
                ],
            )
        )
    else:
        sections.append(_no_data(_("Party organizations")))
    members = summary["members"]
    sections.append(
        Section(
            _("Party members"),
            [],
            [
                Table(
                    _("Members per rating"),
                    [*labels, _("Total")],
                    [
                        [
                            members["excellent"],
                            members["good"],
                            members["complete"],
                            members["failed"],
                            summary["members_total"],
                        ]
                    ],
                    numeric={0, 1, 2, 3, 4},
                )
            ],
        )
        if summary["members_total"]
        else _no_data(_("Party members"))
    )
    exemplary = recognition.exemplary_list(organization=organization, period=period)
    sections.append(
        Section(period.exemplary_label, [", ".join(r.organization.name for r in exemplary)])
        if exemplary
        else _no_data(period.exemplary_label)
    )
    years = recognition.streak_years()
    member_streaks = recognition.streaks(organization=organization, year=period.year)
    organization_streaks = recognition.streaks(
        organization=organization, year=period.year, subject="organization", exemplary=True
    )
    sections.append(
        Section(
            _("Streaks of %(years)s years (%(first)s–%(last)s)")
            % {"years": years, "first": period.year - years + 1, "last": period.year},
            [
                _(
                    "%(members)s members excellent and %(organizations)s organizations exemplary "
                    "in each of these years."
                )
                % {"members": len(member_streaks), "organizations": len(organization_streaks)}
            ],
            [
                Table(
                    _("Members excellent every year"),
                    [_("Full name"), _("Organization")],
                    [[row["name"], row["place"]] for row in member_streaks],
                ),
                Table(
                    _("Organizations exemplary every year"),
                    [_("Organization")],
                    [[row["name"]] for row in organization_streaks],
                ),
            ],
        )
    )
    warnings = recognition.member_cap_warnings(
        period=period, organization=organization
    ) + recognition.organization_cap_warnings(period=period, organization=organization)
    if warnings:
        sections.append(Section(_("Caps exceeded (warnings)"), warnings))
    return {
        "title": _("SUMMARY OF THE QUALITY CLASSIFICATION"),
        "subtitle": _("Year %(year)s · %(regulation)s")
        % {"year": period.year, "regulation": period.regulation},
        "sections": sections,
    }


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


# --- test report ---------------------------------------------------------------------------------


def test_report_context(job):
    section = _organization_section(job.organization)
    return {
        "title": _("TEST REPORT"),
        "subtitle": job.organization.name,
        "sections": [section],
    }


KINDS = {
    ReportKind.TEST: KindSpec("reports/pdf/report.html", test_report_context),
    ReportKind.CONGRESS_SUMMARY: KindSpec(
        "reports/pdf/congress_summary.html", congress_summary_context, ("term",)
    ),
    ReportKind.CONGRESS_DOSSIER: KindSpec(
        "reports/pdf/congress_dossier.html", congress_dossier_context, ("congress",)
    ),
    ReportKind.CLASSIFICATION_SUMMARY: KindSpec(
        "reports/pdf/classification_summary.html", classification_summary_context, ("year",)
    ),
    ReportKind.COMMENDATIONS: KindSpec(
        "reports/pdf/commendations.html", commendations_context, ("year", "decision"), "DS"
    ),
    ReportKind.WORKING_GROUP: KindSpec(
        "reports/pdf/working_group.html", working_group_context, ("group",)
    ),
}


def build_context(job):
    """The context common to every kind (letterhead, date) and the kind's own."""
    spec = KINDS[job.kind]
    return {**_header(job, spec), **spec.build_context(job)}
