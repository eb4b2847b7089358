"""Reads of personnel, continued: the results of a wave's congresses rolled up over a subtree
as of a date, as the central organization department publishes them (R-RP-02). Part of the
read layer (see selectors); nothing here writes."""

from decimal import Decimal

from core.asof import on_or_before
from personnel import hooks
from personnel.choices import BallotKind
from personnel.models import Candidate, ElectionRound, RoundVote
from personnel.selectors import HUNDREDTH, elected_by_level, share


def slates_by_level(*, organization, term, as_of=None, kind=BallotKind.COMMITTEE):
    """The committee elections over `organization`'s subtree in `term` voted on or before
    `as_of`, one row per level: ballots, seats, candidates, members elected, seats left
    unfilled, outgoing members who stood and were not elected, and the average excess of the
    slates (the mean of each ballot's (candidates − seats) / seats: R-RP-02 publishes it as one
    share without saying how it averages, so this is inferred). One grouped query.
    """
    from django.db.models import (
        Avg,
        Count,
        Exists,
        F,
        FloatField,
        Func,
        IntegerField,
        OuterRef,
        Subquery,
        Sum,
        Value,
    )
    from django.db.models.functions import Cast, Coalesce, Greatest

    from personnel.models import Ballot

    voted = ElectionRound.objects.filter(ballot=OuterRef("pk")).filter(
        on_or_before("held_on", as_of)
    )
    elected_votes = RoundVote.objects.filter(
        round__ballot=OuterRef(OuterRef("pk")), candidate=OuterRef("pk"), is_elected=True
    ).filter(on_or_before("round__held_on", as_of))

    def counted(queryset):
        """The number of rows of `queryset` as a subquery (COUNT without GROUP BY)."""
        number = Func("pk", function="COUNT", output_field=IntegerField())
        return Coalesce(Subquery(queryset.order_by().annotate(n=number).values("n")[:1]), Value(0))

    on_ballot = Candidate.objects.filter(ballots=OuterRef("pk"))
    elected = on_ballot.filter(Exists(elected_votes))
    beaten = on_ballot.filter(is_incumbent=True).exclude(Exists(elected_votes))
    ballots = (
        Ballot.objects.in_subtree(organization)
        .filter(kind=kind, congress__term=term)
        .filter(Exists(voted))
        .annotate(
            n_candidates=counted(on_ballot),
            n_elected=counted(elected),
            n_beaten=counted(beaten),
        )
        .annotate(
            n_unfilled=Greatest(F("seats") - F("n_elected"), Value(0)),
            excess=(Cast(F("n_candidates"), FloatField()) - F("seats"))
            / Cast(F("seats"), FloatField()),
        )
    )
    return list(
        ballots.values(level=F("congress__level"))
        .annotate(
            ballots=Count("pk"),
            seat_count=Sum("seats"),
            candidates=Sum("n_candidates"),
            elected=Sum("n_elected"),
            unfilled=Sum("n_unfilled"),
            incumbents_not_reelected=Sum("n_beaten"),
            average_excess=Avg("excess"),
        )
        .order_by("level")
    )


def secretaries_by_level(*, organization, term, as_of=None):
    """The secretaries elected over `organization`'s subtree in `term` in rounds voted on or
    before `as_of`, one row per level: elected, elected directly by the congress (R-WV-09's
    pilot: the ballot's `direct`), not from the locality (the candidate's `is_local` answered
    no) and not known whether from the locality (R-RP-02). One grouped query."""
    from django.db.models import Count, F, Q

    elected = (
        RoundVote.objects.in_subtree(organization)
        .filter(on_or_before("round__held_on", as_of))
        .filter(
            is_elected=True,
            round__ballot__kind=BallotKind.SECRETARY,
            round__ballot__congress__term=term,
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
    `quick_reports`, the quick reports sent up by `as_of`). Six queries and one per registered
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
