"""The read side of the wave dashboard: figures of one term over any subtree.

Every figure is a grouped query over `Congress.org_path` (one range on the subtree index), so
the number of queries is the same for a ward and for a whole city: no loop over nodes.
"""

import bisect
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F
from django.utils.translation import gettext as _

from congresses import services
from congresses.choices import HELD_STAGES
from congresses.models import Congress, TermLevelRule
from organizations.models import Organization

OVERDUE_SHOWN = 50
PILOTS_SHOWN = 50
COUNTS = ("planned", "held", "overdue", "pilots", "pilots_held")


def held_share(held, planned):
    """Held as a percentage of planned, a Decimal with two places (0.00 when nothing is planned)."""
    if not planned:
        return Decimal("0.00")
    return (Decimal(held) * 100 / Decimal(planned)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _counts(row):
    counts = {name: row[name] for name in COUNTS}
    counts["share"] = held_share(counts["held"], counts["planned"])
    return counts


def _timeline(rows):
    """Weekly cumulative counts from (planned_date, ended_on, stage) rows, one point per week
    (its Monday) from the first date to the last: planned by planned date, held by closing
    date (held congresses only). A point counts everything up to the Sunday of its week."""
    planned_dates = sorted(planned for planned, _ended, _stage in rows if planned)
    held_dates = sorted(ended for _planned, ended, stage in rows if ended and stage in HELD_STAGES)
    every_date = planned_dates + held_dates
    if not every_date:
        return []
    points = []
    for monday in services.weeks_between(min(every_date), max(every_date)):
        sunday = monday + datetime.timedelta(days=6)
        points.append(
            {
                "week": monday,
                "planned": bisect.bisect_right(planned_dates, sunday),
                "held": bisect.bisect_right(held_dates, sunday),
            }
        )
    return points


def level_progress(*, organization, term, as_of, labels=None):
    """(rows per level of the tree with their label, totals with the held share). Two
    queries: the level labels ({level: label}, unless given) and one grouped count."""
    congresses = Congress.objects.filter(term=term).in_subtree(organization)
    if labels is None:
        labels = dict(TermLevelRule.objects.filter(term=term).values_list("level", "label"))
    by_level = [
        {
            "level": row["level_number"],
            "label": labels.get(row["level_number"])
            or _("Level %(number)s") % {"number": row["level_number"]},
            **_counts(row),
        }
        for row in congresses.progress_by_level(as_of=as_of)
    ]
    totals = {name: sum(row[name] for row in by_level) for name in COUNTS}
    totals["share"] = held_share(totals["held"], totals["planned"])
    return by_level, totals


def count_wave_figures(organization, *, term, as_of):
    """`wave_figures` from JSON values (a term's pk, a date as ISO text), for
    `organizations.figure_cache`, which counts a whole city's wave off the request."""
    return wave_figures(
        organization=organization, term=term, as_of=datetime.date.fromisoformat(as_of)
    )


def wave_figures(*, organization, term, as_of):
    """The congress wave of `term` (a Term or its pk) in `organization`'s subtree, counted on
    `as_of`.

    Returns a dict:

    - `totals`: planned, held, overdue (planned before `as_of`, not held), pilots, pilots_held,
      share (held / planned in percent, a Decimal with two places);
    - `by_level`: one row per level of the tree (label from the term's level rules);
    - `by_child`: one row per direct child counting its whole branch, with the child;
    - `by_group`: one row per working group of the term assigned to organizations of the
      subtree. Only congresses of organizations assigned to the group directly are counted,
      not those below an assigned organization (that would need one range per assignment);
      a congress counts for every group its organization is assigned to;
    - `overdue`: the first congresses overdue, by planned date, with their organization;
    - `pilots`: the pilot congresses, with their organization;
    - `timeline`: weekly cumulative planned and held (see `_timeline`).

    Eight queries whatever the size of the subtree.
    """
    congresses = Congress.objects.filter(term=term).in_subtree(organization)
    by_level, totals = level_progress(organization=organization, term=term, as_of=as_of)

    child_rows = list(congresses.progress_by_child(organization, as_of=as_of))
    children = Organization.objects.filter(
        path__in=[row["branch"] for row in child_rows]
    ).select_related("kind")
    child_by_path = {child.path: child for child in children}
    by_child = [
        {"organization": child_by_path.get(row["branch"]), **_counts(row)} for row in child_rows
    ]

    # The filter and the values go through the same join of the assignment table, so each
    # (congress, group) pair is one row of the grouping.
    group_rows = (
        congresses.filter(organization__assigned_groups__term=term)
        .rollup(
            as_of=as_of,
            group_id=F("organization__assigned_groups__pk"),
            group_name=F("organization__assigned_groups__name"),
        )
        .order_by("group_name", "group_id")
    )
    by_group = [
        {"pk": row["group_id"], "name": row["group_name"], **_counts(row)} for row in group_rows
    ]

    overdue = list(
        congresses.overdue(as_of=as_of)
        .select_related("organization")
        .order_by("planned_date", "org_path")[:OVERDUE_SHOWN]
    )
    pilots = list(
        congresses.filter(is_pilot=True)
        .select_related("organization")
        .order_by("org_path")[:PILOTS_SHOWN]
    )
    timeline = _timeline(list(congresses.values_list("planned_date", "ended_on", "stage")))

    return {
        "totals": totals,
        "by_level": by_level,
        "by_child": by_child,
        "by_group": by_group,
        "overdue": overdue,
        "pilots": pilots,
        "timeline": timeline,
    }
