"""Writes of the delegates app: the delegate plan of a delegate congress (R-EL-32, R-WV-05).

Every function owns its transaction and writes its audit row; refusals are ValidationError
with a message naming the rule, and nothing is written.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from congresses.choices import HELD_STAGES, CongressKind, Stage
from congresses.models import Congress
from core.audit import record_audit
from core.decisions import decision_problems
from core.editing import StaleEditError
from core.text import normalize_text, unsafe_text_message
from delegates import selectors
from delegates.allocation import AllocationError, shares
from delegates.choices import DelegateStatus, HowSelected, PlanStatus
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
            "At most %(cap)s delegates for a congress of this level in this term (R-WV-05)."
        ) % {"cap": cap}
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
                    "below one seat (R-EL-32)."
                )
                % {"seats": elected, "count": len(children)}
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
    if member.official_on is None or member.official_on > day or member.admitted_on > day:
        raise ValidationError(
            _("%(name)s is not an official member on %(day)s: not counted in the base (R-EL-28).")
            % {"name": member.full_name, "day": day.strftime("%d/%m/%Y")}
        )
    if reason not in ExclusionReason.values:
        raise ValidationError({"reason": _("Choose a reason of rule R-EL-20.")})
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


# --- The roll of delegates of a delegate congress (R-EL-30..34) ---------------------------------


def _delegate_congress_open(congress):
    """ValidationError unless `congress` is a delegate congress whose roll may still change:
    not held or closed (R-EL-33: alternates replace absent delegates at the congress)."""
    if congress.kind != CongressKind.DELEGATE:
        raise ValidationError(_("Only a delegate congress has a roll of delegates."))
    if congress.stage in HELD_STAGES:
        raise ValidationError(
            _(
                "This congress is at the stage “%(stage)s”: its roll of delegates no longer "
                "changes (R-EL-33)."
            )
            % {"stage": Stage(congress.stage).label}
        )


def _lock_roll(congress):
    """Changes to one congress's roll are made one at a time (the congress row's lock on
    PostgreSQL; SQLite writes one transaction at a time)."""
    Congress.objects.select_for_update().filter(pk=congress.pk).first()


def _in_subtree(member, organization):
    return member.org_path.startswith(organization.path)


def _taking_stages():
    from django.conf import settings

    if settings.DELEGATES_TAKEN_FROM_STAGE == Stage.RESULTS_APPROVED:
        return {Stage.RESULTS_APPROVED}
    return set(HELD_STAGES)


@transaction.atomic
def take_elected(*, congress, actor):
    """Put on `congress`'s roll the delegates and alternates elected at the congresses of the
    organizations of its approved plan, as their ballots "delegates to the higher congress" and
    "alternate delegates" elected them (RoundVote.is_elected), once each of those congresses
    has reached the stage settings.DELEGATES_TAKEN_FROM_STAGE names. Alternates are called in
    the order of their votes (then round, then name). Idempotent: a person already on the roll
    is not added again. Not added, and listed in the result: an elected candidate not linked
    to a member of the register, a member outside the organization's subtree, someone already
    on the roll for another delegation, a seat beyond the organization's quota.
    Returns {"added": count, "skipped": [messages]}; one audit row when anything is added."""
    from delegates.models import Delegate
    from personnel.choices import BallotKind
    from personnel.models import RoundVote

    _delegate_congress_open(congress)
    plan = DelegatePlan.objects.filter(congress=congress, status=PlanStatus.APPROVED).first()
    if plan is None:
        raise ValidationError(
            _(
                "Approve the delegate plan first: it says how many each organization elects "
                "(R-EL-29)."
            )
        )
    _lock_roll(congress)
    quotas = {quota.organization_id: quota for quota in plan.quotas.select_related("organization")}
    lowers = [
        lower
        for lower in selectors.lower_congresses(plan).values()
        if lower.stage in _taking_stages()
    ]
    votes = (
        RoundVote.objects.filter(
            is_elected=True,
            round__ballot__congress__in=lowers,
            round__ballot__kind__in=[BallotKind.DELEGATES, BallotKind.ALTERNATE_DELEGATES],
        )
        .select_related("candidate__member", "round__ballot__congress")
        .order_by("-votes", "round__number", "candidate__full_name", "pk")
    )
    # The delegates first, then the alternates, each in the order of their votes.
    votes = sorted(votes, key=lambda vote: vote.round.ballot.kind != BallotKind.DELEGATES)
    existing = {
        delegate.member_id: delegate
        for delegate in Delegate.objects.filter(congress=congress).select_related("represents")
    }
    counts = {}
    orders = {}
    for delegate in existing.values():
        key = (delegate.represents_id, delegate.how_selected)
        counts[key] = counts.get(key, 0) + 1
        if delegate.alternate_order:
            orders[delegate.represents_id] = max(
                orders.get(delegate.represents_id, 0), delegate.alternate_order
            )
    added, skipped = [], []
    for vote in votes:
        lower = vote.round.ballot.congress
        quota = quotas[lower.organization_id]
        organization = quota.organization
        member = vote.candidate.member
        alternate = vote.round.ballot.kind == BallotKind.ALTERNATE_DELEGATES
        how = HowSelected.ALTERNATE if alternate else HowSelected.ELECTED
        names = {"name": vote.candidate.full_name, "organization": organization.name}
        if member is None:
            skipped.append(
                _("%(name)s (%(organization)s) is not linked to a member of the register.") % names
            )
            continue
        if member.pk in existing:
            other = existing[member.pk]
            if other.represents_id != organization.pk or other.how_selected != how:
                skipped.append(
                    _("%(name)s (%(organization)s) is already on the roll (R-EL-32).") % names
                )
            continue
        if not _in_subtree(member, organization):
            skipped.append(_("%(name)s does not belong to %(organization)s (R-EL-32).") % names)
            continue
        limit = quota.alternates if alternate else quota.seats
        if counts.get((organization.pk, how), 0) >= limit:
            skipped.append(
                _("%(name)s: %(organization)s has no %(kind)s seat left (%(limit)s, R-EL-32).")
                % {**names, "kind": HowSelected(how).label.lower(), "limit": limit}
            )
            continue
        counts[(organization.pk, how)] = counts.get((organization.pk, how), 0) + 1
        order = None
        if alternate:
            order = orders[organization.pk] = orders.get(organization.pk, 0) + 1
        delegate = Delegate(
            congress=congress,
            organization_id=congress.organization_id,
            org_path=congress.org_path,
            member=member,
            represents=organization,
            how_selected=how,
            alternate_order=order,
            status=DelegateStatus.STANDBY if alternate else DelegateStatus.CONVENED,
            election_round=vote.round,
            votes=vote.votes,
            recorded_by=_user(actor),
        )
        existing[member.pk] = delegate
        added.append(delegate)
    Delegate.objects.bulk_create(added)
    if added:
        record_audit(
            actor=actor,
            action="delegates.elected_taken",
            target=congress,
            data={
                "added": [[d.member_id, d.represents_id, d.how_selected] for d in added],
                "skipped": [str(message) for message in skipped],
            },
            organization_path=congress.org_path,
        )
    return {"added": len(added), "skipped": skipped}


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _check_new_delegate(*, congress, plan, member, represents, how_selected, existing_count):
    """The refusals common to a delegate added by hand (ex officio, appointed)."""
    from delegates.models import Delegate

    if not _in_subtree(member, represents):
        raise ValidationError(
            {
                "member": _("%(name)s does not belong to %(organization)s (R-EL-32).")
                % {"name": member.full_name, "organization": represents.name}
            }
        )
    day = selectors.congress_day(congress)
    if member.official_on is None or member.official_on > day:
        raise ValidationError(
            {
                "member": _(
                    "%(name)s is not an official member on %(day)s: only official members are "
                    "delegates (R-EL-28)."
                )
                % {"name": member.full_name, "day": day.strftime("%d/%m/%Y")}
            }
        )
    if Delegate.objects.filter(congress=congress, member=member).exists():
        raise ValidationError(
            {"member": _("%(name)s is already on the roll (R-EL-32).") % {"name": member.full_name}}
        )
    planned = plan.ex_officio if how_selected == HowSelected.EX_OFFICIO else plan.appointed
    if existing_count >= planned:
        raise ValidationError(
            _("The plan has %(planned)s %(kind)s delegates and the roll has them all (R-EL-32).")
            % {"planned": planned, "kind": HowSelected(how_selected).label.lower()}
        )


@transaction.atomic
def add_delegate(*, congress, member, how_selected, actor, represents=None, decision=""):
    """Add an ex officio delegate (a member of the outgoing committee, representing the
    congress's own organization) or an appointed one (chỉ định, for a merged or new unit in the
    congress's subtree, with the decision; R-WV-13, R-WV-18) by hand. Refused: a congress held,
    no plan, a member outside the organization represented, a member not official on the
    congress day, a member already on the roll, more than the plan's ex officio or appointed
    figure, an appointment without its decision. Audited."""
    from delegates.models import Delegate

    _delegate_congress_open(congress)
    plan = DelegatePlan.objects.filter(congress=congress).first()
    if plan is None:
        raise ValidationError(_("Create the delegate plan first (R-EL-29)."))
    _lock_roll(congress)
    decision = normalize_text(decision or "")
    if how_selected == HowSelected.EX_OFFICIO:
        represents = congress.organization
    elif how_selected == HowSelected.APPOINTED:
        if represents is None or not represents.path.startswith(congress.org_path):
            raise ValidationError(
                {"represents": _("Choose a unit of this congress's organization.")}
            )
        if not decision:
            raise ValidationError(
                {"decision": _("An appointed delegate needs the appointing decision (R-WV-13).")}
            )
    else:
        raise ValidationError(_("Only ex officio and appointed delegates are added by hand."))
    existing = Delegate.objects.filter(congress=congress, how_selected=how_selected).count()
    _check_new_delegate(
        congress=congress,
        plan=plan,
        member=member,
        represents=represents,
        how_selected=how_selected,
        existing_count=existing,
    )
    delegate = Delegate.objects.create(
        congress=congress,
        organization_id=congress.organization_id,
        org_path=congress.org_path,
        member=member,
        represents=represents,
        how_selected=how_selected,
        status=DelegateStatus.CONVENED,
        decision=decision,
        recorded_by=_user(actor),
    )
    record_audit(
        actor=actor,
        action="delegates.delegate_added",
        target=delegate,
        data={
            "member": member.pk,
            "how_selected": how_selected,
            "represents": represents.pk,
            "decision": decision,
        },
        organization_path=congress.org_path,
    )
    return delegate


@transaction.atomic
def fill_ex_officio(*, congress, actor):
    """Put the outgoing committee on the roll as ex officio delegates: the members elected by
    the COMMITTEE ballot of the same organization's congress of the previous term, linked to a
    member of the register and still official members in its subtree, up to the plan's ex
    officio figure. Refused when no such committee is recorded (then add them by hand).
    Returns {"added": count, "skipped": [messages]}; one audit row."""
    from delegates.models import Delegate
    from personnel.choices import BallotKind
    from personnel.models import RoundVote

    _delegate_congress_open(congress)
    plan = DelegatePlan.objects.filter(congress=congress).first()
    if plan is None:
        raise ValidationError(_("Create the delegate plan first (R-EL-29)."))
    previous = selectors.previous_congress(congress)
    votes = []
    if previous is not None:
        votes = list(
            RoundVote.objects.filter(
                is_elected=True,
                round__ballot__congress=previous,
                round__ballot__kind=BallotKind.COMMITTEE,
            )
            .select_related("candidate__member")
            .order_by("candidate__full_name", "pk")
        )
    if not votes:
        raise ValidationError(
            _(
                "No committee elected at this organization's previous congress is recorded: add "
                "the ex officio delegates by hand."
            )
        )
    _lock_roll(congress)
    added, skipped = 0, []
    for vote in votes:
        names = {"name": vote.candidate.full_name}
        if vote.candidate.member is None:
            skipped.append(_("%(name)s is not linked to a member of the register.") % names)
            continue
        existing = Delegate.objects.filter(
            congress=congress, how_selected=HowSelected.EX_OFFICIO
        ).count()
        try:
            with transaction.atomic():
                add_delegate(
                    congress=congress,
                    member=vote.candidate.member,
                    how_selected=HowSelected.EX_OFFICIO,
                    actor=actor,
                )
        except ValidationError as error:
            if existing >= plan.ex_officio:
                skipped.extend(error.messages)
                break
            skipped.append(f"{vote.candidate.full_name}: {' '.join(error.messages)}")
        else:
            added += 1
    return {"added": added, "skipped": skipped}


def _delegate_cas(delegate, *, from_statuses, **values):
    """Compare-and-set on the delegate's version and status; StaleEditError otherwise."""
    from delegates.models import Delegate

    rows = Delegate.objects.filter(
        pk=delegate.pk, version=delegate.version, status__in=from_statuses
    ).update(version=F("version") + 1, changed_at=timezone.now(), **values)
    if rows != 1:
        raise StaleEditError(
            _("Someone else changed this delegate meanwhile. Reload the roll and check.")
        )
    delegate.refresh_from_db()


@transaction.atomic
def replace_delegate(*, delegate, alternate, actor, reason):
    """An absent delegate (convened, or who declined) replaced by an alternate of the same
    organization, the next in the alternates' order (R-EL-30, R-EL-33), with the reason.
    Refused: a congress held or closed, a delegate replaced already or not accepted, an
    alternate never called, an alternate already called or of another organization or not the
    next in order, no reason. Compare-and-set on both; audited."""
    from delegates.models import Delegate

    congress = delegate.congress
    _delegate_congress_open(congress)
    _lock_roll(congress)
    reason = normalize_text(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Say why the delegate is replaced.")})
    # A convened delegate absent from the congress, or one who declined beforehand.
    replaceable = [DelegateStatus.CONVENED, DelegateStatus.DECLINED]
    never_called = delegate.how_selected == HowSelected.ALTERNATE and not delegate.replaces_id
    if delegate.status not in replaceable or never_called:
        raise ValidationError(
            _("%(name)s is not a convened delegate: nothing to replace.")
            % {"name": delegate.member.full_name}
        )
    if (
        alternate.congress_id != delegate.congress_id
        or alternate.how_selected != HowSelected.ALTERNATE
        or alternate.status != DelegateStatus.STANDBY
    ):
        raise ValidationError(
            {"alternate": _("Choose an alternate of this congress who has not been called.")}
        )
    if alternate.represents_id != delegate.represents_id:
        raise ValidationError(
            {
                "alternate": _(
                    "An alternate replaces an absent delegate of the same organization only "
                    "(R-EL-33): %(name)s is an alternate of %(organization)s."
                )
                % {"name": alternate.member.full_name, "organization": alternate.represents.name}
            }
        )
    first = (
        Delegate.objects.filter(
            congress=congress,
            represents_id=delegate.represents_id,
            how_selected=HowSelected.ALTERNATE,
            status=DelegateStatus.STANDBY,
        )
        .select_related("member")
        .order_by("alternate_order", "pk")
        .first()
    )
    if first.pk != alternate.pk:
        raise ValidationError(
            {
                "alternate": _(
                    "Alternates are called in their order (R-EL-33): %(name)s comes first."
                )
                % {"name": first.member.full_name}
            }
        )
    _delegate_cas(
        delegate, from_statuses=replaceable, status=DelegateStatus.REPLACED, reason=reason
    )
    _delegate_cas(
        alternate,
        from_statuses=[DelegateStatus.STANDBY],
        status=DelegateStatus.CONVENED,
        replaces=delegate,
        reason=reason,
    )
    record_audit(
        actor=actor,
        action="delegates.delegate_replaced",
        target=delegate,
        data={"alternate": alternate.pk, "member": alternate.member_id, "reason": reason},
        organization_path=congress.org_path,
    )
    return alternate


@transaction.atomic
def withdraw_delegate(*, delegate, status, actor, reason, decision=""):
    """A delegate who declines (status DECLINED; an alternate not called may decline too) or
    whose credentials the credentials committee does not accept (NOT_ACCEPTED, with its
    decision; R-EL-34), with the reason. Refused on a congress held or closed and for a
    delegate who is not convened. Compare-and-set; audited."""
    _delegate_congress_open(delegate.congress)
    reason = normalize_text(reason or "")
    decision = normalize_text(decision or "")
    errors = {}
    if status not in (DelegateStatus.DECLINED, DelegateStatus.NOT_ACCEPTED):
        errors["status"] = _("Choose whether the delegate declined or was not accepted.")
    if not reason:
        errors["reason"] = _("Give the reason.")
    if status == DelegateStatus.NOT_ACCEPTED and not decision:
        errors["decision"] = _(
            "Give the credentials committee's conclusion that does not accept them (R-EL-34)."
        )
    if errors:
        raise ValidationError(errors)
    allowed = [DelegateStatus.CONVENED]
    if status == DelegateStatus.DECLINED:
        allowed.append(DelegateStatus.STANDBY)
    if delegate.status not in allowed:
        raise ValidationError(
            _("%(name)s is not a convened delegate.") % {"name": delegate.member.full_name}
        )
    _delegate_cas(delegate, from_statuses=allowed, status=status, reason=reason, decision=decision)
    record_audit(
        actor=actor,
        action=(
            "delegates.delegate_declined"
            if status == DelegateStatus.DECLINED
            else "delegates.credentials_not_accepted"
        ),
        target=delegate,
        data={"member": delegate.member_id, "reason": reason, "decision": decision},
        organization_path=delegate.org_path,
    )
