"""Reads of the delegates app: the official members of the organizations below a congress, and
a plan with its quotas and sums."""

from django.db.models import Count
from django.db.models.functions import Substr

from congresses.models import TermLevelRule
from organizations.models import Member, Organization


def children_with_official_members(organization, *, as_of):
    """[(organization, official members on `as_of`)] for the organizations directly below
    `organization` that are not dissolved, by path: two queries whatever the subtree."""
    children = list(
        Organization.objects.children_of(organization)
        .filter(valid_to__isnull=True)
        .order_by("path")
    )
    prefix = Substr("org_path", 1, len(organization.path) + Organization.STEP)
    counts = dict(
        Member.objects.in_subtree(organization)
        .exclude(organization=organization)
        .filter(official_on__isnull=False, official_on__lte=as_of)
        .annotate(branch=prefix)
        .values("branch")
        .annotate(official=Count("org_path"))
        .values_list("branch", "official")
        .order_by()
    )
    return [(child, counts.get(child.path, 0)) for child in children]


def delegate_cap(congress):
    """The term's cap on a congress of this level (R-WV-05), or None when the term sets none."""
    return (
        TermLevelRule.objects.filter(term_id=congress.term_id, level=congress.level)
        .values_list("delegate_cap", flat=True)
        .first()
    )


def plan_figures(plan):
    """The plan's quotas (with their organizations) and the sums the page and the approval
    check read: one query for the quotas."""
    quotas = list(plan.quotas.select_related("organization").order_by("organization__path"))
    seats = sum(quota.seats for quota in quotas)
    alternates = sum(quota.alternates for quota in quotas)
    return {
        "quotas": quotas,
        "seats": seats,
        "alternates": alternates,
        "seats_difference": seats - plan.elected,
        "alternates_difference": alternates - plan.alternates,
        "balanced": seats == plan.elected and alternates == plan.alternates,
        "changed": [quota for quota in quotas if quota.seats != quota.proposed_seats],
    }


def congress_day(congress):
    """The day a member congress's roll is taken: its opening, else its planned date, else
    today."""
    from django.utils import timezone

    return congress.started_on or congress.planned_date or timezone.localdate()


def roll_members(congress, *, day):
    """The members of the congress's organization (its subtree) admitted on or before `day`,
    ordered as the member list, with `official_on_day`: a queryset (the page pages it)."""
    from django.db.models import BooleanField, Case, Value, When

    return (
        Member.objects.in_subtree(congress.organization)
        .filter(admitted_on__lte=day)
        .annotate(
            official_on_day=Case(
                When(official_on__isnull=False, official_on__lte=day, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("org_path", "name_key", "code")
    )


def roll_figures(congress, *, day):
    """The roll's counts on `day` (R-EL-20, R-EL-28): official members convened, probationary
    members (attend, do not vote), the exclusions by reason and the base D. Two queries."""
    from django.db.models import Q

    from delegates.choices import ExclusionReason
    from delegates.models import RollExclusion

    official = Q(official_on__isnull=False, official_on__lte=day)
    counts = (
        Member.objects.in_subtree(congress.organization)
        .filter(admitted_on__lte=day)
        .aggregate(
            official=Count("org_path", filter=official),
            probationary=Count("org_path", filter=~official),
        )
    )
    by_reason = dict(
        RollExclusion.objects.filter(
            congress=congress,
            member__official_on__isnull=False,
            member__official_on__lte=day,
            member__admitted_on__lte=day,
        )
        .values_list("reason")
        .annotate(count=Count("pk"))
        .order_by()
    )
    exclusions = [
        (reason, label, by_reason.get(reason, 0)) for reason, label in ExclusionReason.choices
    ]
    excluded = sum(by_reason.values())
    return {
        "day": day,
        "official": counts["official"],
        "probationary": counts["probationary"],
        "exclusions": exclusions,
        "excluded": excluded,
        "base": counts["official"] - excluded,
    }


def quota_of(congress):
    """{"delegate_quota": the seats and alternates `congress`'s organization elects to the
    congress above in the same term, once that congress's plan is approved (else None)}. One
    query; shown on the congress page (registered in DelegatesConfig.ready())."""
    from delegates.choices import PlanStatus
    from delegates.models import DelegateQuota

    quota = (
        DelegateQuota.objects.filter(
            organization_id=congress.organization_id,
            plan__congress__term_id=congress.term_id,
            plan__status=PlanStatus.APPROVED,
        )
        .select_related("plan__congress__organization")
        .first()
    )
    return {"delegate_quota": quota}


def base_from_roll(congress):
    """The base D of a member congress's rounds as its member roll counts it (R-EL-20): the
    official members convened and the exclusions in the round form's three groups; None for a
    delegate congress (its roll of delegates is not kept yet) and for an empty roll.
    Registered with personnel.hooks in DelegatesConfig.ready(); three queries."""
    from congresses.choices import CongressKind
    from delegates.choices import ExclusionReason

    if congress.kind != CongressKind.ALL_MEMBER:
        return None
    day = congress_day(congress)
    figures = roll_figures(congress, day=day)
    if not figures["official"]:
        return None  # no member on the roll yet: nothing to propose
    counts = {reason: count for reason, _label, count in figures["exclusions"]}
    return {
        "day": day,
        "base": figures["base"],
        "values": {
            "convened": figures["official"],
            "excluded_absent_with_reason": counts[ExclusionReason.ABSENT_WITH_REASON],
            "excluded_suspended": counts[ExclusionReason.SUSPENDED],
            "excluded_other": counts[ExclusionReason.TEMPORARY_TRANSFER]
            + counts[ExclusionReason.EXEMPTED_ABSENT],
        },
    }


def convened(congress, *, day=None):
    """The members convened to `congress` on `day` (default: the congress day), as a queryset of
    Member ordered as the member list: whom the check-in desk admits and the credentials report
    counts. A member congress convenes its member roll less the recorded exclusions (R-EL-20;
    probationary members attend without a vote, R-EL-28). A delegate congress convenes its
    delegates (R-EL-29..33); their roll is not kept yet, so none."""
    from congresses.choices import CongressKind
    from delegates.models import RollExclusion

    if congress.kind != CongressKind.ALL_MEMBER:
        return Member.objects.none()
    day = day or congress_day(congress)
    excluded = RollExclusion.objects.filter(congress=congress).values("member_id")
    return roll_members(congress, day=day).exclude(pk__in=excluded)
