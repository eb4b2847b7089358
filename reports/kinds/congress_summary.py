"""a. The congress summary of a subtree and term; the test report shows its first section."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from congresses import charts
from congresses import selectors as congresses
from congresses.choices import CongressOccasion
from congresses.dashboard import level_progress, other_occasions
from core.text import data_name
from documents import selectors as documents
from organizations import selectors as organizations
from organizations import statistics
from personnel import selectors as personnel
from recognition import selectors as recognition
from recognition.choices import Reason
from reports import narratives
from reports import selectors as report_selectors
from reports.kinds.common import (
    CountShare,
    Section,
    Table,
    _as_of,
    _no_data,
    _short_date,
    _term,
    level_names,
    percent,
    unit_table,
)

# --- a. congress summary of a subtree and term -------------------------------------------------


def _grassroots_and_cells(rows):
    """(grassroots organizations, cells under them) counted from the rows per kind."""
    grassroots = sum(row["count"] for row in rows if row["kind__level"] == 3)
    cells = sum(
        row["count"] for row in rows if row["kind__holds_members"] and row["kind__level"] > 3
    )
    return grassroots, cells


def _organization_section(organization, as_of=None):
    """The organizations below, per kind, there on `as_of` (all when None)."""
    rows = statistics.organizations_by_kind(organization, as_of=as_of)
    grassroots, cells = _grassroots_and_cells(rows)
    return Section(
        _("The party organization"),
        [
            ngettext(
                "%(grassroots)s grassroots organization and %(cells)s cells under it.",
                "%(grassroots)s grassroots organizations and %(cells)s cells under them.",
                grassroots,
            )
            % {"grassroots": grassroots, "cells": cells}
        ],
        [
            Table(
                _("Organizations by kind"),
                [_("Kind"), _("Number")],
                [
                    [data_name(row["kind__name"], row["kind__name_en"]), row["count"]]
                    for row in rows
                ],
                numeric={1},
            )
        ],
    )


def _progress_row(row, late):
    """One level's row: planned, held, share, on time, late, overdue and pilots held."""
    share = percent(row["share"]) + " %" if row.get("share") is not None else "—"
    return [
        row["label"],
        row["planned"],
        row["held"],
        share,
        row["held"] - late,
        late,
        row["overdue"],
        f"{row['pilots_held']}/{row['pilots']}",
    ]


def _progress_figures(organization, term, as_of, rules):
    """{"by_level": rows per level, "totals": the sums with the held share}."""
    by_level, totals = level_progress(
        organization=organization,
        term=term,
        as_of=as_of,
        labels=level_names({rule.level: rule.label for rule in rules}),
    )
    return {"by_level": by_level, "totals": totals}


def _pilots_table(pilots, as_of):
    """The pilot congresses by name and the organization above (unless the same for all),
    with the day each was held (a dash when not yet)."""
    above = organizations.units_of((c.organization_id for c in pilots), with_own_name=False)
    return unit_table(
        _("Pilot congresses"),
        [_("Organization"), _("Held on")],
        [
            [c.organization.name, _short_date(c.held_on if _held_by(c, as_of) else None)]
            for c in pilots
        ],
        [above.get(c.organization_id, "—") for c in pilots],
        at=1,
    )


def _held_by(congress, as_of):
    """True if `congress` was held on or before `as_of`."""
    return bool(congress.held_on) and (as_of is None or congress.held_on <= as_of)


def _progress_section(organization, term, as_of, rules, figures):
    if not figures["totals"]["planned"]:
        return _no_data(_("Progress of the congresses"), _("No congress is planned here."))
    late = congresses.late_by_level(organization, term, rules, as_of=as_of)
    rows = [_progress_row(row, late.get(row["level"], 0)) for row in figures["by_level"]]
    totals = figures["totals"]
    chart = charts.held_vs_planned_bars(
        [(row["label"], row["planned"], row["held"]) for row in figures["by_level"]],
        title=_("Congresses held against planned, per level"),
        planned_label=_("planned"),
        held_label=_("held"),
    )
    tables = [
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
    ]
    pilots = congresses.pilot_congresses(organization, term)
    if pilots:
        tables.append(_pilots_table(pilots, as_of))
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
        tables,
        chart=chart,
    )


