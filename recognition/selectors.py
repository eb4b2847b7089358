"""Reads of recognition: caps that warn (R-CL-05/06), streaks (R-CL-08), summaries over a
subtree (one grouped query each on the rows' path copies), the authority table (R-AW-01/02).
Nothing here writes.
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Avg, BooleanField, Count, ExpressionWrapper, F, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from congresses import rulepacks
from core.asof import on_or_before, today
from organizations import figure_cache
from organizations.models import Organization
from organizations.querysets import subtree_on_q
from organizations.selectors import ancestor_paths
from recognition import figures
from recognition.choices import (
    CommendationForm,
    CommendationStatus,
    Level,
    PeriodKind,
    Reason,
    RecipientKind,
    Step,
    WorkStatus,
)
from recognition.models import AwardAuthority, CampaignWork, Commendation, Period, Rating
from recognition.rules import GRASSROOTS_LEVEL, LEVELS, STEP_FIELDS


def _grassroots_groups(organization):
    """The grassroots organizations at or around `organization`: its grassroots ancestor if it
    stands below that level, else the grassroots organizations in its subtree. One query."""
    grassroots = Organization.objects.filter(kind__level=GRASSROOTS_LEVEL)
    if organization.kind.level >= GRASSROOTS_LEVEL:
        return list(grassroots.filter(path__in=ancestor_paths(organization, inclusive=True)))
    return list(grassroots.in_subtree(organization).order_by("path"))


def _excellent_and_good(field):
    """Annotations counting the ratings excellent and good at the step stored in `field`."""
    return {
        "excellent": Count("pk", filter=Q(**{field: Level.EXCELLENT})),
        "good": Count("pk", filter=Q(**{field: Level.GOOD})),
    }


def decided_by(as_of):
    """The ratings whose decision counts on `as_of` (core.asof): dated on or before it; a
    decided level with no decision date (entered before dates were kept) counts from today,
    as the rating grid shows it (recognition.views._decided_then)."""
    if as_of is None or as_of >= today():
        return Q()
    return on_or_before("decision_date", as_of)


def _decided_by(step, as_of):
    """The ratings counted at `step` on `as_of` (`decided_by`); the self-assessments and
    proposals carry no date and always count."""
    return decided_by(as_of) if step == Step.DECIDED else Q()


def member_cap_counts(*, period, organization, step, as_of, length):
    """The members rated excellent and good at `step` (decided by `as_of`) in the period, per
    `length`-long path prefix ("group"), in `organization`'s subtree (or the subtrees of the
    paths given as a list). One grouped query."""
    rated = (
        Rating.objects.in_subtrees(organization)
        if isinstance(organization, list)
        else Rating.objects.in_subtree(organization)
    )
    return (
        rated.filter(_decided_by(step, as_of), period=period, member__isnull=False)
        .annotate(group=Substr("org_path", 1, length))
        .values("group")
        .annotate(**_excellent_and_good(STEP_FIELDS[step]))
        .order_by("group")
    )


def grassroots_cap_rows(*, period, organization, step, as_of):
    """[path, excellent, good] of each grassroots organization in the subtree of `organization`
    (above the grassroots level) with members rated at `step` in the period (decided by
    `as_of`), by depth then path: one query for their paths, one grouped query per depth of
    them. What the figure cache keeps for a high organization (recognition.figures)."""
    paths = set(
        Organization.objects.filter(kind__level=GRASSROOTS_LEVEL)
        .in_subtree(organization)
        .values_list("path", flat=True)
    )
    return [
        [row["group"], row["excellent"], row["good"]]
        for length in sorted({len(path) for path in paths})
        for row in member_cap_counts(
            period=period, organization=organization, step=step, as_of=as_of, length=length
        )
        if row["group"] in paths
    ]


def _cached_over_cap(period, organization, step, as_of, over):
    """(name, excellent, good) of a high organization's grassroots organizations `over` the
    cap, their counts from the figure cache (recognition.figures); the date is dropped from
    the key where it changes nothing (proposals, or today and later). Only the names of those
    over the cap are read (none, no query): not the city's 2,500 grassroots organizations."""
    counted_as_of = None if step != Step.DECIDED or as_of is None or as_of >= today() else as_of
    counted = figure_cache.high_figures(
        organization,
        figures.MEMBER_CAPS,
        period=period.pk,
        step=step,
        as_of=counted_as_of.isoformat() if counted_as_of else None,
        generation=figures.generation(period.pk),
    )
    rows = [row for row in counted["rows"] if over(row[1], row[2])]
    if not rows:
        return []
    names = dict(
        Organization.objects.filter(path__in=[path for path, _e, _g in rows]).values_list(
            "path", "name"
        )
    )
    return [(names[path], excellent, good) for path, excellent, good in rows]


