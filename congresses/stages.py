"""Stage changes beyond the step itself (services.change_stage): the prerequisites the apps
above register (congresses.hooks), and undoing a change made today."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congresses import hooks
from congresses.choices import HELD_STAGES, STAGE_ORDER, Stage
from congresses.models import Congress
from core.audit import record_audit
from core.editing import StaleEditError


def check_prerequisites(congress, to_stage):
    """Refuse a forward move whose prerequisites are not met (ValidationError with every
    blocking message); returns the warnings, for the confirmation page."""
    if STAGE_ORDER.index(to_stage) <= STAGE_ORDER.index(congress.stage):
        return []  # a correction backwards has no prerequisites
    checks = hooks.stage_checks(congress, to_stage)
    blocking = [str(check) for check in checks if check.blocks]
    if blocking:
        raise ValidationError(blocking)
    return [str(check) for check in checks]


def undoable_change(congress):
    """The congress's last stage change if it was made today (local time), else None."""
    last = congress.transitions.order_by("-at", "-id").first()
    if last is None or timezone.localtime(last.at).date() != timezone.localdate():
        return None
    return last


def _restored_fields(transition, congress):
    """The congress's fields as they were before `transition`."""
    changes = {"stage": transition.from_stage, "stage_changed_at": timezone.now()}
    # Held again (or still) after the undo: on the day of the standing move forward into
    # "held" — the changes the undone transition had marked undone count again, a correction
    # into "held" (from "results approved") does not (it is not a day the congress was held).
    changes["held_on"] = None
    if transition.from_stage in HELD_STAGES:
        restored = (
            congress.transitions.filter(from_stage=Stage.PERSONNEL_APPROVED, to_stage=Stage.HELD)
            .filter(Q(undone_by__isnull=True) | Q(undone_by=transition))
            .exclude(pk=transition.pk)
            .order_by("-effective_on", "-at", "-id")
            .values_list("effective_on", flat=True)
            .first()
        )
        changes["held_on"] = restored or congress.ended_on
    if transition.to_stage == Stage.RESULTS_APPROVED:
        changes.update(approval_number="", approval_date=None, approval_body="")
    return changes


@transaction.atomic
def undo_stage_change(*, congress, actor, expected_version):
    """Undo `congress`'s last stage change, made today: the congress goes back to the stage it
    left, and the change leaves the stage history (the figures as of any date read that
    history, so they no longer count the mistake); the audit log keeps the change and its
    undoing. Undoing a correction (a move back) restores the changes it had marked undone.
    The dates of the congress itself (opened, closed) stay as recorded.
    Side effects: the compare-and-set UPDATE, the transition row deleted, an audit row."""
    transition = undoable_change(congress)
    if transition is None:
        raise ValidationError(
            _("Only a stage change made today can be undone; move the congress back instead.")
        )
    updated = Congress.objects.filter(pk=congress.pk, version=expected_version).update(
        version=F("version") + 1, **_restored_fields(transition, congress)
    )
    if updated != 1:
        raise StaleEditError(_("Someone else changed this congress. Reload and try again."))
    record_audit(
        actor=actor,
        action="congress.stage_change_undone",
        target=congress,
        data={
            "from": transition.from_stage,
            "to": transition.to_stage,
            "effective_on": transition.effective_on,
            "changed_at": transition.at.isoformat(),
            "changed_by": transition.actor_id,
        },
        organization_path=congress.org_path,
    )
    transition.delete()
    congress.refresh_from_db()
    return congress
