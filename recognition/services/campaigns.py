"""Emulation campaigns and their registered works (R-AW-06)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record_audit
from core.editing import versioned_update
from core.text import normalize_text
from recognition.choices import WorkStatus
from recognition.models import Campaign, CampaignWork

# --- emulation campaigns --------------------------------------------------------------------


@transaction.atomic
def create_campaign(*, organizer, actor, name, starts_on, ends_on, goal=""):
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end comes before the start.")})
    campaign = Campaign.objects.create(
        organization=organizer,
        org_path=organizer.path,
        name=normalize_text(name),
        starts_on=starts_on,
        ends_on=ends_on,
        goal=goal.strip(),
    )
    record_audit(
        actor=actor,
        action="recognition.campaign_created",
        target=campaign,
        data={"name": campaign.name},
        organization_path=organizer.path,
    )
    return campaign


@transaction.atomic
def register_work(*, campaign, organization, actor, title, registered_on):
    """An organization under the campaign's organizer registers a work (công trình)."""
    if not organization.path.startswith(campaign.org_path):
        raise ValidationError(
            {"organization": _("The organization must stand under the campaign's organizer.")}
        )
    if not campaign.starts_on <= registered_on <= campaign.ends_on:
        raise ValidationError({"registered_on": _("The date must fall within the campaign.")})
    work = CampaignWork.objects.create(
        campaign=campaign,
        organization=organization,
        org_path=organization.path,
        title=normalize_text(title),
        registered_on=registered_on,
    )
    record_audit(
        actor=actor,
        action="recognition.work_registered",
        target=work,
        data={"campaign": campaign.pk, "title": work.title},
        organization_path=organization.path,
    )
    return work


def update_work(*, work, actor, expected_version, status, progress, completed_on=None, result=""):
    """Record how a work is going (compare-and-set). A completed work is at 100 % with its
    completion date; a work in progress has no completion date."""
    errors = {}
    if not 0 <= progress <= 100:
        errors["progress"] = _("Completion is between 0 and 100 %.")
    if status == WorkStatus.COMPLETED:
        if progress != 100:
            errors["progress"] = _("A completed work is at 100 %.")
        if completed_on is None:
            errors["completed_on"] = _("Give the date the work was completed.")
    elif completed_on is not None:
        errors["completed_on"] = _("Only a completed work has a completion date.")
    if completed_on and completed_on > timezone.localdate():
        errors["completed_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return versioned_update(
        instance=work,
        changes={
            "status": status,
            "progress": progress,
            "completed_on": completed_on,
            "result": result.strip(),
        },
        expected_version=expected_version,
        actor=actor,
        action="recognition.work_updated",
        stale_message=_("Someone else changed this work. Reload and try again."),
        organization_path=work.org_path,
    )