def _counted_over_cap(period, organization, step, as_of, over):
    """(name, excellent, good) of the grassroots organizations at or around `organization`
    `over` the cap, counted now: one grouped query per depth of grassroots organizations."""
    by_path = {group.path: group for group in _grassroots_groups(organization)}
    # Above the grassroots level the groups all lie in the organization's subtree: one path
    # range, the groups picked out of the grouped rows (an OR of the 2,500 grassroots ranges of
    # a city took PostgreSQL minutes, issue 15's benchmark); below it, its grassroots ancestor.
    above = organization.kind.level < GRASSROOTS_LEVEL
    found = []
    for length in sorted({len(path) for path in by_path}):
        prefixes = [path for path in by_path if len(path) == length]
        for row in member_cap_counts(
            period=period,
            organization=organization if above else prefixes,
            step=step,
            as_of=as_of,
            length=length,
        ):
            # A shorter path (a member rated above the grassroots level) is no group here.
            if len(row["group"]) != length or row["group"] not in by_path:
                continue
            if over(row["excellent"], row["good"]):
                found.append((by_path[row["group"]].name, row["excellent"], row["good"]))
    return found


def grid_member_count(organization):
    """The number of members in the rating grid of a high organization (every member of its
    subtree) from the figure cache, as the member list's count; None for a lower one (its
    paginator counts them: one indexed range)."""
    if not figure_cache.is_high(organization):
        return None
    return figure_cache.high_figures(organization, figures.GRID_MEMBERS)["count"]


def member_cap_warnings(*, period, organization, step=Step.DECIDED, as_of=None):
    """R-CL-05 as warnings: in each grassroots organization concerned, members rated excellent
    above RECOGNITION_MEMBER_CAP_PERCENT of those rated good (at `step`; decisions dated on or
    before `as_of` when given). One grouped query per depth of grassroots organizations (one
    in a normal tree); a high organization's from the figure cache (recognition.figures)."""
    cap = settings.RECOGNITION_MEMBER_CAP_PERCENT

    def over(excellent, good):
        return excellent * 100 > cap * good

    cached = organization.kind.level < GRASSROOTS_LEVEL and figure_cache.is_high(organization)
    found = (_cached_over_cap if cached else _counted_over_cap)(
        period, organization, step, as_of, over
    )
    return [
        _(
            "%(name)s: %(excellent)s members rated excellent for %(good)s rated good; "
            "the guidance allows at most %(cap)s %% of those rated good (%(rule)s)."
        )
        % {
            "name": name,
            "excellent": excellent,
            "good": good,
            "cap": cap,
            "rule": rulepacks.cite(term_of_period(period), "R-CL-05"),
        }
        for name, excellent, good in found
    ]


def organization_cap_warnings(*, period, organization, step=Step.DECIDED, as_of=None):
    """R-CL-06 (unresolved, so a setting that warns): under each committee, its grassroots
    organizations rated excellent above RECOGNITION_ORG_CAP_PERCENT of the base
    (RECOGNITION_ORG_CAP_BASE: all rated, or those rated good), decisions dated on or before
    `as_of` when given. One grouped query."""
    cap = settings.RECOGNITION_ORG_CAP_PERCENT
    base_key = settings.RECOGNITION_ORG_CAP_BASE
    field = STEP_FIELDS[step]
    rated = (
        Rating.objects.in_subtree_on(organization, as_of)
        .filter(
            _decided_by(step, as_of),
            period=period,
            member__isnull=True,
            organization__kind__level=GRASSROOTS_LEVEL,
        )
        .exclude(**{field: ""})
    )
    parents = {
        row["parent"]: row
        for row in rated.annotate(
            parent=Substr("org_path", 1, Length("org_path") - Organization.STEP)
        )
        .values("parent")
        .annotate(
            **_excellent_and_good(field),
            rated=Count("pk"),
        )
        .order_by("parent")
    }
    names = dict(Organization.objects.filter(path__in=list(parents)).values_list("path", "name"))
    warnings = []
    for path, counts in sorted(parents.items()):
        base = counts[base_key]
        if counts["excellent"] * 100 > cap * base:
            warnings.append(
                _(
                    "%(name)s: %(excellent)s grassroots organizations rated excellent out of "
                    "%(base)s (%(base_label)s); the setting allows at most %(cap)s %% "
                    "(%(rule)s, unresolved: a warning only)."
                )
                % {
                    "name": names.get(path, path),
                    "excellent": counts["excellent"],
                    "base": base,
                    "base_label": _("all rated") if base_key == "rated" else _("rated good"),
                    "cap": cap,
                    "rule": rulepacks.cite(term_of_period(period), "R-CL-06"),
                }
            )
    return warnings


