"""Reads of the delegates app: the official members of the organizations below a congress, and
a plan with its quotas and sums."""

from django.db.models import Count
from django.db.models.functions import Substr

from congresses.models import TermLevelRule
from core.asof import member_on
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
        .on(as_of)
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
    """The members of the congress's organization (its subtree) on `day` (admitted on or
    before it and not yet gone, core.asof), ordered as the member list, with
    `official_on_day`: a queryset (the page pages it)."""
    from django.db.models import BooleanField, Case, Value, When

    return (
        Member.objects.in_subtree(congress.organization)
        .on(day)
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
        .on(day)
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
        )
        .filter(member_on(day, prefix="member__"))
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
    """The base D of a congress's rounds as its roll counts it, for the round form: a member
    congress from its member roll (R-EL-20: the official members convened and the exclusions
    in the form's three groups), a delegate congress from its roll of delegates (R-EL-21, see
    delegate_base). None for an empty roll. Registered with personnel.hooks in
    DelegatesConfig.ready(); at most three queries."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from congresses.choices import CongressKind
    from delegates.choices import ExclusionReason

    if congress.kind == CongressKind.DELEGATE:
        return delegate_base(congress)
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
        "source": _("member roll"),
        "url": reverse("delegates:member-roll", args=[congress.pk]),
        "values": {
            "convened": figures["official"],
            "excluded_absent_with_reason": counts[ExclusionReason.ABSENT_WITH_REASON],
            "excluded_suspended": counts[ExclusionReason.SUSPENDED],
            "excluded_other": counts[ExclusionReason.TEMPORARY_TRANSFER]
            + counts[ExclusionReason.EXEMPTED_ABSENT],
        },
    }


def delegate_base(congress):
    """D of a delegate congress from its roll of delegates (R-EL-21): convened are the official
    delegates called to the congress (those whose credentials stand, the alternates who
    replaced an absent delegate included, and those who declined or whose credentials were not
    accepted); D leaves out those who declined (absent for the whole congress, no alternate
    replacing them) and those whose credentials were not accepted. Delegates replaced by an
    alternate count once, as their alternate. None while the roll is empty. One query."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from delegates.choices import DelegateStatus, HowSelected
    from delegates.models import Delegate

    counts = dict(
        Delegate.objects.filter(congress=congress)
        # An alternate never called is no official delegate convened, whatever its status.
        .exclude(how_selected=HowSelected.ALTERNATE, replaces__isnull=True)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    standing = counts.get(DelegateStatus.CONVENED, 0)
    declined = counts.get(DelegateStatus.DECLINED, 0)
    not_accepted = counts.get(DelegateStatus.NOT_ACCEPTED, 0)
    if not (standing + declined + not_accepted):
        return None
    return {
        "day": congress_day(congress),
        "base": standing,
        "source": _("roll of delegates"),
        "url": reverse("delegates:delegate-roll", args=[congress.pk]),
        "values": {
            "convened": standing + declined + not_accepted,
            "excluded_absent_with_reason": declined,
            "excluded_suspended": 0,
            "excluded_other": not_accepted,
        },
    }


def convened(congress, *, day=None):
    """The members convened to `congress` on `day` (default: the congress day), as a queryset of
    Member ordered as the member list: whom the check-in desk admits and the credentials report
    counts. A member congress convenes its member roll less the recorded exclusions (R-EL-20;
    probationary members attend without a vote, R-EL-28). A delegate congress convenes the
    delegates on its roll whose credentials stand: not declined, not refused by the credentials
    committee, not replaced, the alternates who replaced an absent delegate included and the
    alternates not called left out (R-EL-30, R-EL-33, R-EL-34), each annotated `selected_how`;
    `day` does not change it."""
    from congresses.choices import CongressKind
    from delegates.choices import STANDING
    from delegates.models import Delegate, RollExclusion

    if congress.kind == CongressKind.DELEGATE:
        from django.db.models import BooleanField, Case, OuterRef, Subquery, Value, When

        standing = Delegate.objects.filter(congress=congress, status__in=STANDING)
        how = standing.filter(member=OuterRef("pk")).values("how_selected")[:1]
        day = day or congress_day(congress)
        # `official_on_day` as on the member roll: the live attendance counts the quorum on it.
        return (
            Member.objects.filter(pk__in=standing.values("member_id"))
            .annotate(
                selected_how=Subquery(how),
                official_on_day=Case(
                    When(official_on__isnull=False, official_on__lte=day, then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                ),
            )
            .order_by("org_path", "name_key", "code")
        )
    if congress.kind != CongressKind.ALL_MEMBER:
        return Member.objects.none()
    day = day or congress_day(congress)
    excluded = RollExclusion.objects.filter(congress=congress).values("member_id")
    return roll_members(congress, day=day).exclude(pk__in=excluded)


def previous_congress(congress):
    """The same organization's congress of the term before `congress`'s, or None."""
    from congresses.models import Congress, Term

    # Terms overlap by their waves of congresses: the previous one started before.
    previous = (
        Term.objects.filter(starts_on__lt=congress.term.starts_on).order_by("-starts_on").first()
    )
    if previous is None:
        return None
    # The term's congress of the organization: its regular one (issue 15, item 6).
    return (
        Congress.objects.regular()
        .filter(term=previous, organization_id=congress.organization_id)
        .first()
    )


def lower_congresses(plan):
    """{organization id: its congress in the plan's term} for the organizations of the plan's
    quotas that have one. One query."""
    from congresses.models import Congress

    return {
        lower.organization_id: lower
        for lower in Congress.objects.regular().filter(
            term_id=plan.congress.term_id,
            organization_id__in=plan.quotas.values("organization_id"),
        )
    }


def delegate_roll(congress):
    """The roll of delegates of a delegate congress, ordered by delegation (the organization
    represented), how selected and the alternates' order: a queryset (the page pages it)."""
    from delegates.models import Delegate

    return (
        Delegate.objects.filter(congress=congress)
        .select_related("member", "represents", "replaces__member", "replaced_by__member")
        .order_by("represents__path", "how_selected", "alternate_order", "member__name_key", "pk")
    )


def delegate_figures(congress, plan):
    """The roll of delegates against the plan: per organization below its seats, the delegates
    and alternates taken from its congress, the seats unfilled (R-EL-33) and the stage of that
    congress; the ex officio and appointed delegates against the plan's figures; the counts by
    status and the delegates convened by how selected. Four queries."""
    from delegates.choices import STANDING, DelegateStatus, HowSelected
    from delegates.models import Delegate

    rows = list(
        Delegate.objects.filter(congress=congress)
        .values_list("represents_id", "how_selected", "status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    taken = {}
    by_status = dict.fromkeys(DelegateStatus.values, 0)
    standing_by_how = dict.fromkeys(HowSelected.values, 0)
    by_how = dict.fromkeys(HowSelected.values, 0)
    standby = {}
    for represents_id, how, status, count in rows:
        taken[(represents_id, how)] = taken.get((represents_id, how), 0) + count
        by_status[status] += count
        by_how[how] += count
        if status in STANDING:
            standing_by_how[how] += count
        if status == DelegateStatus.STANDBY:
            standby[represents_id] = standby.get(represents_id, 0) + count
    organizations = []
    unfilled = 0
    if plan is not None:
        lowers = lower_congresses(plan)
        for quota in plan.quotas.select_related("organization").order_by("organization__path"):
            elected = taken.get((quota.organization_id, HowSelected.ELECTED), 0)
            alternates = taken.get((quota.organization_id, HowSelected.ALTERNATE), 0)
            short = max(quota.seats - elected, 0)
            unfilled += short
            organizations.append(
                {
                    "quota": quota,
                    "congress": lowers.get(quota.organization_id),
                    "elected": elected,
                    "alternates": alternates,
                    "standby": standby.get(quota.organization_id, 0),
                    "unfilled": short,
                }
            )
    return {
        "organizations": organizations,
        "unfilled": unfilled,
        "by_status": by_status,
        "by_how": by_how,
        "standing_by_how": standing_by_how,
        "standing": sum(standing_by_how.values()),
        "ex_officio": by_how[HowSelected.EX_OFFICIO],
        "appointed": by_how[HowSelected.APPOINTED],
    }
