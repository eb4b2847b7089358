"""Reads of personnel, continued: the results of a wave's congresses rolled up over a subtree
as of a date, as the central organization department publishes them (R-RP-02). Part of the
read layer (see selectors); nothing here writes."""

from decimal import Decimal

from congresses.choices import CongressOccasion
from core.asof import on_or_before
from organizations.querysets import moves_read_once
from personnel import hooks
from personnel.choices import BallotKind
from personnel.models import ElectionRound, RoundVote
from personnel.selectors import HUNDREDTH, elected_by_level, share

# The wave's rollups count the regular congresses of the term; the others (a cell's mid-term
# congress, after a merger, extraordinary) are counted apart (issue 15, item 6).
REGULAR = CongressOccasion.REGULAR


def slates_by_level(*, organization, term, as_of=None, kind=BallotKind.COMMITTEE):
    """The committee elections over `organization`'s subtree in `term` voted on or before
    `as_of`, one row per level: ballots, seats, candidates, members elected, seats left
    unfilled, outgoing members who stood and were not elected, and the average excess of the
    slates (the mean of each ballot's (candidates − seats) / seats: R-RP-02 publishes it as one
    share without saying how it averages, so this is inferred). Two queries grouped by ballot
    (its list, then its elected), summed per level here: a correlated count per ballot took
    minutes over a country's 52,700 ballots.
    """
    from django.db.models import Count, Exists, OuterRef, Q

    from personnel.models import Ballot

    voted = ElectionRound.objects.filter(ballot=OuterRef("pk")).filter(
        on_or_before("held_on", as_of)
    )
    ballots = (
        Ballot.objects.in_subtree_on(organization, as_of)
        .filter(kind=kind, congress__term=term, congress__occasion=REGULAR)
        .filter(Exists(voted))
        .annotate(
            n_candidates=Count("candidates"),
            n_incumbents=Count("candidates", filter=Q(candidates__is_incumbent=True)),
        )
        .values_list("pk", "congress__level", "seats", "n_candidates", "n_incumbents")
    )
    elected = {
        ballot: (n_elected, n_reelected)
        for ballot, n_elected, n_reelected in RoundVote.objects.in_subtree_on(organization, as_of)
        .filter(on_or_before("round__held_on", as_of))
        .filter(
            is_elected=True,
            round__ballot__kind=kind,
            round__ballot__congress__term=term,
            round__ballot__congress__occasion=REGULAR,
        )
        .values("round__ballot")
        .annotate(
            n=Count("candidate", distinct=True),
            n_reelected=Count("candidate", filter=Q(candidate__is_incumbent=True), distinct=True),
        )
        .values_list("round__ballot", "n", "n_reelected")
    }
    return _slates_per_level(ballots, elected)


def _slates_per_level(ballots, elected):
    """The rows of `slates_by_level` from each ballot's list and its elected."""
    levels = {}
    for pk, level, seats, candidates, incumbents in ballots:
        n_elected, n_reelected = elected.get(pk, (0, 0))
        row = levels.setdefault(level, dict.fromkeys(SLATE_SUMS, 0) | {"level": level})
        row["ballots"] += 1
        row["seat_count"] += seats
        row["candidates"] += candidates
        row["elected"] += n_elected
        row["unfilled"] += max(seats - n_elected, 0)
        row["incumbents_not_reelected"] += incumbents - n_reelected
        row["excess_sum"] += (candidates - seats) / seats
    for row in levels.values():
        row["average_excess"] = row.pop("excess_sum") / row["ballots"]
    return [levels[level] for level in sorted(levels)]


SLATE_SUMS = (
    "ballots",
    "seat_count",
    "candidates",
    "elected",
    "unfilled",
    "incumbents_not_reelected",
    "excess_sum",
)


def secretaries_by_level(*, organization, term, as_of=None):
    """The secretaries elected over `organization`'s subtree in `term` in rounds voted on or
    before `as_of`, one row per level: elected, elected directly by the congress (R-WV-09's
    pilot: the ballot's `direct`), not from the locality (the candidate's `is_local` answered
    no) and not known whether from the locality (R-RP-02). One grouped query."""
    from django.db.models import Count, F, Q

    elected = (
        RoundVote.objects.in_subtree_on(organization, as_of)
        .filter(on_or_before("round__held_on", as_of))
        .filter(
            is_elected=True,
            round__ballot__kind=BallotKind.SECRETARY,
            round__ballot__congress__term=term,
            round__ballot__congress__occasion=REGULAR,
        )
        .values(level=F("round__ballot__congress__level"))
    )
    return list(
        elected.annotate(
            secretaries=Count("pk"),
            direct_secretaries=Count("pk", filter=Q(round__ballot__direct=True)),
            secretaries_not_local=Count("pk", filter=Q(candidate__is_local=False)),
            secretaries_local_unknown=Count("pk", filter=Q(candidate__is_local__isnull=True)),
        ).order_by("level")
    )


SECRETARY_COUNTS = (
    "secretaries",
    "direct_secretaries",
    "secretaries_not_local",
    "secretaries_local_unknown",
)
ROLLUP_SHARES = ("reelected", "first_time", "women", "young", "minorities")


def _rollup_row(progress, elected, slates, secretaries):
    """One level's roll-up row from its four grouped counts (each may be missing)."""
    elected = elected or {}
    slates = slates or {}
    secretaries = secretaries or {}
    row = {
        "level": progress["level"],
        "label": progress["label"],
        "planned": progress["planned"],
        "held": progress["held"],
        "elected": elected.get("elected", 0),
        "reelected": elected.get("reelected", 0),
        "women": elected.get("women", 0),
        "young": elected.get("young", 0),
        "minorities": elected.get("minorities", 0),
        "ballots": slates.get("ballots", 0),
        "unfilled": slates.get("unfilled") or 0,
        "incumbents_not_reelected": slates.get("incumbents_not_reelected") or 0,
        "excess_sum": (slates.get("average_excess") or 0) * slates.get("ballots", 0),
    }
    row.update({key: secretaries.get(key, 0) for key in SECRETARY_COUNTS})
    return _with_shares(row)


