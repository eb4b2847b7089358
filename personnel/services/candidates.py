"""Candidates on a list, the counting committee (R-EL-05) and complaints about candidates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from congresses import rulepacks
from core.asof import is_member_on
from core.audit import record_audit
from core.editing import versioned_update
from core.text import normalize_text
from personnel.choices import Nomination
from personnel.models import Ballot, Candidate, Complaint, CountingMember, ElectionRound
from personnel.rules import MAJORITY_ETHNICITY
from personnel.selectors import congress_day
from personnel.services.nominations import check_nomination

PERSON_FIELDS = (
    "full_name", "gender", "birth_date", "ethnicity", "education", "is_incumbent", "is_local",
)  # fmt: skip
NOMINATION_FIELDS = ("nomination", "nomination_agreed", "nomination_present")


def _same_person_q(*, member, full_name, prefix=""):
    from django.db.models import Q

    if member is not None:
        return Q(**{f"{prefix}member": member}) | Q(
            **{f"{prefix}member__isnull": True, f"{prefix}full_name__iexact": full_name}
        )
    return Q(**{f"{prefix}full_name__iexact": full_name})


def _counting_conflict(*, congress, member, full_name):
    """R-EL-05: is this person on `congress`'s counting committee?"""
    return congress.counting_members.filter(
        _same_person_q(member=member, full_name=full_name)
    ).exists()


def _named_person_listed(*, ballot, member, person):
    """A person entered by name (not a member) is already on `ballot`'s list: same name, same
    birth date."""
    if member is not None or not person.get("full_name") or not person.get("birth_date"):
        return False
    return ballot.candidates.filter(
        member__isnull=True,
        full_name__iexact=normalize_text(person["full_name"]),
        birth_date=person["birth_date"],
    ).exists()


def check_member_on_congress_day(congress, member):
    """ValidationError (on `member_code`, naming the person and the day) unless `member` is a
    member on the congress's day (core.asof: admitted by then and not yet gone) — the day the
    pickers offer members on (selectors.congress_day)."""
    day = congress_day(congress)
    if not is_member_on(member, day):
        raise ValidationError(
            {
                "member_code": _(
                    "%(name)s is not a party member on %(day)s, the day of this congress."
                )
                % {"name": member.full_name, "day": date_format(day, "SHORT_DATE_FORMAT")}
            }
        )


def _member_values(member, person):
    """A candidate's fields copied from `member`, with the education and incumbency given."""
    values = {
        "full_name": member.full_name,
        "gender": member.gender,
        "birth_date": member.birth_date,
        "ethnicity": member.ethnicity,
    }
    chosen = ("education", "is_incumbent", "is_local")
    values.update({name: person[name] for name in chosen if name in person})
    return values


def _person_values(person):
    """A candidate's fields from a person record; the name, gender and birth date required."""
    values = dict(person)
    missing = [name for name in ("full_name", "gender", "birth_date") if not values.get(name)]
    if missing:
        raise ValidationError({name: _("This field is required.") for name in missing})
    return values


def _normalize_person(values):
    """Normalize the name, the ethnicity (the majority's when none is given) and the
    education, in place."""
    values["full_name"] = normalize_text(values["full_name"])
    values["ethnicity"] = normalize_text(values.get("ethnicity") or MAJORITY_ETHNICITY)
    values["education"] = normalize_text(values.get("education") or "")


@transaction.atomic
def add_candidate(*, ballot, actor, member=None, nomination=Nomination.PLAN,
                  nomination_agreed=None, nomination_present=None, nominator_in_committee=False,
                  **person):  # fmt: skip
    """Put a person on `ballot`'s list: from a member (their data copied) or a person record.

    Refused: a probationary member (R-EL-28), a member of the counting committee (R-EL-05), a
    nominee from outside the convening committee's list without more than 30 % agreement or
    against R-EL-13. Side effects: a Candidate row (with the congress organization's path
    copy), the list entry, an audit row.
    """
    unknown = set(person) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields {sorted(unknown)}")
    # Additions to one list are made one at a time (a row lock on PostgreSQL; SQLite writes one
    # transaction at a time), so the second of two identical additions finds the first.
    Ballot.objects.select_for_update().filter(pk=ballot.pk).first()
    if ballot.rounds.exists():
        raise ValidationError(_("Votes have been recorded on this list; it can no longer change."))
    congress = ballot.congress
    if _named_person_listed(ballot=ballot, member=member, person=person):
        raise ValidationError(
            _("%(name)s, born %(date)s, is already on the list.")
            % {"name": person["full_name"], "date": date_format(person["birth_date"])}
        )
    if member is not None:
        check_member_on_congress_day(congress, member)
        if ballot.candidates.filter(member=member).exists():
            raise ValidationError(_("This member is already on the list."))
        if not member.is_official:
            raise ValidationError(
                {
                    "member_code": _("A probationary member may not stand for election (%(rule)s).")
                    % {"rule": rulepacks.cite(congress.term, "R-EL-28")}
                }
            )
        values = _member_values(member, person)
    else:
        values = _person_values(person)
    _normalize_person(values)
    if _counting_conflict(congress=congress, member=member, full_name=values["full_name"]):
        raise ValidationError(
            _(
                "%(name)s is on the counting committee and may not stand in this congress "
                "(%(rule)s)."
            )
            % {"name": values["full_name"], "rule": rulepacks.cite(congress.term, "R-EL-05")}
        )
    agreed, present = check_nomination(
        term=congress.term,
        nomination=nomination,
        agreed=nomination_agreed,
        present=nomination_present,
        is_incumbent=values.get("is_incumbent", False),
        nominator_in_committee=nominator_in_committee,
    )
    candidate = Candidate.objects.create(
        congress=congress,
        member=member,
        organization_id=congress.organization_id,
        org_path=congress.org_path,
        nomination=nomination,
        nomination_agreed=agreed,
        nomination_present=present,
        **values,
    )
    ballot.candidates.add(candidate)
    record_audit(
        actor=actor,
        action="personnel.candidate_added",
        target=candidate,
        data={
            "ballot": ballot.pk,
            "member": member.pk if member else None,
            "nomination": nomination,
        },
        organization_path=congress.org_path,
    )
    return candidate


