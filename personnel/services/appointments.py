"""Bodies appointed by the higher committee instead of elected (R-WV-13).

A merged or newly formed unit holds a 2-content congress: its committee (and standing
committee, secretary, delegates) is appointed (chỉ định) by the committee above, not elected.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from congresses import rulepacks
from congresses.choices import CongressContent
from congresses.models import Congress
from core.audit import record_audit
from core.editing import StaleEditError
from core.text import normalize_text
from personnel.choices import BallotKind
from personnel.models import AppointedMember, Appointment, ElectionRound
from personnel.selectors import DELEGATE_BALLOTS, delegates_appointed


def check_delegates_elected(congress, kind):
    """Refuse electing delegates to the higher congress (`kind` in DELEGATE_BALLOTS) at a
    2-content congress: its contents do not include that election (R-WV-13). Where the term's
    pack has the delegates appointed, the message says to record the appointment instead."""
    if kind not in DELEGATE_BALLOTS or congress.content != CongressContent.TWO:
        return
    rule = rulepacks.cite(congress.term, "R-WV-13")
    if delegates_appointed(congress.term):
        message = _(
            "A 2-content congress does not elect delegates to the higher congress: the higher "
            "committee appoints them; record its decision among the appointed bodies "
            "(%(rule)s)."
        )
    else:
        message = _(
            "A 2-content congress does not elect delegates to the higher congress, and the "
            "rules of term %(term)s do not provide for appointing them: the higher committee "
            "decides how the unit is represented (%(rule)s)."
        )
    raise ValidationError(message % {"rule": rule, "term": congress.term.name})


def check_appointable(congress, kind):
    """Refuse an appointment at a congress that elects its bodies (a 4-content congress), of
    delegates where the term's pack does not have them appointed, or for a body the congress
    already holds election rounds for (R-WV-13, cited with its source)."""
    rule = rulepacks.cite(congress.term, "R-WV-13")
    if congress.content != CongressContent.TWO:
        raise ValidationError(
            _(
                "Only a 2-content congress (a merged or new unit) has its bodies appointed by "
                "the higher committee; this congress elects them (%(rule)s)."
            )
            % {"rule": rule}
        )
    if kind == BallotKind.DELEGATES and not delegates_appointed(congress.term):
        raise ValidationError(
            _(
                "The rules of term %(term)s have the committee of a merged or new unit "
                "appointed, not its delegates (%(rule)s)."
            )
            % {"term": congress.term.name, "rule": rule}
        )
    if ElectionRound.objects.filter(ballot__congress=congress, ballot__kind=kind).exists():
        raise ValidationError(
            _("This body was already elected in rounds at this congress (%(rule)s).")
            % {"rule": rule}
        )


@transaction.atomic
def record_appointment(*, congress, actor, kind, decision_number, decision_date, decided_by,
                       people, expected_version=0):  # fmt: skip
    """Record (or replace) the higher committee's appointment of body `kind` at `congress`.

    `people` are dicts with `full_name`, `gender`, `birth_date` and optionally `member` (the
    member they were copied from). `expected_version` is the version the form was loaded
    with, 0 when it showed no appointment of that body; None (demo data) skips the check.
    Side effects: the appointment row (created, or its decision changed and version raised),
    its people replaced, an audit row. Refused: R-WV-13 (check_appointable), a decision dated
    in the future, no one named, a stale form (StaleEditError).
    """
    if decision_date > timezone.localdate():
        raise ValidationError({"decision_date": _("The date cannot be in the future.")})
    if not people:
        raise ValidationError({"people": _("Name at least one appointed person.")})
    # Serialize the appointments of one congress on its row, as the committee plan does, and
    # check for rounds only then: record_round checks for an appointment under the same lock.
    Congress.objects.select_for_update().filter(pk=congress.pk).first()
    check_appointable(congress, kind)
    decision = {
        "decision_number": normalize_text(decision_number),
        "decision_date": decision_date,
        "decided_by": normalize_text(decided_by),
    }
    appointment = Appointment.objects.filter(congress=congress, kind=kind).first()
    current = 0 if appointment is None else appointment.version
    if expected_version is not None and expected_version != current:
        raise StaleEditError(_("Someone else changed this appointment. Reload and try again."))
    if appointment is None:
        appointment = Appointment.objects.create(congress=congress, kind=kind, **decision)
        action = "personnel.appointment_created"
    else:
        Appointment.objects.filter(pk=appointment.pk).update(version=F("version") + 1, **decision)
        appointment.people.all().delete()
        appointment.refresh_from_db()
        action = "personnel.appointment_updated"
    AppointedMember.objects.bulk_create(
        AppointedMember(
            appointment=appointment,
            organization_id=congress.organization_id,
            org_path=congress.org_path,
            member=person.get("member"),
            full_name=normalize_text(person["full_name"]),
            gender=person["gender"],
            birth_date=person["birth_date"],
        )
        for person in people
    )
    record_audit(
        actor=actor,
        action=action,
        target=appointment,
        data={
            "kind": kind,
            "decision_number": decision["decision_number"],
            "decision_date": decision_date,
            "decided_by": decision["decided_by"],
            "people": [normalize_text(person["full_name"]) for person in people],
        },
        organization_path=congress.org_path,
    )
    return appointment
