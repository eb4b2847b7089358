"""Writes of the delegates app: the delegate plan of a delegate congress (R-EL-32, R-WV-05).

Every function owns its transaction and writes its audit row; refusals are ValidationError
with a message naming the rule, and nothing is written.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from congresses import rulepacks
from congresses.choices import CongressKind
from congresses.models import Congress
from core.asof import is_member_on
from core.audit import record_audit
from core.decisions import decision_problems
from core.editing import StaleEditError
from core.text import normalize_text, unsafe_text_message
from delegates import selectors
from delegates.allocation import AllocationError, shares
from delegates.choices import PlanStatus
from delegates.models import DelegatePlan, DelegateQuota


def _stale():
    return StaleEditError(
        _("Someone else changed this delegate plan meanwhile. Reload it and check before saving.")
    )


def _check_numbers(*, congress, total, ex_officio, appointed):
    cap = selectors.delegate_cap(congress)
    errors = {}
    if cap is not None and total > cap:
        errors["total"] = _(
            "At most %(cap)s delegates for a congress of this level in this term (%(rule)s)."
        ) % {"cap": cap, "rule": rulepacks.cite(congress.term, "R-WV-05")}
    if ex_officio + appointed > total:
        errors["ex_officio"] = _(
            "Ex officio and appointed delegates (%(count)s) are more than the total (%(total)s)."
        ) % {"count": ex_officio + appointed, "total": total}
    if errors:
        raise ValidationError(errors)


def _proposal(congress, elected, alternates, *, as_of):
    """(organization, official members, proposed seats, proposed alternates) per organization
    directly below, by the documented method (delegates.allocation)."""
    children = selectors.children_with_official_members(congress.organization, as_of=as_of)
    members = {child.path: count for child, count in children}
    try:
        seats = {share.key: share.seats for share in shares(elected, members, minimum=1)}
    except AllocationError as error:
        raise ValidationError(
            {
                "total": _(
                    "%(seats)s elected seats cannot give each of the %(count)s organizations "
                    "below one seat (%(rule)s)."
                )
                % {
                    "seats": elected,
                    "count": len(children),
                    "rule": rulepacks.cite(congress.term, "R-EL-32"),
                }
            }
        ) from error
    spare = {share.key: share.seats for share in shares(alternates, members, minimum=0)}
    return [(child, count, seats[child.path], spare[child.path]) for child, count in children]


@transaction.atomic
def create_plan(*, congress, actor, total, ex_officio=0, appointed=0, alternates=0, as_of=None):
    """The delegate plan of a delegate congress, with the seats and alternates of every
    organization directly below proposed in proportion to their official members on `as_of`
    (default today). Refused: an all-member congress, a total above the term's cap (R-WV-05),
    more ex officio and appointed delegates than the total, fewer elected seats than
    organizations below, a plan that exists already. Side effects: the plan, its quotas, one
    audit row."""
    if congress.kind != CongressKind.DELEGATE:
        raise ValidationError(_("Only a delegate congress has a delegate plan."))
    _check_numbers(congress=congress, total=total, ex_officio=ex_officio, appointed=appointed)
    Congress.objects.select_for_update().filter(pk=congress.pk).first()
    if DelegatePlan.objects.filter(congress=congress).exists():
        raise _stale()
    plan = DelegatePlan.objects.create(
        congress=congress,
        organization_id=congress.organization_id,
        org_path=congress.org_path,
        total=total,
        ex_officio=ex_officio,
        appointed=appointed,
        alternates=alternates,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    day = as_of or timezone.localdate()
    DelegateQuota.objects.bulk_create(
        DelegateQuota(
            plan=plan,
            organization=child,
            official_members=members,
            proposed_seats=seats,
            seats=seats,
            alternates=spare,
        )
        for child, members, seats, spare in _proposal(congress, plan.elected, alternates, as_of=day)
    )
    record_audit(
        actor=actor,
        action="delegates.plan_created",
        target=plan,
        data={
            "total": total,
            "ex_officio": ex_officio,
            "appointed": appointed,
            "alternates": alternates,
            "members_counted_on": day,
        },
        organization_path=plan.org_path,
    )
    return plan


@transaction.atomic
def save_quotas(*, plan, actor, expected_version, changes):
    """Change quotas by hand: `changes` maps quota pks to (seats, alternates, reason). A seat
    count that differs from the proposal needs a reason (importance, subordinate organizations,
    R-EL-32). The sums may differ from the plan's while it is a draft; approval checks them.
    Compare-and-set on the plan's version; one audit row with the changed quotas."""
    errors = []
    quotas = {quota.pk: quota for quota in plan.quotas.select_related("organization")}
    changed = {}
    for pk, (seats, alternates, reason) in changes.items():
        quota = quotas.get(pk)
        if quota is None:
            raise ValidationError(_("This organization is not in the plan."))
        reason = normalize_text(reason or "")
        if seats != quota.proposed_seats and not reason:
            errors.append(
                _("%(name)s: say why its seats differ from the proposal (%(proposed)s).")
                % {"name": quota.organization.name, "proposed": quota.proposed_seats}
            )
        if (seats, alternates, reason) != (quota.seats, quota.alternates, quota.extra_reason):
            changed[pk] = (seats, alternates, reason)
    if errors:
        raise ValidationError(errors)
    _bump(plan, expected_version, require_draft=True)
    for pk, (seats, alternates, reason) in changed.items():
        DelegateQuota.objects.filter(pk=pk).update(
            seats=seats, alternates=alternates, extra_reason=reason
        )
    record_audit(
        actor=actor,
        action="delegates.quotas_changed",
        target=plan,
        data={
            "quotas": {
                quotas[pk].organization.code: {
                    "before": [quotas[pk].seats, quotas[pk].alternates],
                    "after": [seats, alternates],
                    "reason": reason,
                }
                for pk, (seats, alternates, reason) in changed.items()
            }
        },
        organization_path=plan.org_path,
    )