@transaction.atomic
def update_candidate(*, candidate, actor, expected_version, **changes):
    """Correct a candidate's record (compare-and-set on its version); audited.

    Personal data copied from a member are kept in step with the member record and cannot be
    changed here; nothing changes once votes are recorded on any of the candidate's lists.
    """
    allowed = {"education", "is_incumbent", "is_local", *NOMINATION_FIELDS}
    if candidate.member_id is None:
        allowed |= {"full_name", "gender", "birth_date", "ethnicity"}
    refused = set(changes) - allowed
    if refused:
        raise ValidationError(
            {name: _("Copied from the member record; change it there.") for name in sorted(refused)}
        )
    if ElectionRound.objects.filter(ballot__candidates=candidate).exists():
        raise ValidationError(_("Votes have been recorded on this list; it can no longer change."))
    for name in ("full_name", "ethnicity", "education"):
        if name in changes:
            changes[name] = normalize_text(changes[name] or "")
    if "full_name" in changes and not changes["full_name"]:
        raise ValidationError({"full_name": _("This field is required.")})
    merged = {name: changes.get(name, getattr(candidate, name)) for name in NOMINATION_FIELDS}
    agreed, present = check_nomination(
        term=candidate.congress.term,
        nomination=merged["nomination"],
        agreed=merged["nomination_agreed"],
        present=merged["nomination_present"],
        is_incumbent=changes.get("is_incumbent", candidate.is_incumbent),
    )
    changes["nomination_agreed"], changes["nomination_present"] = agreed, present
    return versioned_update(
        instance=candidate,
        changes=changes,
        expected_version=expected_version,
        actor=actor,
        action="personnel.candidate_updated",
        stale_message=_("Someone else changed this candidate. Reload and try again."),
        organization_path=candidate.org_path,
    )


@transaction.atomic
def add_counting_member(*, congress, actor, member=None, full_name="", is_head=False):
    """Put someone on `congress`'s counting committee (R-EL-05): an official member or
    delegate who stands in none of its elections. Audited."""
    if member is not None:
        check_member_on_congress_day(congress, member)
        if not member.is_official:
            raise ValidationError(
                {
                    "member_code": _(
                        "A probationary member may not sit on the counting committee (%(rule)s)."
                    )
                    % {"rule": rulepacks.cite(congress.term, "R-EL-28")}
                }
            )
        full_name = member.full_name
    full_name = normalize_text(full_name or "")
    if not full_name:
        raise ValidationError({"full_name": _("This field is required.")})
    same_person = _same_person_q(member=member, full_name=full_name)
    if congress.candidates.filter(same_person).exists():
        raise ValidationError(
            _(
                "%(name)s stands in an election of this congress and may not sit on the "
                "counting committee (%(rule)s)."
            )
            % {"name": full_name, "rule": rulepacks.cite(congress.term, "R-EL-05")}
        )
    if congress.counting_members.filter(same_person).exists():
        raise ValidationError(
            _("%(name)s is already on the counting committee.") % {"name": full_name}
        )
    counting_member = CountingMember.objects.create(
        congress=congress,
        member=member,
        full_name=full_name,
        is_head=is_head,
        organization_id=congress.organization_id,
        org_path=congress.org_path,
    )
    record_audit(
        actor=actor,
        action="personnel.counting_member_added",
        target=counting_member,
        data={"member": member.pk if member else None, "head": is_head},
        organization_path=congress.org_path,
    )
    return counting_member


@transaction.atomic
def remove_candidate(*, ballot, candidate, actor):
    """Take `candidate` off `ballot`'s list; refused once votes are recorded. Audited."""
    if ballot.rounds.exists():
        raise ValidationError(_("Votes have been recorded on this list; it can no longer change."))
    ballot.candidates.remove(candidate)
    record_audit(
        actor=actor,
        action="personnel.candidate_removed",
        target=candidate,
        data={"ballot": ballot.pk, "full_name": candidate.full_name},
        organization_path=ballot.congress.org_path,
    )


@transaction.atomic
def record_complaint(*, candidate, actor, received_on, source, summary, handling="",
                     conclusion="", is_resolved=False):  # fmt: skip
    """A complaint or denunciation about `candidate` (đơn thư khiếu nại, tố cáo).

    A resolved complaint needs its conclusion. Side effects: the row (with the candidate's
    organization path), an audit row without the complaint's text (personnel data).
    """
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": _("The date cannot be in the future.")})
    if is_resolved and not conclusion.strip():
        raise ValidationError({"conclusion": _("A resolved complaint needs its conclusion.")})
    complaint = Complaint.objects.create(
        candidate=candidate,
        received_on=received_on,
        source=source,
        summary=summary.strip(),
        handling=handling.strip(),
        conclusion=conclusion.strip(),
        is_resolved=is_resolved,
        organization_id=candidate.organization_id,
        org_path=candidate.org_path,
    )
    record_audit(
        actor=actor,
        action="personnel.complaint_recorded",
        target=complaint,
        data={"candidate": candidate.pk, "source": source, "resolved": is_resolved},
        organization_path=candidate.org_path,
    )
    return complaint