def _with_shares(row):
    row["first_time"] = row["elected"] - row["reelected"]
    row["held_share"] = share(row["held"], row["planned"])
    for key in ROLLUP_SHARES:
        row[f"{key}_share"] = share(row[key], row["elected"])
    row["average_excess"] = (
        Decimal(row["excess_sum"] * 100 / row["ballots"]).quantize(HUNDREDTH)
        if row["ballots"]
        else None
    )
    return row


@moves_read_once()
def results_rollup(*, organization, term, as_of):
    """The results of the congresses over `organization`'s subtree in `term` as of `as_of`,
    as the central organization department rolls them up (R-RP-02): per level and in total,
    congresses held against planned, committee members elected, re-elected, first-time, women,
    young (under the term's age limit, R-WV-14) and ethnic-minority members with their shares,
    seats left unfilled, outgoing members standing but not re-elected and the average excess
    of the slates, the secretaries elected, those elected directly by the congress and those not
    from the locality (`secretaries_local_unknown` where nobody said); completion by date is the
    congresses held by `as_of` against those planned (`held`/`planned`, `held_share`); the apps
    above add their counts per level through personnel.hooks.register_rollup_counts (reports:
    `quick_reports`, the quick reports sent up by `as_of`). Seven queries and one per registered
    provider, whatever the size of the subtree."""
    from congresses.dashboard import level_progress

    progress, _totals = level_progress(organization=organization, term=term, as_of=as_of)
    elected = {
        row["level"]: row
        for row in elected_by_level(organization=organization, term=term, as_of=as_of)
    }
    slates = {
        row["level"]: row
        for row in slates_by_level(organization=organization, term=term, as_of=as_of)
    }
    secretaries = {
        row["level"]: row
        for row in secretaries_by_level(organization=organization, term=term, as_of=as_of)
    }
    rows = [
        _rollup_row(
            level,
            elected.get(level["level"]),
            slates.get(level["level"]),
            secretaries.get(level["level"]),
        )
        for level in progress
    ]
    # What the apps above count per level (reports: the quick reports sent up by `as_of`).
    extra = hooks.rollup_counts(organization, term, as_of)
    for row in rows:
        for key, by_level in extra.items():
            row[key] = by_level.get(row["level"], 0)
    summed = ("planned", "held", "elected", "reelected", "women", "young", "minorities")
    summed += ("ballots", "unfilled", "incumbents_not_reelected", "excess_sum", *extra)
    summed += SECRETARY_COUNTS
    totals = _with_shares({key: sum(row[key] for row in rows) for key in summed})
    return {"as_of": as_of, "term": term, "rows": rows, "totals": totals}


def count_results_rollup(organization, *, term, as_of):
    """`results_rollup` from JSON values (a term's pk, a date as ISO text), its rows and totals
    only, for `organizations.figure_cache`, which counts a whole city's or country's roll-up
    off the request (registered in PersonnelConfig.ready())."""
    import datetime

    from congresses.models import Term

    rollup = results_rollup(
        organization=organization,
        term=Term.objects.get(pk=term),
        as_of=datetime.date.fromisoformat(as_of),
    )
    return {"rows": rollup["rows"], "totals": rollup["totals"]}


def results_rollup_figures(*, organization, term, as_of):
    """The roll-up of `results_rollup` for a page: counted in the request below the high
    organizations, served from the figure cache for a city, a province or the root (with
    "computed_at", when it was counted)."""
    from organizations import figure_cache

    figures = figure_cache.high_figures(
        organization,
        "personnel.rollup.count_results_rollup",
        term=term.pk,
        as_of=as_of.isoformat(),
    )
    return figures | {"as_of": as_of, "term": term}


def default_rollup_figures(today):
    """The current term's roll-up, counted ahead for every high organization by celery beat."""
    from congresses.services import current_term

    term = current_term(today=today)
    if term is None:
        return []
    arguments = {"term": term.pk, "as_of": today.isoformat()}
    return [("personnel.rollup.count_results_rollup", arguments)]


def appointed_by_level(*, organization, term, as_of=None):
    """The people appointed instead of elected (R-WV-13) over `organization`'s subtree in
    `term` by a decision dated on or before `as_of`, one row per level and body: counted apart
    from the elected of slates_by_level and results_rollup_figures. One query."""
    from django.db.models import Count

    from personnel.models import APPOINTED_BODIES, AppointedMember

    rows = (
        AppointedMember.objects.in_subtree_on(organization, as_of)
        .filter(appointment__congress__term=term)
        .filter(on_or_before("appointment__decision_date", as_of))
        .values("appointment__congress__level", "appointment__kind")
        .annotate(
            people=Count("pk"),
            congresses=Count("appointment__congress", distinct=True),
        )
        .order_by("appointment__congress__level", "appointment__kind")
    )
    labels = dict(BallotKind.choices)
    order = {kind: index for index, kind in enumerate(APPOINTED_BODIES)}
    rows = sorted(
        rows,
        key=lambda row: (row["appointment__congress__level"], order.get(row["appointment__kind"])),
    )
    return [
        {
            "level": row["appointment__congress__level"],
            "kind": labels.get(row["appointment__kind"], row["appointment__kind"]),
            "people": row["people"],
            "congresses": row["congresses"],
        }
        for row in rows
    ]