# --- streaks and summaries ------------------------------------------------------------------


def streaks(*, organization, year, subject="member", years=None, exemplary=False, as_of=None):
    """R-CL-08: who was decided excellent (organizations: `exemplary`, the title) in each of the
    `years` calendar years ending with `year`, within `organization`'s subtree, by decisions
    dated on or before `as_of` (when given). A year without a rating breaks the chain [I]. One
    grouped query; newest names first."""
    years = years or settings.RECOGNITION_STREAK_YEARS
    ratings = Rating.objects.in_subtree_on(organization, as_of).filter(
        decided_by(as_of),
        period__kind=PeriodKind.YEAR,
        period__year__range=(year - years + 1, year),
        level=Level.EXCELLENT,
    )
    if subject == "member":
        return list(_member_streaks(ratings, year, years))
    if exemplary:
        ratings = ratings.filter(is_exemplary=True)
    return list(_organization_streaks(ratings, year, years))


def _member_streaks(ratings, year, years):
    """The members rated excellent in each of the `years` years, by place and name."""
    return (
        ratings.filter(member__isnull=False)
        .values(
            "member",
            name=F("member__full_name"),
            code=F("member__code"),
            place=F("member__organization__name"),
            unit=F("member__organization"),
        )
        .annotate(
            years=Count("period__year", distinct=True),
            **_streak_commendation(year, recipient="recipient_member", key="member"),
        )
        .filter(years=years)
        .order_by("place", "name")
    )


def _organization_streaks(ratings, year, years):
    """The organizations rated in each of the `years` years, by code."""
    return (
        ratings.filter(member__isnull=True)
        .values("organization", name=F("organization__name"), code=F("organization__code"))
        .annotate(
            years=Count("period__year", distinct=True),
            **_streak_commendation(year, recipient="recipient_organization", key="organization"),
        )
        .filter(years=years)
        .order_by("code")
    )


def _streak_commendation(year, *, recipient, key):
    """Annotations naming the streak commendation a row's member or organization already has
    for `year` (proposed or approved), so the page shows it instead of offering another one."""
    existing = Commendation.objects.filter(
        **{recipient: OuterRef(key)}, reason=Reason.STREAK, period__year=year
    ).order_by("pk")
    return {
        "commended_status": Subquery(existing.values("status")[:1]),
        "commended_decision": Subquery(existing.values("decision_number")[:1]),
    }


