"""Committee plans and the elections (ballots) of a congress: R-EL-25/26."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congresses import rulepacks
from congresses.models import Congress
from core.audit import record_audit
from core.editing import StaleEditError, versioned_update
from core.text import normalize_text
from personnel.choices import BallotKind
from personnel.models import Ballot, CommitteePlan
from personnel.rules import (
    CELL_COMMITTEE_MAX_SEATS,
    CELL_COMMITTEE_MIN_MEMBERS,
    CELL_SECRETARY_AND_DEPUTY,
    STANDING_COMMITTEE_MIN_SEATS,
)
from personnel.selectors import official_members
from personnel.services.appointments import check_delegates_elected


@transaction.atomic
def save_committee_plan(*, congress, actor, committee_seats, standing_seats=None, note="",
                        planned_reelected=None, expected_version=None):  # fmt: skip
    """Create or change the congress's committee plan (compare-and-set on its version).

    `expected_version` is the version the form was loaded with, 0 when it showed no plan: a
    plan saved by someone else meanwhile refuses the save (StaleEditError naming that plan),
    for a creation as for an edit; None (demo data, scripts) skips the check.
    Refused with the rule's message: a standing committee as large as the committee, more
    planned re-elections than seats, R-EL-25/26 (cells, grassroots committees under 9)."""
    changes = {
        "committee_seats": committee_seats,
        "standing_seats": standing_seats,
        "planned_reelected": planned_reelected,
        "note": normalize_text(note or ""),
    }
    if standing_seats is not None and standing_seats >= committee_seats:
        raise ValidationError(
            {"standing_seats": _("The standing committee must be smaller than the committee.")}
        )
    if planned_reelected is not None and planned_reelected > committee_seats:
        raise ValidationError(
            {"planned_reelected": _("More re-elections are planned than the committee has seats.")}
        )
    # A small cell's "committee" is its secretary and a deputy (R-EL-25): allowed in a plan.
    small_cell = (
        congress.organization.kind.holds_members and committee_seats <= CELL_SECRETARY_AND_DEPUTY
    )
    problems = (
        []
        if small_cell
        else body_rule_errors(congress=congress, kind=BallotKind.COMMITTEE, seats=committee_seats)
    )
    if standing_seats is not None:
        problems += body_rule_errors(
            congress=congress,
            kind=BallotKind.STANDING_COMMITTEE,
            seats=standing_seats,
            committee_seats=committee_seats,
        )
    if problems:
        raise ValidationError(problems)
    # Creations of one congress's plan are serialized on the congress row (PostgreSQL; SQLite
    # writes one transaction at a time), so the second of two finds the first's plan.
    Congress.objects.select_for_update().filter(pk=congress.pk).first()
    plan = CommitteePlan.objects.filter(congress=congress).first()
    if plan is not None and expected_version == 0:
        raise StaleEditError(
            _(
                "Someone else saved a committee plan for this congress meanwhile (%(seats)s "
                "seats). Reload and check it before changing it."
            )
            % {"seats": plan.committee_seats}
        )
    if plan is None:
        plan = CommitteePlan.objects.create(congress=congress, **changes)
        record_audit(
            actor=actor,
            action="personnel.plan_created",
            target=plan,
            data={name: value for name, value in changes.items() if name != "note"},
            organization_path=congress.org_path,
        )
        return plan
    return versioned_update(
        instance=plan,
        changes=changes,
        expected_version=plan.version if expected_version is None else expected_version,
        actor=actor,
        action="personnel.plan_updated",
        stale_message=_("Someone else changed this plan. Reload and try again."),
        organization_path=congress.org_path,
    )


def body_rule_errors(*, congress, kind, seats, committee_seats=None):
    """What R-EL-25/26 forbid for electing `seats` to body `kind` at `congress`, as messages.

    Cells (kinds holding members): a committee only with at least 9 official members and of at
    most 7, never a standing committee. Grassroots committees (settings.GRASSROOTS_COMMITTEE_KINDS):
    a standing committee only when the committee has at least 9 seats (`committee_seats`, else
    the plan's, else the committee election's).
    """
    organization = congress.organization
    organization_kind = organization.kind
    errors = []

    def cells_rule():  # cited only in a message: the pack is read only then
        return {"rule": rulepacks.cite(congress.term, "R-EL-25")}

    if organization_kind.holds_members:
        if kind == BallotKind.STANDING_COMMITTEE:
            errors.append(
                _("A cell does not elect a standing committee (%(rule)s).") % cells_rule()
            )
        elif kind == BallotKind.COMMITTEE:
            official = official_members(organization)
            if official < CELL_COMMITTEE_MIN_MEMBERS:
                errors.append(
                    _(
                        "A cell with %(official)s official members (fewer than %(minimum)s) "
                        "elects only a secretary and, if needed, a deputy secretary (%(rule)s)."
                    )
                    % {"official": official, "minimum": CELL_COMMITTEE_MIN_MEMBERS, **cells_rule()}
                )
            elif seats > CELL_COMMITTEE_MAX_SEATS:
                errors.append(
                    _("A cell committee has at most %(maximum)s members (%(rule)s).")
                    % {"maximum": CELL_COMMITTEE_MAX_SEATS, **cells_rule()}
                )
    elif (
        kind == BallotKind.STANDING_COMMITTEE
        and organization_kind.code in settings.GRASSROOTS_COMMITTEE_KINDS
    ):
        if committee_seats is None:
            plan = CommitteePlan.objects.filter(congress=congress).first()
            committee = congress.ballots.filter(kind=BallotKind.COMMITTEE).first()
            committee_seats = (plan and plan.committee_seats) or (committee and committee.seats)
        if not committee_seats or committee_seats < STANDING_COMMITTEE_MIN_SEATS:
            errors.append(
                _(
                    "A grassroots committee elects a standing committee only when it has at "
                    "least %(minimum)s members; otherwise it elects the secretary and deputies "
                    "(%(rule)s)."
                )
                % {
                    "minimum": STANDING_COMMITTEE_MIN_SEATS,
                    "rule": rulepacks.cite(congress.term, "R-EL-26"),
                }
            )
    return errors


@transaction.atomic
def add_ballot(*, congress, actor, kind, seats, direct=False):
    """Add an election to `congress`; refused when R-EL-25/26 do not allow that body there, or
    when `direct` (elected directly by the congress, R-WV-09) is asked of another election than
    the secretary's."""
    if seats < 1:
        raise ValidationError({"seats": _("An election has at least one seat.")})
    if direct and kind != BallotKind.SECRETARY:
        raise ValidationError(
            {
                "direct": _(
                    "Only the secretary may be elected directly by the congress (%(rule)s)."
                )
                % {"rule": rulepacks.cite(congress.term, "R-WV-09")}
            }
        )
    check_delegates_elected(congress, kind)
    problems = body_rule_errors(congress=congress, kind=kind, seats=seats)
    if problems:
        raise ValidationError(problems)
    ballot = Ballot.objects.create(congress=congress, kind=kind, seats=seats, direct=direct)
    record_audit(
        actor=actor,
        action="personnel.ballot_created",
        target=ballot,
        data={"kind": kind, "seats": seats, "direct": direct},
        organization_path=congress.org_path,
    )
    return ballot
