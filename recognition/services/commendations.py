"""Commendations: proposed within the authority table (R-AW-01..05), approved by decision."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congresses import rulepacks
from core.audit import audit_event, record_audit, record_audit_bulk
from core.text import normalize_text
from organizations.models import Organization
from recognition.choices import CommendationForm, CommendationStatus, RecipientKind
from recognition.models import BADGE_YEARS, Commendation
from recognition.selectors import authorities, term_on


def _cite(rule_id, day):
    """The rule with its source in the rule pack of the term under way on `day` (today when
    None): congresses.rulepacks.cite. One query for the term, one for its pack."""
    return rulepacks.cite(term_on(day or timezone.localdate()), rule_id)


def check_authority(*, granting, form, recipient_kind, on=None):
    """Refuse, naming what the body may grant and the rule with its source in the pack of the
    term under way on `on`, a form its level may not grant (R-AW-02)."""
    allowed = authorities(granting=granting, on=on)
    if (form, recipient_kind) in allowed:
        return
    names = sorted(
        {f"{CommendationForm(f).label} ({RecipientKind(r).label.lower()})" for f, r in allowed}
    )
    raise ValidationError(
        {
            "form": _(
                "%(body)s (%(kind)s) may not grant a %(form)s to a %(recipient)s. It may grant: "
                "%(allowed)s (%(rule)s)."
            )
            % {
                "body": granting.name,
                "kind": granting.kind.name,
                "form": CommendationForm(form).label.lower(),
                "recipient": RecipientKind(recipient_kind).label.lower(),
                "allowed": ", ".join(names) or _("nothing in the authority table"),
                "rule": _cite("R-AW-02", on),
            }
        }
    )


def decision_before_proposal(decision_date, proposed_on, *, name=""):
    """The refusal of a decision dated before the proposal it decides."""
    message = _(
        "The decision date (%(decision)s) cannot be before the date of the proposal (%(proposed)s)."
    ) % {
        "decision": decision_date.strftime("%d/%m/%Y"),
        "proposed": proposed_on.strftime("%d/%m/%Y"),
    }
    return f"{name}: {message}" if name else message


def _decision_errors(decision_number, decision_date):
    """The problems of the approving decision: a number without a date or the reverse, or a
    date in the future."""
    errors = {}
    if bool(decision_number) != bool(decision_date):
        errors["decision_number"] = _("An approval needs both the decision number and date.")
    if decision_date and decision_date > timezone.localdate():
        errors["decision_date"] = _("The date cannot be in the future.")
    return errors


def _already_commended(existing):
    """The refusal of a commendation the recipient already has (`existing`)."""
    return _("%(name)s already has this commendation for this reason (%(status)s%(decision)s).") % {
        "name": existing.recipient_name,
        "status": existing.get_status_display().lower(),
        "decision": f", {existing.decision_number}" if existing.decision_number else "",
    }


@transaction.atomic
def propose_commendation(*, granting, actor, form, recipient_kind, reason,
                         recipient_organization=None, recipient_member=None, recipient_name="",
                         reason_detail="", period=None, campaign=None, badge_years=None,
                         decision_number="", decision_date=None, proposed_on=None):  # fmt: skip
    """Propose (or, with a decision number and date, record approved) a commendation granted
    by `granting`. The recipient stands in `granting`'s subtree (an organization or a member) or
    is named; the authority table decides what `granting` may grant. Proposed on `proposed_on`
    (default: the decision's date, else today); a decision is not dated before it. Audited."""
    errors = {}
    proposed_on = proposed_on or decision_date or timezone.localdate()
    if proposed_on > timezone.localdate():
        errors["proposed_on"] = _("The date cannot be in the future.")
    elif decision_date and decision_date < proposed_on:
        errors["decision_date"] = decision_before_proposal(decision_date, proposed_on)
    if recipient_kind == RecipientKind.COLLECTIVE:
        recipient_member = None
        if recipient_organization is not None:
            if not recipient_organization.path.startswith(granting.path):
                errors["recipient_organization"] = _(
                    "The organization commended must stand under the granting committee."
                )
            recipient_name = recipient_organization.name
    else:
        recipient_organization = None
        if recipient_member is not None:
            if not recipient_member.org_path.startswith(granting.path):
                errors["recipient_member"] = _(
                    "The member commended must belong under the granting committee."
                )
            recipient_name = recipient_member.full_name
    recipient_name = normalize_text(recipient_name or "")
    if not recipient_name:
        errors["recipient_name"] = _("Name the recipient, or choose an organization or member.")
    if form == CommendationForm.BADGE:
        if recipient_member is None:
            errors["recipient_member"] = _("A party badge is awarded to a member.")
        if badge_years not in BADGE_YEARS:
            errors["badge_years"] = _(
                "A party badge is awarded for %(years)s years (%(rule)s)."
            ) % {
                "years": ", ".join(str(years) for years in BADGE_YEARS),
                "rule": _cite("R-AW-01", decision_date or proposed_on),
            }
    else:
        badge_years = None
    errors.update(_decision_errors(decision_number, decision_date))
    if errors:
        raise ValidationError(errors)
    check_authority(granting=granting, form=form, recipient_kind=recipient_kind, on=decision_date)
    # Proposals of one granting committee are made one at a time (a row lock on PostgreSQL;
    # SQLite writes one transaction at a time), so a double submission finds the first.
    Organization.objects.select_for_update().filter(pk=granting.pk).first()
    existing = _same_commendation(
        granting=granting,
        form=form,
        recipient_organization=recipient_organization,
        recipient_member=recipient_member,
        recipient_name=recipient_name,
        reason=reason,
        reason_detail=normalize_text(reason_detail or ""),
        period=period,
        campaign=campaign,
    )
    if existing is not None:
        raise ValidationError(_already_commended(existing))
    commendation = Commendation.objects.create(
        organization=granting,
        org_path=granting.path,
        form=form,
        badge_years=badge_years,
        recipient_kind=recipient_kind,
        recipient_organization=recipient_organization,
        recipient_member=recipient_member,
        recipient_name=recipient_name,
        reason=reason,
        reason_detail=normalize_text(reason_detail or ""),
        period=period,
        campaign=campaign,
        status=CommendationStatus.APPROVED if decision_number else CommendationStatus.PROPOSED,
        decision_number=normalize_text(decision_number or ""),
        decision_date=decision_date,
        proposed_on=proposed_on,
        proposed_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record_audit(
        actor=actor,
        action="recognition.commendation_proposed",
        target=commendation,
        data={"form": form, "recipient_kind": recipient_kind, "status": commendation.status},
        organization_path=granting.path,
    )
    return commendation


def _same_commendation(*, granting, form, recipient_organization, recipient_member,
                       recipient_name, reason, reason_detail, period, campaign):  # fmt: skip
    """The commendation of `granting` with this form, reason and achievement for the same
    recipient, period and campaign, if one was proposed or approved already."""
    same = Commendation.objects.filter(
        organization=granting,
        form=form,
        reason=reason,
        reason_detail__iexact=reason_detail,
        period=period,
        campaign=campaign,
    )
    if recipient_member is not None:
        same = same.filter(recipient_member=recipient_member)
    elif recipient_organization is not None:
        same = same.filter(recipient_organization=recipient_organization)
    else:
        same = same.filter(
            recipient_member__isnull=True,
            recipient_organization__isnull=True,
            recipient_name__iexact=recipient_name,
        )
    return same.order_by("pk").first()


@transaction.atomic
def approve_commendations(*, commendations, actor, decision_number, decision_date):
    """Approve proposed commendations by one decision, all or nothing: each is checked again
    against the authority table on the decision's date. Returns the number approved."""
    decision_number = normalize_text(decision_number or "")
    if not decision_number or not decision_date:
        raise ValidationError(_("An approval needs both the decision number and date."))
    if decision_date > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    rows = list(
        commendations.select_for_update(of=("self",))
        .filter(status=CommendationStatus.PROPOSED)
        .select_related("organization__kind")
    )
    for row in rows:
        if decision_date < row.proposed_on:
            raise ValidationError(
                {
                    "decision_date": decision_before_proposal(
                        decision_date, row.proposed_on, name=row.recipient_name
                    )
                }
            )
        check_authority(
            granting=row.organization,
            form=row.form,
            recipient_kind=row.recipient_kind,
            on=decision_date,
        )
    Commendation.objects.filter(pk__in=[row.pk for row in rows]).update(
        status=CommendationStatus.APPROVED,
        decision_number=decision_number,
        decision_date=decision_date,
    )
    record_audit_bulk(
        audit_event(
            actor=actor,
            action="recognition.commendation_approved",
            target=row,
            data={"decision_number": decision_number},
            organization_path=row.org_path,
        )
        for row in rows
    )
    return len(rows)
