"""c. The summary of a year's quality classification."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from congresses import selectors as congresses
from recognition import selectors as recognition
from recognition.choices import Level
from reports.kinds.common import Section, Table, _as_of, _no_data

# --- c. classification summary -----------------------------------------------------------------


def _period(job):
    year = job.parameters.get("year") or _as_of(job).year - 1
    period = recognition.year_period(year)
    if period is None:
        raise ValidationError(_("There is no classification period for %(year)s.") % {"year": year})
    return period


def classification_summary_context(job):
    organization = job.organization
    period = _period(job)
    summary = recognition.rating_summary(
        organization=organization, period=period, as_of=_as_of(job)
    )
    congresses.name_levels(
        summary["organizations"],
        congresses.level_labels(period.term_id)
        if period.term_id
        else congresses.level_labels_of_year(period.year),
        key="tree_level",
    )
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
                                row["label"],
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
    exemplary = recognition.exemplary_list(
        organization=organization, period=period, as_of=_as_of(job)
    )
    sections.append(
        Section(period.exemplary_label, [", ".join(r.organization.name for r in exemplary)])
        if exemplary
        else _no_data(period.exemplary_label)
    )
    years = recognition.streak_years()
    as_of = _as_of(job)
    member_streaks = recognition.streaks(organization=organization, year=period.year, as_of=as_of)
    organization_streaks = recognition.streaks(
        organization=organization,
        year=period.year,
        subject="organization",
        exemplary=True,
        as_of=as_of,
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