@transaction.atomic
def approve_plan(*, plan, actor, expected_version, decision_body, decision_number, decision_date):
    """The convening committee approves the plan (decision body, number and date). Refused
    unless the organizations' seats add up to the elected seats and their alternates to the
    plan's alternates. Compare-and-set on the plan's version; audited."""
    figures = selectors.plan_figures(plan)
    errors = []
    if figures["seats"] != plan.elected:
        errors.append(
            _(
                "The organizations' seats add up to %(seats)s, but %(elected)s are to be "
                "elected (%(total)s less %(ex_officio)s ex officio and %(appointed)s "
                "appointed)."
            )
            % {
                "seats": figures["seats"],
                "elected": plan.elected,
                "total": plan.total,
                "ex_officio": plan.ex_officio,
                "appointed": plan.appointed,
            }
        )
    if figures["alternates"] != plan.alternates:
        errors.append(
            _("The organizations' alternates add up to %(count)s, not %(alternates)s.")
            % {"count": figures["alternates"], "alternates": plan.alternates}
        )
    errors += decision_problems(body=decision_body, number=decision_number, day=decision_date)
    if errors:
        raise ValidationError(errors)
    values = {
        "status": PlanStatus.APPROVED,
        "decision_body": normalize_text(decision_body),
        "decision_number": normalize_text(decision_number),
        "decision_date": decision_date,
    }
    _bump(plan, expected_version, require_draft=True, **values)
    record_audit(
        actor=actor,
        action="delegates.plan_approved",
        target=plan,
        data=values,
        organization_path=plan.org_path,
    )


def _bump(plan, expected_version, *, require_draft, **values):
    """Compare-and-set on the plan's version (and its status, for a draft-only change)."""
    rows = DelegatePlan.objects.filter(pk=plan.pk, version=expected_version)
    if require_draft:
        rows = rows.filter(status=PlanStatus.DRAFT)
    if rows.update(version=F("version") + 1, **values) != 1:
        if DelegatePlan.objects.filter(pk=plan.pk, status=PlanStatus.APPROVED).exists():
            raise ValidationError(_("This delegate plan is approved; it can no longer change."))
        raise _stale()
    plan.refresh_from_db()


@transaction.atomic
def record_exclusion(*, congress, member, actor, reason, note=""):
    """Leave an official member out of a member congress's base D for a reason of R-EL-20
    (or change the reason). Refused: a delegate congress (its D comes from the delegates), a
    member outside the organization's subtree, a member not official on the congress day.
    Audited."""
    from delegates.choices import ExclusionReason
    from delegates.models import RollExclusion

    if congress.kind != CongressKind.ALL_MEMBER:
        raise ValidationError(_("Only a member congress has a member roll."))
    if not member.org_path.startswith(congress.org_path):
        raise ValidationError(_("This member does not belong to the congress's organization."))
    day = selectors.congress_day(congress)
    if member.official_on is None or member.official_on > day or not is_member_on(member, day):
        raise ValidationError(
            _("%(name)s is not an official member on %(day)s: not counted in the base (%(rule)s).")
            % {
                "name": member.full_name,
                "day": day.strftime("%d/%m/%Y"),
                "rule": rulepacks.cite(congress.term, "R-EL-28"),
            }
        )
    if reason not in ExclusionReason.values:
        raise ValidationError(
            {
                "reason": _("Choose a reason of rule %(rule)s.")
                % {"rule": rulepacks.cite(congress.term, "R-EL-20")}
            }
        )
    problem = unsafe_text_message(note or "", label=_("note"))
    if problem:  # the page posts no form: the characters the forms refuse are refused here
        raise ValidationError({"note": problem})
    exclusion, created = RollExclusion.objects.update_or_create(
        congress=congress,
        member=member,
        defaults={
            "reason": reason,
            "note": normalize_text(note or ""),
            "organization_id": congress.organization_id,
            "org_path": congress.org_path,
            "recorded_by": actor if actor is not None and actor.is_authenticated else None,
        },
    )
    record_audit(
        actor=actor,
        action="delegates.exclusion_recorded",
        target=exclusion,
        data={"member": member.pk, "reason": reason, "new": created},
        organization_path=congress.org_path,
    )
    return exclusion


@transaction.atomic
def remove_exclusion(*, exclusion, actor):
    """Count the member in the base D again. Audited."""
    record_audit(
        actor=actor,
        action="delegates.exclusion_removed",
        target=exclusion,
        data={"member": exclusion.member_id, "reason": exclusion.reason},
        organization_path=exclusion.org_path,
    )
    exclusion.delete()