def rating_summary(*, organization, period, as_of=None):
    """Decided ratings over `organization`'s subtree in `period` (decisions dated on or before
    `as_of`, when given): organizations per level of the tree and per rating (with the
    exemplary ones), members per rating. Two grouped queries.

    Quận 10, 2020, grassroots level: 8 excellent (3 exemplary), 30 good, 3 complete, 0 failed.
    """
    in_scope = Rating.objects.in_subtree_on(organization, as_of).filter(
        decided_by(as_of), period=period
    )
    organizations = defaultdict(lambda: dict.fromkeys(LEVELS, 0) | {"exemplary": 0})
    for row in (
        in_scope.filter(member__isnull=True)
        .exclude(level="")
        .values("level", tree_level=F("organization__kind__level"))
        .annotate(count=Count("pk"), exemplary=Count("pk", filter=Q(is_exemplary=True)))
        .order_by()
    ):
        counts = organizations[row["tree_level"]]
        counts[row["level"]] += row["count"]
        counts["exemplary"] += row["exemplary"]
    members = dict.fromkeys(LEVELS, 0)
    for row in (
        in_scope.filter(member__isnull=False)
        .exclude(level="")
        .values("level")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        members[row["level"]] = row["count"]
    rows = []
    for tree_level in sorted(organizations):
        counts = organizations[tree_level]
        rows.append(
            {"tree_level": tree_level, "total": sum(counts[level] for level in LEVELS), **counts}
        )
    return {
        "organizations": rows,
        "members": members,
        "members_total": sum(members.values()),
    }


def exemplary_list(*, organization, period, as_of=None):
    """The organizations decided exemplary in `period` within the subtree (by decisions dated
    on or before `as_of`, when given). One query."""
    return list(
        Rating.objects.in_subtree_on(organization, as_of)
        .filter(
            decided_by(as_of),
            period=period,
            member__isnull=True,
            is_exemplary=True,
        )
        .select_related("organization")
        .order_by("org_path")
    )


def commendations_on(organization, *, as_of, decision="", status=""):
    """Commendations of `organization`'s subtree proposed on or before `as_of` (core.asof), with
    `approved_then`: the decision dated on or before it (a later decision was still a proposal
    then); only those of decision `decision` (any case) and of `status` on that date, when
    given (the commendation list)."""
    approved = Q(status=CommendationStatus.APPROVED) & on_or_before("decision_date", as_of)
    commendations = (
        Commendation.objects.in_subtree(organization)
        .filter(on_or_before("proposed_on", as_of))
        .annotate(approved_then=ExpressionWrapper(approved, output_field=BooleanField()))
    )
    if decision:
        commendations = commendations.filter(decision_number__iexact=decision)
    if status in CommendationStatus.values:
        commendations = commendations.filter(approved_then=status == CommendationStatus.APPROVED)
    return commendations


def campaign_commendations(campaign, *, user, as_of):
    """The commendations of `campaign` that `user` may see, approved by a decision dated on or
    before `as_of`, by decision date and number (the campaign's page)."""
    return (
        Commendation.objects.filter(
            on_or_before("decision_date", as_of),
            campaign=campaign,
            status=CommendationStatus.APPROVED,
        )
        .visible_to(user)
        .select_related("organization")
        .order_by("decision_date", "decision_number", "pk")
    )


def commendation_summary(*, organization, year=None, as_of=None):
    """Approved commendations granted within the subtree, per form and reason, collectives and
    individuals apart; `year` limits them to decisions of that year, `as_of` to decisions
    dated on or before it. One grouped query."""
    commendations = Commendation.objects.in_subtree_on(organization, as_of).filter(
        on_or_before("decision_date", as_of),
        status=CommendationStatus.APPROVED,
    )
    if year:
        commendations = commendations.filter(decision_date__year=year)
    rows = list(
        commendations.values("form", "reason")
        .annotate(
            collectives=Count("pk", filter=Q(recipient_kind=RecipientKind.COLLECTIVE)),
            individuals=Count("pk", filter=Q(recipient_kind=RecipientKind.INDIVIDUAL)),
        )
        .order_by("form", "reason")
    )
    for row in rows:
        row["form_label"] = CommendationForm(row["form"]).label
        row["reason_label"] = Reason(row["reason"]).label
    return rows


def campaign_summary(*, organization, as_of=None):
    """Works registered within the subtree (on or before `as_of`, when given), per campaign
    and status on that day (CampaignWorkQuerySet.with_status_on), with their mean completion
    where it is known. One grouped query."""
    today = timezone.localdate()
    rows = list(
        CampaignWork.objects.in_subtree_on(organization, as_of)
        .on(as_of)
        .with_status_on(as_of or today, today=today)
        .values("campaign", "status_on", name=F("campaign__name"))
        .annotate(works=Count("pk"), progress=Avg("progress_on"))
        .order_by("name", "status_on")
    )
    for row in rows:
        row["status"] = row.pop("status_on")
        row["status_label"] = WorkStatus(row["status"]).label
    return rows


def campaigns_on(campaigns, *, organization, as_of):
    """`campaigns` with, within `organization`'s subtree and on `as_of` (core.asof), the works
    registered (`works_then`) and completed (`completed_then`) by then and the campaign's
    commendations decided by then (`commendations_then`); `started_then` when the campaign
    had begun. Counted in the campaigns' query: the works by one join of the subtree's works,
    grouped per campaign (a subquery per campaign and figure scanned every work of the table
    each time, issue 15's benchmark), the commendations by a subquery on their campaign index."""
    from django.db.models import (
        BooleanField,
        ExpressionWrapper,
        FilteredRelation,
        Func,
        IntegerField,
    )

    # COUNT as a plain function: no GROUP BY in the subquery, so 0 (not NULL) for none, and no
    # COALESCE around it, which the campaigns' GROUP BY would have to repeat per joined work.
    commended = (
        Commendation.objects.in_subtree_on(organization, as_of)
        .filter(
            campaign=OuterRef("pk"),
            status=CommendationStatus.APPROVED,
            decision_date__lte=as_of,
        )
        .order_by()
        .annotate(count=Func("pk", function="COUNT"))
        .values("count")
    )
    registered = Q(subtree_works__registered_on__lte=as_of)
    completed = registered & Q(
        subtree_works__status=WorkStatus.COMPLETED, subtree_works__completed_on__lte=as_of
    )
    return campaigns.annotate(
        subtree_works=FilteredRelation(
            "works", condition=subtree_on_q(organization, as_of, "works__org_path")
        ),
        works_then=Count("subtree_works", filter=registered),
        completed_then=Count("subtree_works", filter=completed),
        commendations_then=Subquery(commended, output_field=IntegerField()),
        started_then=ExpressionWrapper(Q(starts_on__lte=as_of), output_field=BooleanField()),
    )


def campaigns_of(organization, *, as_of):
    """The emulation campaigns of `organization`'s subtree and of the committees above it
    begun on or before `as_of` (core.asof), with `campaigns_on`'s figures then (the works and
    commendations of the subtree), by start date and name: the congress summary lists them.
    One query."""
    from recognition.models import Campaign

    campaigns = Campaign.objects.in_subtree_on(organization, as_of) | Campaign.objects.on_paths(
        ancestor_paths(organization, inclusive=True)
    )
    return list(
        campaigns_on(
            campaigns.filter(starts_on__lte=as_of), organization=organization, as_of=as_of
        ).order_by("starts_on", "name", "pk")
    )


# --- the terms whose rule packs govern classification and commendations -------------------


def term_on(day):
    """The term under way on `day` (the newest if two overlap), else the last one begun by
    then; None before every term. One query."""
    from congresses.models import Term

    terms = Term.objects.filter(starts_on__lte=day).order_by("-starts_on")
    return terms.filter(ends_on__gte=day).first() or terms.first()


def term_of_period(period):
    """The term whose rule pack governs `period` (R-CL-03): its own term, else the newest term
    under way during its year (2020: 2020–2025; 2025: 2025–2030). Cached on the period; one
    query the first time."""
    import datetime

    if not hasattr(period, "_pack_term"):
        if period.term_id:
            period._pack_term = period.term
        else:
            from congresses.models import Term

            period._pack_term = (
                Term.objects.filter(
                    starts_on__lte=datetime.date(period.year, 12, 31),
                    ends_on__gte=datetime.date(period.year, 1, 1),
                )
                .order_by("-starts_on")
                .first()
            )
    return period._pack_term


# --- the authority table -------------------------------------------------------------------


def authorities(*, granting, on=None):
    """The (form, recipient kind) pairs `granting`'s kind may grant on day `on` (R-AW-01/02)."""
    on = on or timezone.localdate()
    return set(
        AwardAuthority.objects.filter(granting_kind=granting.kind_id, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values_list("form", "recipient_kind")
    )


def streak_years():
    return settings.RECOGNITION_STREAK_YEARS


def year_period(year):
    """The classification period of calendar year `year`, or None."""
    return Period.objects.filter(kind="year", year=int(year)).first()


def approved_commendations(organization, *, decision="", year=None, as_of=None):
    """Approved commendations over `organization`'s subtree, with their granting bodies, by
    decision date and number: those of decision `decision` (any case), else of `year`'s
    decisions, else all; only decisions dated on or before `as_of` when given."""
    commendations = (
        Commendation.objects.in_subtree_on(organization, as_of)
        .filter(on_or_before("decision_date", as_of), status=CommendationStatus.APPROVED)
        .select_related("organization", "recipient_member")
    )
    if decision:
        commendations = commendations.filter(decision_number__iexact=decision)
    elif year:
        commendations = commendations.filter(decision_date__year=int(year))
    return commendations.order_by("decision_date", "decision_number", "pk")
