"""Writes of the delegates app, continued: the roll of delegates of a delegate congress
(R-EL-30..34): taking the delegates elected below, ex officio and appointed delegates,
replacement by an alternate, declining and credentials not accepted. Same conventions as the
package: each function owns its transaction and its audit row; a refusal names the rule and
writes nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from congresses import rulepacks
from congresses.choices import HELD_STAGES, CongressKind, Stage
from congresses.models import Congress
from core.asof import is_member_on
from core.audit import record_audit
from core.editing import StaleEditError
from core.text import normalize_text
from delegates import selectors
from delegates.choices import DelegateStatus, HowSelected, PlanStatus
from delegates.models import DelegatePlan

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
                "changes (%(rule)s)."
            )
            % {
                "stage": Stage(congress.stage).label,
                "rule": rulepacks.cite(congress.term, "R-EL-33"),
            }
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
                "(%(rule)s)."
            )
            % {"rule": rulepacks.cite(congress.term, "R-EL-29")}
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
    allocation_rule = rulepacks.cite(congress.term, "R-EL-32")
    for vote in votes:
        lower = vote.round.ballot.congress
        quota = quotas[lower.organization_id]
        organization = quota.organization
        member = vote.candidate.member
        alternate = vote.round.ballot.kind == BallotKind.ALTERNATE_DELEGATES
        how = HowSelected.ALTERNATE if alternate else HowSelected.ELECTED
        names = {
            "name": vote.candidate.full_name,
            "organization": organization.name,
            "rule": allocation_rule,
        }
        if member is None:
            skipped.append(
                _("%(name)s (%(organization)s) is not linked to a member of the register.") % names
            )
            continue
        if member.pk in existing:
            other = existing[member.pk]
            if other.represents_id != organization.pk or other.how_selected != how:
                skipped.append(
                    _("%(name)s (%(organization)s) is already on the roll (%(rule)s).") % names
                )
            continue
        if not _in_subtree(member, organization):
            skipped.append(_("%(name)s does not belong to %(organization)s (%(rule)s).") % names)
            continue
        limit = quota.alternates if alternate else quota.seats
        if counts.get((organization.pk, how), 0) >= limit:
            skipped.append(
                _("%(name)s: %(organization)s has no %(kind)s seat left (%(limit)s, %(rule)s).")
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
                "member": _("%(name)s does not belong to %(organization)s (%(rule)s).")
                % {
                    "name": member.full_name,
                    "organization": represents.name,
                    "rule": rulepacks.cite(congress.term, "R-EL-32"),
                }
            }
        )
    day = selectors.congress_day(congress)
    if member.official_on is None or member.official_on > day or not is_member_on(member, day):
        raise ValidationError(
            {
                "member": _(
                    "%(name)s is not an official member on %(day)s: only official members are "
                    "delegates (%(rule)s)."
                )
                % {
                    "name": member.full_name,
                    "day": day.strftime("%d/%m/%Y"),
                    "rule": rulepacks.cite(congress.term, "R-EL-28"),
                }
            }
        )
    if Delegate.objects.filter(congress=congress, member=member).exists():
        raise ValidationError(
            {
                "member": _("%(name)s is already on the roll (%(rule)s).")
                % {"name": member.full_name, "rule": rulepacks.cite(congress.term, "R-EL-32")}
            }
        )
    planned = plan.ex_officio if how_selected == HowSelected.EX_OFFICIO else plan.appointed
    if existing_count >= planned:
        raise ValidationError(
            _("The plan has %(planned)s %(kind)s delegates and the roll has them all (%(rule)s).")
            % {
                "planned": planned,
                "kind": HowSelected(how_selected).label.lower(),
                "rule": rulepacks.cite(congress.term, "R-EL-32"),
            }
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
        raise ValidationError(
            _("Create the delegate plan first (%(rule)s).")
            % {"rule": rulepacks.cite(congress.term, "R-EL-29")}
        )
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
                {
                    "decision": _("An appointed delegate needs the appointing decision (%(rule)s).")
                    % {"rule": rulepacks.cite(congress.term, "R-WV-13")}
                }
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
        raise ValidationError(
            _("Create the delegate plan first (%(rule)s).")
            % {"rule": rulepacks.cite(congress.term, "R-EL-29")}
        )
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
                    "(%(rule)s): %(name)s is an alternate of %(organization)s."
                )
                % {
                    "name": alternate.member.full_name,
                    "organization": alternate.represents.name,
                    "rule": rulepacks.cite(congress.term, "R-EL-33"),
                }
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
                    "Alternates are called in their order (%(rule)s): %(name)s comes first."
                )
                % {"name": first.member.full_name, "rule": rulepacks.cite(congress.term, "R-EL-33")}
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
            "Give the credentials committee's conclusion that does not accept them (%(rule)s)."
        ) % {"rule": rulepacks.cite(delegate.congress.term, "R-EL-34")}
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