def _table_section(
    heading, title, columns, rows, numeric=(), *, paragraphs=(), if_empty=None, units=None, at=0
):
    """A section of one table (`title`, `columns`, `rows`, the `numeric` columns) under
    `paragraphs`; with `units` (one per row), a unit_table with the "Unit" column at `at`.
    Without rows: None (no empty heading) or, with `if_empty` (True or a text), the section
    saying there is nothing (`_no_data`)."""
    if not rows:
        if if_empty is None:
            return None
        return _no_data(heading, None if if_empty is True else if_empty)
    if units is None:
        table = Table(title, columns, rows, set(numeric))
    else:
        table = unit_table(title, columns, rows, units, at=at, numeric=numeric)
    return Section(heading, list(paragraphs), [table])


def _other_occasions_section(organization, term, as_of):
    """The congresses besides the regular ones (mid-term, after a merger, extraordinary), one
    row per occasion: planned and held on `as_of`, the dashboard's table of the same name (the
    figures above count the regular congresses only). None when there are none."""
    rows = other_occasions(organization=organization, term=term, as_of=as_of)
    return _table_section(
        _("Other congresses of the term"),
        _("Congresses by occasion"),
        [_("Occasion"), _("Planned"), _("Held")],
        [[CongressOccasion(row["occasion"]).label, row["planned"], row["held"]] for row in rows],
        {1, 2},
        paragraphs=[_("Counted apart: the figures above count the term congresses only.")],
    )


def _directives_section(organization, term, as_of):
    """The directive documents the organization issued for the term; None when there are
    none (no empty heading)."""
    rows = documents.directives_of(organization, term, as_of=as_of)
    return _table_section(
        _("Directive documents"),
        _("Directive documents issued for the congresses"),
        [_("Number and symbol"), _("Issued on"), _("Title")],
        [[row.number, _short_date(row.issued_on), row.title] for row in rows],
    )


def _working_groups_section(organization, term, as_of):
    """The working groups of the term: name, head, the congresses each follows and those held
    on `as_of`; None when there are none (no empty heading)."""
    groups = congresses.summary_working_groups(organization, term, as_of=as_of)
    return _table_section(
        _("Working groups"),
        _("Working groups and the congresses they follow"),
        [_("Working group"), _("Head"), _("Congresses followed"), _("Held")],
        [[g.name, g.leader_name or "—", g.figures["planned"], g.figures["held"]] for g in groups],
        {2, 3},
    )


def _training_section(organization, term, as_of):
    """The training sessions on congress work held by `as_of`, each with its organization (and
    the one above, unless the same for all); None when there are none."""
    sessions = congresses.training_sessions(organization, term, as_of=as_of)
    if not sessions:
        return None
    above = organizations.units_of((s.organization_id for s in sessions), with_own_name=False)
    attendance = sum(s.attendance for s in sessions)
    return _table_section(
        _("Training on the congress work"),
        _("Training sessions"),
        [_("Date"), _("Organization"), _("Audience"), _("Attendees")],
        [[_short_date(s.held_on), s.organization.name, s.audience, s.attendance] for s in sessions],
        {3},
        paragraphs=[
            ngettext(
                "%(count)s training session, %(attendance)s attendances.",
                "%(count)s training sessions, %(attendance)s attendances.",
                len(sessions),
            )
            % {"count": len(sessions), "attendance": intcomma(attendance)}
        ],
        units=[above.get(s.organization_id, "—") for s in sessions],
        at=2,
    )


def _campaigns_section(organization, as_of):
    """The emulation campaigns begun by `as_of`, with the works registered and completed and
    the commendations decided by then; the end date only once ended by then (a report for a
    date mentions no later date); None when there are none."""
    campaigns = recognition.campaigns_of(organization, as_of=as_of)
    return _table_section(
        _("Emulation campaigns"),
        _("Campaigns, works and commendations"),
        [
            _("Campaign"),
            _("Started on"),
            _("Ended on"),
            _("Works registered"),
            _("Works completed"),
            _("Commendations"),
        ],
        [
            [
                c.name,
                _short_date(c.starts_on),
                _short_date(c.ends_on if c.ends_on <= as_of else None),
                c.works_then,
                c.completed_then,
                c.commendations_then,
            ]
            for c in campaigns
        ],
        {3, 4, 5},
    )


