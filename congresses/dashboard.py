"""The read side of the wave dashboard: figures of one term over any subtree.

Every figure is a grouped query over `Congress.org_path` (one range on the subtree index), so
the number of queries is the same for a ward and for a whole city: no loop over nodes.
"""

import bisect
import datetime
import itertools
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Value
from django.utils.translation import gettext as _

from congresses import services
from congresses.choices import CongressOccasion
from congresses.models import Congress, TermLevelRule
from congresses.querysets import held_q
from congresses.selectors import as_they_stood, with_parent_name
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


def _counts_per_day(congresses, as_of):
    """({day: congresses planned that day}, {day: congresses held that day}) in one query:
    a UNION of the count per planned date and the count per closing date (up to `as_of`)."""
    per_planned_date = (
        congresses.filter(planned_date__isnull=False)
        .values(day=F("planned_date"))
        .annotate(planned=Count("pk"), held=Value(0))
        .order_by()
    )
    per_closing_date = (
        congresses.held_on_or_before(as_of)
        .values(day=F("held_on"))
        .annotate(planned=Value(0), held=Count("pk"))
        .order_by()
    )
    planned, held = defaultdict(int), defaultdict(int)
    for row in per_planned_date.union(per_closing_date, all=True):
        planned[row["day"]] += row["planned"]
        held[row["day"]] += row["held"]
    return planned, held


def _running_totals(counts):
    """The days with a count, in order, and the running total of the counts on each."""
    days = sorted(day for day, count in counts.items() if count)
    return days, list(itertools.accumulate(counts[day] for day in days))


def _up_to(days, totals, sunday):
    """The running total on the last of `days` up to `sunday` (0 before the first)."""
    index = bisect.bisect_right(days, sunday)
    return totals[index - 1] if index else 0


def _timeline(congresses, as_of):
    """Weekly cumulative counts of `congresses`, one point per week (its Monday) from the first
    date to the last: planned by planned date, held by the day they were held (those held on
    `as_of` only: the wave as it stood that day). A point counts everything up to the Sunday
    of its week; the held count stops at the week of `as_of` (None after it: what was held
    later is not known on that date), the planned one runs on to the last planned date.

    One query: the congresses counted per planned date and per closing date (a UNION of two
    grouped counts), so a whole country's wave reads a few hundred dates, not every congress.
    """
    planned, held = _counts_per_day(congresses, as_of)
    planned_days, planned_totals = _running_totals(planned)
    held_days, held_totals = _running_totals(held)
    every_date = planned_days + held_days
    if not every_date:
        return []
    points = []
    for monday in services.weeks_between(min(every_date), max(every_date)):
        sunday = monday + datetime.timedelta(days=6)
        points.append(
            {
                "week": monday,
                "planned": _up_to(planned_days, planned_totals, sunday),
                "held": _up_to(held_days, held_totals, sunday) if monday <= as_of else None,
            }
        )
    return points


def level_progress(*, organization, term, as_of, labels=None):
    """(rows per level of the tree with their label, totals with the held share). Two
    queries: the level labels ({level: label}, unless given) and one grouped count."""
    congresses = Congress.objects.regular().filter(term=term).in_subtree_on(organization, as_of)
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


def default_wave_figures(today):
    """The current term's wave, counted ahead for every high organization by celery beat
    (registered with `organizations.figure_cache` in CongressesConfig.ready())."""
    term = services.current_term(today=today)
    if term is None:
        return []
    arguments = {"term": term.pk, "as_of": today.isoformat()}
    return [("congresses.dashboard.count_wave_figures", arguments)]


def _organizations_by_path(paths):
    """{path: organization} for the organizations at `paths`, with their kind (one query)."""
    organizations = Organization.objects.filter(path__in=paths).select_related("kind")
    return {organization.path: organization for organization in organizations}


def _by_child(congresses, organization, as_of):
    """One row per direct child of `organization` counting its whole branch (two queries)."""
    child_rows = list(congresses.progress_by_child(organization, as_of=as_of))
    child_by_path = _organizations_by_path([row["branch"] for row in child_rows])
    return [
        {"organization": child_by_path.get(row["branch"]), **_counts(row)} for row in child_rows
    ]


def _by_group(congresses, term, as_of):
    """One row per working group of `term` counting the congresses of the organizations
    assigned to it directly (one query)."""
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
    return [
        {"pk": row["group_id"], "name": row["group_name"], **_counts(row)} for row in group_rows
    ]


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
    - `timeline`: weekly cumulative planned and held (see `_timeline`);
    - `other_occasions`: the congresses besides the regular ones (a cell's mid-term congress,
      after a merger, extraordinary), one row per occasion with some: occasion (its code),
      planned, held.

    Every figure but the last counts the regular congresses only (issue 15, item 6: the wave
    counts each occasion apart). Nine queries whatever the size of the subtree.
    """
    congresses = Congress.objects.regular().filter(term=term).in_subtree_on(organization, as_of)
    by_level, totals = level_progress(organization=organization, term=term, as_of=as_of)

    by_child = _by_child(congresses, organization, as_of)
    by_group = _by_group(congresses, term, as_of)
    overdue = (
        with_parent_name(congresses.overdue(as_of=as_of))
        .with_stage_on(as_of)
        .select_related("organization")
        .order_by("planned_date", "org_path")[:OVERDUE_SHOWN]
    )
    pilots = as_they_stood(
        congresses.filter(is_pilot=True)
        .with_stage_on(as_of)
        .select_related("organization")
        .order_by("org_path")[:PILOTS_SHOWN],
        as_of,
    )
    overdue = as_they_stood(overdue, as_of)
    timeline = _timeline(congresses, as_of)

    return {
        "totals": totals,
        "by_level": by_level,
        "by_child": by_child,
        "by_group": by_group,
        "overdue": overdue,
        "pilots": pilots,
        "timeline": timeline,
        "other_occasions": other_occasions(organization=organization, term=term, as_of=as_of),
    }


def other_occasions(*, organization, term, as_of):
    """One row per occasion besides the regular one with congresses of `term` in
    `organization`'s subtree: occasion (its code, for the cache; the page names it), planned,
    held on `as_of`. In the order of CongressOccasion. One query."""
    rows = {
        row["occasion"]: row
        for row in Congress.objects.other_occasions()
        .filter(term=term)
        .in_subtree_on(organization, as_of)
        .values("occasion")
        .annotate(planned=Count("pk"), held=Count("pk", filter=held_q(as_of)))
        .order_by()
    }
    return [
        {"occasion": occasion.value, "planned": rows[occasion]["planned"],
         "held": rows[occasion]["held"]}
        for occasion in CongressOccasion
        if occasion in rows
    ]  # fmt: skip
