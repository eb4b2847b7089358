"""c. The summary of a year's quality classification."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from congresses import selectors as congresses
from core.text import data_name
from organizations import selectors as organizations
from recognition import selectors as recognition
from recognition.choices import Level
from reports.kinds.common import (
    Section,
    Table,
    _as_of,
    _no_data,
    level_names,
    unit_table,
)

# --- c. classification summary -----------------------------------------------------------------


def _period(job):
    year = job.parameters.get("year") or _as_of(job).year - 1
    period = recognition.year_period(year)
    if period is None:
        raise ValidationError(_("There is no classification period for %(year)s.") % {"year": year})
    return period


def _level_labels(period):
    """The names of the tree's levels for the period: its term's, else its year's."""
    if period.term_id:
        return level_names(congresses.level_labels(period.term_id))
    return level_names(congresses.level_labels_of_year(period.year))


def _exemplary_title(period):
    """The period's exemplary title, in English in an English report (issue 19)."""
    return data_name(period.exemplary_label, period.exemplary_label_en)


def _organizations_section(rows, labels, period):
    """The organizations per level of the tree and rating, or a no-data section."""
    if not rows:
        return _no_data(_("Party organizations"))
    ratings = ("excellent", "good", "complete", "failed", "exemplary", "total")
    table = Table(
        _("Organizations per level of the tree"),
        [_("Level"), *labels, _exemplary_title(period), _("Total")],
        [[row["label"], *(row[rating] for rating in ratings)] for row in rows],
        numeric={1, 2, 3, 4, 5, 6},
    )
    return Section(_("Party organizations"), [], [table])


def _members_section(summary, labels):
    """The members per rating, or a no-data section when none was rated."""
    if not summary["members_total"]:
        return _no_data(_("Party members"))
    members = summary["members"]
    ratings = ("excellent", "good", "complete", "failed")
    table = Table(
        _("Members per rating"),
        [*labels, _("Total")],
        [[*(members[rating] for rating in ratings), summary["members_total"]]],
        numeric={0, 1, 2, 3, 4},
    )
    return Section(_("Party members"), [], [table])


def _exemplary_section(exemplary, period):
    """The exemplary organizations by name, or a no-data section."""
    if not exemplary:
        return _no_data(_exemplary_title(period))
    # Each with the organization above it: eleven "Chi bộ 1" are told apart (issue 19).
    above = organizations.units_of((r.organization_id for r in exemplary), with_own_name=False)
    names = [
        f"{r.organization.name} ({above.get(r.organization_id, '—')})"
        if len(set(above.values())) > 1
        else r.organization.name
        for r in exemplary
    ]
    return Section(_exemplary_title(period), [", ".join(names)])


def _streaks_section(organization, period, as_of):
    """The members excellent and the organizations exemplary in each of the streak's years."""
    years = recognition.streak_years()
    member_streaks = recognition.streaks(organization=organization, year=period.year, as_of=as_of)
    organization_streaks = recognition.streaks(
        organization=organization,
        year=period.year,
        subject="organization",
        exemplary=True,
        as_of=as_of,
    )
    member_units = organizations.units_of(row["unit"] for row in member_streaks)
    above = organizations.units_of(
        (row["organization"] for row in organization_streaks), with_own_name=False
    )
    return Section(
        _("Streaks of %(years)s years (%(first)s–%(last)s)")
        % {"years": years, "first": period.year - years + 1, "last": period.year},
        [
            # Each count with its own plural ("1 organization exemplary").
            _("%(members)s and %(organizations)s in each of these years.")
            % {
                "members": ngettext(
                    "%(count)s member excellent",
                    "%(count)s members excellent",
                    len(member_streaks),
                )
                % {"count": len(member_streaks)},
                "organizations": ngettext(
                    "%(count)s organization exemplary",
                    "%(count)s organizations exemplary",
                    len(organization_streaks),
                )
                % {"count": len(organization_streaks)},
            }
        ],
        [
            # The members' cells with the organization above; the organizations' unit above.
            unit_table(
                _("Members excellent every year"),
                [_("Full name")],
                [[row["name"]] for row in member_streaks],
                [member_units.get(row["unit"], row["place"]) for row in member_streaks],
                at=1,
            ),
            unit_table(
                _("Organizations exemplary every year"),
                [_("Organization")],
                [[row["name"]] for row in organization_streaks],
                [above.get(row["organization"], "—") for row in organization_streaks],
                at=1,
            ),
        ],
    )


def _cap_warnings(period, organization, as_of):
    """The members' and then the organizations' cap warnings, of the decisions dated on or
    before `as_of` (as the rest of the summary)."""
    return recognition.member_cap_warnings(
        period=period, organization=organization, as_of=as_of
    ) + recognition.organization_cap_warnings(period=period, organization=organization, as_of=as_of)


def classification_summary_context(job):
    """The summary of a year's classification: organizations, members, the exemplary, the
    streaks and the caps exceeded."""
    organization = job.organization
    period = _period(job)
    summary = recognition.rating_summary(
        organization=organization, period=period, as_of=_as_of(job)
    )
    congresses.name_levels(summary["organizations"], _level_labels(period), key="tree_level")
    labels = [label for _value, label in Level.choices]
    sections = [
        _organizations_section(summary["organizations"], labels, period),
        _members_section(summary, labels),
    ]
    exemplary = recognition.exemplary_list(
        organization=organization, period=period, as_of=_as_of(job)
    )
    sections.append(_exemplary_section(exemplary, period))
    sections.append(_streaks_section(organization, period, _as_of(job)))
    warnings = _cap_warnings(period, organization, _as_of(job))
    if warnings:
        sections.append(Section(_("Caps exceeded (warnings)"), warnings))
    return {
        "title": _("SUMMARY OF THE QUALITY CLASSIFICATION"),
        "subtitle": _("Year %(year)s · %(regulation)s")
        % {
            "year": period.year,
            "regulation": data_name(period.regulation, period.regulation_en),
        },
        "sections": sections,
    }