# The counts of a row of documents.figures_by_kind, in the order of the table's columns.
DOCUMENT_COUNTS = ("documents", "rounds_count", "comments", "approved")


def _documents_section(organization, term, as_of):
    from documents.choices import DocumentKind

    rows = documents.figures_by_kind(organization, term, as_of=as_of)
    return _table_section(
        _("Congress documents"),
        _("Documents, discussion rounds and comments"),
        [
            _("Document"),
            _("Documents"),
            # Translators: rounds of discussion and comment on a draft (lần thảo
            # luận, lấy ý kiến), not rounds of voting.
            pgettext("discussion", "Rounds"),
            _("Comments"),
            _("Approved"),
        ],
        [
            [DocumentKind(row["kind"]).label, *(row[name] for name in DOCUMENT_COUNTS)]
            for row in rows
        ],
        {1, 2, 3, 4},
        if_empty=True,
    )


def _reference_day(organization, term, rules):
    """The term's age reference date for the organization (its kind's, else its level's,
    R-WV-14), or None: ages are then counted on the day of each congress, as on the results
    pages."""
    return personnel.reference_date_of(
        term=term, level=organization.kind.level, organization=organization, level_rules=rules
    )


def _targets(term, day):
    """The term's targets for women and the young, the age counted on `day` if there is one,
    else on the day of each congress."""
    numbers = {
        "women": percent(term.women_target_percent),
        "age": term.youth_age_limit,
        "young": percent(term.youth_target_percent),
    }
    if day:
        return _(
            "Targets of the term: women ≥ %(women)s %%, young (under %(age)s on %(day)s) ≥ "
            "%(young)s %%."
        ) % {**numbers, "day": date_format(day, "SHORT_DATE_FORMAT")}
    return (
        _(
            "Targets of the term: women ≥ %(women)s %%, young (under %(age)s on the day of "
            "the congress) ≥ %(young)s %%."
        )
        % numbers
    )


def _key_posts_paragraph(key_posts):
    """How many of the key posts approved in advance were elected."""
    return _(
        "Key posts elected as approved in advance: %(elected)s of %(total)s (%(share)s %%)."
    ) % {
        "elected": key_posts["elected"],
        "total": key_posts["total"],
        "share": percent(personnel.share(key_posts["elected"], key_posts["total"])),
    }


def _with_share(row, name):
    """A count with its share of those elected: "3 (25 %)" in the PDF, two cells in the
    workbook (CountShare)."""
    return CountShare(row[name], personnel.share(row[name], row["elected"]))


def _elected_table(rows):
    """The committees elected per level: counts, re-elected, women, young and minorities."""
    shares = ("reelected", "women", "young", "minorities")
    return Table(
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
                row["label"],
                row["congresses"],
                row["elected"],
                *(_with_share(row, n) for n in shares),
            ]
            for row in rows
        ],
        numeric={1, 2},
    )


def _planned_table(planned):
    """The committee plans per level: plans, seats and planned re-elections."""
    return Table(
        _("Committee plans, per level"),
        [_("Level"), _("Plans"), _("Committee seats"), _("Planned re-elections")],
        [[row["label"], row["plans"], row["seats"], row["reelected"] or "—"] for row in planned],
        numeric={1, 2, 3},
    )


def _elected_rows(organization, term, as_of, rules):
    """The committees elected per level, with the level's name (the structure's table)."""
    labels = level_names({rule.level: rule.label for rule in rules})
    return congresses.name_levels(
        personnel.elected_by_level(organization=organization, term=term, as_of=as_of), labels
    )


def _structure_section(organization, term, as_of, rules, rows):
    day = _reference_day(organization, term, rules)
    labels = level_names({rule.level: rule.label for rule in rules})
    planned = congresses.name_levels(
        personnel.planned_by_level(organization=organization, term=term), labels
    )
    key_posts = personnel.key_posts_elected(organization, term, as_of=as_of)
    if not rows and not planned:
        return _no_data(_("Structure of the elected committees"))
    paragraphs = [_targets(term, day)]
    if key_posts["total"]:
        paragraphs.append(_key_posts_paragraph(key_posts))
    tables = []
    if rows:
        tables.append(_elected_table(rows))
    if planned:
        tables.append(_planned_table(planned))
    return Section(_("Structure of the elected committees"), paragraphs, tables)


def _complaints_section(organization, term, as_of):
    figures = personnel.complaint_figures(organization, term, as_of=as_of)
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


def _congress_commendations_section(organization, as_of):
    rows = [
        row
        for row in recognition.commendation_summary(organization=organization, as_of=as_of)
        if row["reason"] == Reason.CONGRESS
    ]
    return _table_section(
        _("Commendations for the congress work"),
        _("Commendations per form"),
        [_("Form"), _("Reason"), _("Collectives"), _("Individuals")],
        _commendation_rows(rows),
        {2, 3},
        if_empty=True,
    )


def _follow_up_section(organization, term, as_of):
    from documents.choices import TaskStatus

    rows = documents.follow_up_counts(organization, term, as_of=as_of)
    return _table_section(
        _("Follow-up tasks"),
        _("Tasks after the congresses"),
        [_("Status"), _("Number")],
        [[TaskStatus(row["status_on"]).label, row["count"]] for row in rows],
        {1},
        if_empty=True,
    )


def narrative_figures(progress, elected_rows):
    """The figures a summary's text may cite (reports.narratives.FIGURES), read from the
    same rows as the tables of progress and of the committees elected."""
    totals = progress["totals"]
    elected = sum(row["elected"] for row in elected_rows)

    def share_of(key):
        return percent(personnel.share(sum(row[key] for row in elected_rows), elected))

    return {
        "planned": intcomma(totals["planned"]),
        "held": intcomma(totals["held"]),
        "held_share": percent(totals["share"]),
        "overdue": intcomma(totals["overdue"]),
        "pilots": intcomma(totals["pilots"]),
        "elected": intcomma(elected),
        "reelected_share": share_of("reelected"),
        "women_share": share_of("women"),
        "young_share": share_of("young"),
    }


def _narrative(narrative, figures, parts):
    """A section per part of the staff's text that has any, its placeholders filled."""
    texts = [(name, getattr(narrative, name, "")) for name in parts]
    return [
        Section(str(narratives.PARTS[name]), narratives.fill(text, figures).splitlines())
        for name, text in texts
        if text
    ]


def congress_summary_context(job):
    organization = job.organization
    term = _term(job)
    as_of = _as_of(job)
    rules = congresses.level_rules(term)  # labels, deadlines, age dates
    progress = _progress_figures(organization, term, as_of, rules)
    elected = _elected_rows(organization, term, as_of, rules)
    figures = narrative_figures(progress, elected)
    text = report_selectors.summary_narrative(organization, term)
    sections = [
        _organization_section(organization, as_of),
        _progress_section(organization, term, as_of, rules, progress),
        _other_occasions_section(organization, term, as_of),
        _directives_section(organization, term, as_of),
        _working_groups_section(organization, term, as_of),
        _training_section(organization, term, as_of),
        _documents_section(organization, term, as_of),
        _structure_section(organization, term, as_of, rules, elected),
        _complaints_section(organization, term, as_of),
        _congress_commendations_section(organization, as_of),
        _campaigns_section(organization, as_of),
        # The staff's assessment between the figures and the tasks after the congresses.
        *_narrative(text, figures, ("assessment", "strengths", "shortcomings", "lessons")),
        _follow_up_section(organization, term, as_of),
        *_narrative(text, figures, ("proposals",)),
    ]
    return {
        "title": _("SUMMARY OF THE CONGRESS WORK"),
        "subtitle": _("Term %(term)s") % {"term": term.name},
        "sections": [section for section in sections if section is not None],
    }


# --- test report ---------------------------------------------------------------------------------


def test_report_context(job):
    section = _organization_section(job.organization)
    return {
        "title": _("TEST REPORT"),
        "subtitle": job.organization.name,
        "sections": [section],
    }
