"""Every change to a congress's personnel goes through here; figures of slates and bodies.

Rules (docs/domain-rules.md, sections A and G): the counting committee R-EL-05, slate sizes
R-EL-07..10, nominations from outside the list R-EL-11..13, the base D of a round R-EL-20/21,
counting R-EL-19..23 (personnel.elections.count_round), cells and grassroots committees
R-EL-25/26, probationary members R-EL-28, shares R-CALC-01..04.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from congresses.models import Congress, TermLevelRule
from core.audit import record_audit
from core.editing import StaleEditError, versioned_update
from core.text import normalize_text
from organizations.choices import Gender
from organizations.models import Member
from organizations.services import age_on
from personnel.elections import count_round
from personnel.models import (
    EXCESS_REQUIRED,
    Ballot,
    BallotKind,
    Candidate,
    CommitteePlan,
    Complaint,
    CountingMember,
    ElectionRound,
    KeyPostNomination,
    Nomination,
    RoundVote,
)
from personnel.retirement import months_left

MAJORITY_ETHNICITY = "Kinh"
HUNDREDTH = Decimal("0.01")
# R-EL-25: a cell with at least 9 official members elects a committee of at most 7; if the
# third round elects no secretary, the committee above appoints one.
CELL_COMMITTEE_MIN_MEMBERS = 9
CELL_COMMITTEE_MAX_SEATS = 7
CELL_SECRETARY_ROUNDS = 3
CELL_SECRETARY_AND_DEPUTY = 2
# R-EL-26: a grassroots committee of at least 9 members elects a standing committee.
STANDING_COMMITTEE_MIN_SEATS = 9


def share(count, total):
    """count/total in percent, two places, half up (R-CALC-01); None for an empty body."""
    if not total:
        return None
    return (Decimal(count) * 100 / Decimal(total)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def format_percent(value):
    """46.15 → "46,15" in Vietnamese; a whole target 15.00 → "15"."""
    if value is None:
        return "—"
    if value == value.to_integral_value():
        return number_format(int(value))
    return number_format(value, decimal_pos=2)


def age_reference_date(*, term, level, as_of=None):
    """R-CALC-03: the term's age reference date for the level, else `as_of` (the callers pass
    the congress's date), else today."""
    rule = TermLevelRule.objects.filter(term=term, level=level).first()
    if rule and rule.age_reference_date:
        return rule.age_reference_date
    return as_of or timezone.localdate()


def _categories(term):
    """(key, label, test, target) of each category checked against the term's targets."""
    return (
        ("women", _("women"), lambda c, _day: c.gender == Gender.FEMALE, term.women_target_percent),
        (
            "youth",
            _("young"),
            lambda c, day: age_on(day, c.birth_date) < term.youth_age_limit,
            term.youth_target_percent,
        ),
        (
            "ethnic_minority",
            _("ethnic minorities"),
            lambda c, _day: c.ethnicity.strip() != MAJORITY_ETHNICITY,
            term.ethnic_minority_target_percent,
        ),
        ("incumbent", _("outgoing committee members"), lambda c, _day: c.is_incumbent, None),
    ) + (
        (
            (
                "service",
                _("with enough months of service left"),
                lambda c, day: not short_of_service(c, term, day),
                None,
            ),
        )
        if term.first_time_service_months or term.reelected_service_months
        else ()
    )


def short_of_service(candidate, term, day):
    """R-WV-15: the months of service `candidate` has left at `day` when fewer than the term
    asks (first-time or re-elected), else None. Exceptions are the committee above's call."""
    required = (
        term.reelected_service_months if candidate.is_incumbent else term.first_time_service_months
    )
    if not required:
        return None
    left = months_left(birth_date=candidate.birth_date, gender=candidate.gender, on=day)
    return left if left < required else None


def _meets(value, target):
    if target is None or value is None:
        return None
    return value >= target


@dataclass(frozen=True)
class SlateMessage:
    level: str  # "error" or "warning"
    text: str

    def __str__(self):
        return self.text


def slate_messages(*, kind, seats, candidates):
    """The slate-size checks R-EL-07..10 as translated messages (errors and warnings)."""
    found = []
    excess = candidates - seats
    excess_required = kind in EXCESS_REQUIRED
    numbers = {"candidates": candidates, "seats": seats, "excess": excess}
    if excess_required and candidates <= seats:
        found.append(
            SlateMessage(
                "error",
                _(
                    "The list must be longer than the seats: %(candidates)s candidates for "
                    "%(seats)s seats."
                )
                % numbers,
            )
        )
    if 10 * excess > 3 * seats:
        found.append(
            SlateMessage(
                "error",
                _(
                    "The excess of %(excess)s is more than 30 %% of the %(seats)s seats; the "
                    "congress must be consulted to trim the list."
                )
                % numbers,
            )
        )
    if excess_required and 3 <= seats <= 5 and excess > 1:
        found.append(
            SlateMessage(
                "error",
                _("A body of 3 to 5 members may have an excess of at most one person.") % {},
            )
        )
    prepared = 10 * seats <= 100 * excess <= 15 * seats
    if excess_required and seats > 5 and excess > 0 and not prepared:
        found.append(
            SlateMessage(
                "warning",
                _(
                    "The personnel plan usually prepares an excess of 10–15 %% of the seats; "
                    "this list has %(excess)s more candidates than the %(seats)s seats."
                )
                % numbers,
            )
        )
    return found


def slate_figures(*, ballot, term, as_of=None, candidates=None):
    """The live target table of a ballot's list (R-CALC-04) and its slate-size messages.

    For each category: the count on the list, the share if all listed were elected
    (projected), and the best and worst case among `seats` elected given the excess, each
    against the term's target. `candidates` may be passed already fetched.
    """
    if candidates is None:
        candidates = list(ballot.candidates.all())
    seats = ballot.seats
    total = len(candidates)
    congress = ballot.congress
    day = age_reference_date(
        term=term, level=congress.level, as_of=as_of or congress.ended_on or congress.planned_date
    )
    rows = []
    for key, label, test, target in _categories(term):
        count = sum(1 for candidate in candidates if test(candidate, day))
        best = min(count, seats)
        worst = max(0, seats - (total - count))
        projected = share(count, total)
        best_share = share(best, seats)
        worst_share = share(worst, seats)
        rows.append(
            {
                "key": key,
                "label": label,
                "count": count,
                "share": projected,
                "best": best,
                "best_share": best_share,
                "worst": worst,
                "worst_share": worst_share,
                "target": target,
                "meets": _meets(projected, target),
                "best_meets": _meets(best_share, target),
                "worst_meets": _meets(worst_share, target),
            }
        )
    messages = slate_messages(kind=ballot.kind, seats=seats, candidates=total)
    short = {
        candidate.pk: left
        for candidate in candidates
        if (left := short_of_service(candidate, term, day)) is not None
    }
    if short:
        messages.append(
            SlateMessage(
                "warning",
                _(
                    "%(count)s candidates have fewer months of service left at %(day)s than the "
                    "term asks (%(first)s months for new members, %(again)s for re-elected "
                    "ones); an exception needs the decision of the committee above."
                )
                % {
                    "count": len(short),
                    "day": date_format(day, "SHORT_DATE_FORMAT"),
                    "first": term.first_time_service_months or "—",
                    "again": term.reelected_service_months or "—",
                },
            )
        )
    return {
        "seats": seats,
        "candidates": total,
        "excess": total - seats,
        "reference_date": day,
        "rows": rows,
        "messages": messages,
        "short_of_service": short,
    }


def elected_candidates(ballot):
    """Candidates elected in any round of `ballot`, in the order of the rounds."""
    keys = []
    for elected in ballot.rounds.order_by("number").values_list("elected", flat=True):
        keys.extend(key for key in elected if key not in keys)
    found = {candidate.pk: candidate for candidate in Candidate.objects.filter(pk__in=keys)}
    return [found[key] for key in keys if key in found]


def elected_body_figures(congress, *, as_of=None):
    """The elected committee against the term's targets: "nữ 46,15 %/15 %" (R-CALC-01/04)."""
    ballot = congress.ballots.filter(kind=BallotKind.COMMITTEE).order_by("id").first()
    elected = elected_candidates(ballot) if ballot else []
    term = congress.term
    # Without a reference date in the term, ages are taken on the day of the congress.
    day = age_reference_date(
        term=term, level=congress.level, as_of=as_of or congress.ended_on or congress.planned_date
    )
    rows = []
    for key, label, test, target in _categories(term):
        count = sum(1 for candidate in elected if test(candidate, day))
        achieved = share(count, len(elected))
        numbers = {"label": label, "achieved": format_percent(achieved)}
        if target is None:
            text = _("%(label)s %(achieved)s %%") % numbers
        else:
            text = _("%(label)s %(achieved)s %%/%(target)s %%") % {
                **numbers,
                "target": format_percent(target),
            }
        rows.append(
            {
                "key": key,
                "label": label,
                "count": count,
                "share": achieved,
                "target": target,
                "meets": _meets(achieved, target),
                "text": text,
            }
        )
    return {"elected": len(elected), "reference_date": day, "rows": rows}


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


def official_members(organization):
    """Official (not probationary, R-EL-28) members belonging directly to `organization`."""
    return Member.objects.filter(organization=organization, official_on__isnull=False).count()


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
    if organization_kind.holds_members:
        if kind == BallotKind.STANDING_COMMITTEE:
            errors.append(_("A cell does not elect a standing committee."))
        elif kind == BallotKind.COMMITTEE:
            official = official_members(organization)
            if official < CELL_COMMITTEE_MIN_MEMBERS:
                errors.append(
                    _(
                        "A cell with %(official)s official members (fewer than %(minimum)s) "
                        "elects only a secretary and, if needed, a deputy secretary."
                    )
                    % {"official": official, "minimum": CELL_COMMITTEE_MIN_MEMBERS}
                )
            elif seats > CELL_COMMITTEE_MAX_SEATS:
                errors.append(
                    _("A cell committee has at most %(maximum)s members.")
                    % {"maximum": CELL_COMMITTEE_MAX_SEATS}
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
                    "least %(minimum)s members; otherwise it elects the secretary and deputies."
                )
                % {"minimum": STANDING_COMMITTEE_MIN_SEATS}
            )
    return errors


@transaction.atomic
def add_ballot(*, congress, actor, kind, seats):
    """Add an election to `congress`; refused when R-EL-25/26 do not allow that body there."""
    if seats < 1:
        raise ValidationError({"seats": _("An election has at least one seat.")})
    problems = body_rule_errors(congress=congress, kind=kind, seats=seats)
    if problems:
        raise ValidationError(problems)
    ballot = Ballot.objects.create(congress=congress, kind=kind, seats=seats)
    record_audit(
        actor=actor,
        action="personnel.ballot_created",
        target=ballot,
        data={"kind": kind, "seats": seats},
        organization_path=congress.org_path,
    )
    return ballot


PERSON_FIELDS = ("full_name", "gender", "birth_date", "ethnicity", "education", "is_incumbent")
NOMINATION_FIELDS = ("nomination", "nomination_agreed", "nomination_present")


def check_nomination(*, nomination, agreed, present, is_incumbent, nominator_in_committee=False):
    """R-EL-11/13 for a nominee from outside the convening committee's list.

    Returns the (agreed, present) figures to store (None for the committee's own list);
    raises ValidationError naming the field otherwise.
    """
    if nomination == Nomination.PLAN:
        return None, None
    if is_incumbent:
        raise ValidationError(
            {
                "nomination": _(
                    "A member of the convening committee may stand only on the committee's list."
                )
            }
        )
    if nomination == Nomination.FLOOR and nominator_in_committee:
        raise ValidationError(
            {
                "nomination": _(
                    "Members of the convening committee may not nominate anyone outside the "
                    "committee's list."
                )
            }
        )
    errors = {}
    if agreed is None:
        errors["nomination_agreed"] = _("Required for a nominee from outside the list.")
    if not present:
        errors["nomination_present"] = _("Required for a nominee from outside the list.")
    if errors:
        raise ValidationError(errors)
    if agreed > present:
        raise ValidationError(
            {"nomination_agreed": _("More agreed than were present (%(present)s).") % {
                "present": present
            }}
        )  # fmt: skip
    if 10 * agreed <= 3 * present:
        raise ValidationError(
            {
                "nomination_agreed": _(
                    "A nominee from outside the list needs the agreement of more than 30 %% of "
                    "those present: %(agreed)s of %(present)s is %(share)s %%."
                )
                % {
                    "agreed": agreed,
                    "present": present,
                    "share": format_percent(share(agreed, present)),
                }
            }
        )
    return agreed, present


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
        if ballot.candidates.filter(member=member).exists():
            raise ValidationError(_("This member is already on the list."))
        if not member.is_official:
            raise ValidationError(
                {"member_code": _("A probationary member may not stand for election.")}
            )
        values = {
            "full_name": member.full_name,
            "gender": member.gender,
            "birth_date": member.birth_date,
            "ethnicity": member.ethnicity,
        }
        values.update(
            {name: person[name] for name in ("education", "is_incumbent") if name in person}
        )
    else:
        values = dict(person)
        missing = [name for name in ("full_name", "gender", "birth_date") if not values.get(name)]
        if missing:
            raise ValidationError({name: _("This field is required.") for name in missing})
    values["full_name"] = normalize_text(values["full_name"])
    values["ethnicity"] = normalize_text(values.get("ethnicity") or MAJORITY_ETHNICITY)
    values["education"] = normalize_text(values.get("education") or "")
    if _counting_conflict(congress=congress, member=member, full_name=values["full_name"]):
        raise ValidationError(
            _("%(name)s is on the counting committee and may not stand in this congress.")
            % {"name": values["full_name"]}
        )
    agreed, present = check_nomination(
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
    allowed = {"education", "is_incumbent", *NOMINATION_FIELDS}
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
        if not member.is_official:
            raise ValidationError(
                {"member_code": _("A probationary member may not sit on the counting committee.")}
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
                "counting committee."
            )
            % {"name": full_name}
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


EXCLUSIONS = ("excluded_absent_with_reason", "excluded_suspended", "excluded_other")


def compute_base(*, convened, **exclusions):
    """D = convened − the exclusions (R-EL-20/21); ValidationError if that is negative."""
    base = convened - sum(exclusions.values())
    if base < 0:
        raise ValidationError(
            _("The exclusions (%(excluded)s) are more than the %(convened)s convened.")
            % {"excluded": sum(exclusions.values()), "convened": convened}
        )
    return base


def secretary_to_be_appointed(ballot):
    """R-EL-25: a cell's secretary election with no one elected after the third round."""
    if ballot.kind != BallotKind.SECRETARY or not ballot.congress.organization.kind.holds_members:
        return False
    elected = list(ballot.rounds.values_list("elected", flat=True))
    return len(elected) >= CELL_SECRETARY_ROUNDS and not any(elected)


@transaction.atomic
def record_round(*, ballot, actor, convened, ballots_issued, ballots_returned, ballots_valid,
                 ballots_invalid, votes, excluded_absent_with_reason=0, excluded_suspended=0,
                 excluded_other=0, expected_number=None):  # fmt: skip
    """Record one round of `ballot`: compute D, count it (count_round), store the result.

    `votes` maps candidate pks on the list to their votes. Inconsistent minutes raise
    ValidationError and nothing is written. `expected_number` is the round the form was loaded
    to enter: when another round was recorded meanwhile (two people entering the same minutes),
    StaleEditError names it and nothing is written. Side effects: the round, its vote rows, an
    audit row.
    """
    # Rounds of one ballot are recorded one at a time (the row lock on PostgreSQL; SQLite
    # writes one transaction at a time): what was elected before is read after the lock.
    Ballot.objects.select_for_update().filter(pk=ballot.pk).first()
    number = (ballot.rounds.aggregate(last=Max("number"))["last"] or 0) + 1
    if expected_number is not None and number != expected_number:
        raise StaleEditError(
            _(
                "Round %(number)s of this election was recorded by someone else meanwhile. "
                "Open it before entering these minutes again."
            )
            % {"number": number - 1}
        )
    exclusions = {
        "excluded_absent_with_reason": excluded_absent_with_reason,
        "excluded_suspended": excluded_suspended,
        "excluded_other": excluded_other,
    }
    base = compute_base(convened=convened, **exclusions)
    listed = set(ballot.candidates.values_list("pk", flat=True))
    if set(votes) - listed:
        raise ValidationError(_("Votes were entered for someone who is not on the list."))
    counts = {
        "ballots_issued": ballots_issued,
        "ballots_returned": ballots_returned,
        "ballots_valid": ballots_valid,
        "ballots_invalid": ballots_invalid,
    }
    # A further round (R-EL-23/24) elects only the seats still free, among those not elected.
    already = set()
    for elected in ballot.rounds.values_list("elected", flat=True):
        already.update(elected)
    seats = ballot.seats - len(already)
    if seats < 1:
        raise ValidationError(_("Every seat of this election is already filled."))
    if secretary_to_be_appointed(ballot):
        raise ValidationError(
            _(
                "No secretary was elected in %(rounds)s rounds: the committee above appoints the "
                "cell's secretary."
            )
            % {"rounds": CELL_SECRETARY_ROUNDS}
        )
    if set(votes) & already:
        raise ValidationError(
            _("Votes were entered for someone already elected in an earlier round.")
        )
    try:
        result = count_round(seats=seats, base=base, votes=votes, **counts)
    except ValueError as error:
        raise ValidationError(
            _("The counts do not reconcile; nothing was recorded. Check the minutes (%(detail)s).")
            % {"detail": error}
        ) from error
    congress = ballot.congress
    election_round = ElectionRound.objects.create(
        ballot=ballot,
        number=number,
        convened=convened,
        base=base,
        elected=result.elected,
        tied=result.tied,
        tie_seats=result.tie_seats,
        unfilled=result.unfilled,
        organization_id=congress.organization_id,
        org_path=congress.org_path,
        entered_by=actor if actor is not None and actor.is_authenticated else None,
        **exclusions,
        **counts,
    )
    RoundVote.objects.bulk_create(
        RoundVote(
            round=election_round,
            candidate_id=key,
            votes=count,
            is_elected=key in result.elected,
        )
        for key, count in votes.items()
    )
    record_audit(
        actor=actor,
        action="personnel.round_recorded",
        target=election_round,
        data={
            "ballot": ballot.pk,
            "number": number,
            "base": base,
            "elected": result.elected,
            "tied": result.tied,
            "unfilled": result.unfilled,
        },
        organization_path=congress.org_path,
    )
    return election_round


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


def elected_by_level(*, organization, term, kind=BallotKind.COMMITTEE, as_of=None):
    """The bodies elected over `organization`'s subtree in `term`, one row per level of the
    tree: members elected, re-elected (outgoing members elected again), women, young (under
    the term's age limit at `as_of`, default today) and their shares. One grouped query.

    Tây Hồ 2020: 39 elected to the district committee, 33 re-elected → 84,62 %.
    """
    from django.db.models import Count, Q
    from django.db.models import F as Field

    from core.paths import subtree_q

    day = as_of or timezone.localdate()
    young_after = day.replace(year=day.year - term.youth_age_limit)
    rows = (
        RoundVote.objects.filter(subtree_q(organization.path, "round__org_path"))
        .filter(is_elected=True, round__ballot__kind=kind, round__ballot__congress__term=term)
        .values(level=Field("round__ballot__congress__level"))
        .annotate(
            elected=Count("pk"),
            reelected=Count("pk", filter=Q(candidate__is_incumbent=True)),
            women=Count("pk", filter=Q(candidate__gender=Gender.FEMALE)),
            young=Count("pk", filter=Q(candidate__birth_date__gt=young_after)),
            minorities=Count("pk", filter=~Q(candidate__ethnicity=MAJORITY_ETHNICITY)),
            congresses=Count("round__ballot__congress", distinct=True),
        )
        .order_by("level")
    )
    result = []
    for row in rows:
        for key in ("reelected", "women", "young", "minorities"):
            row[f"{key}_share"] = format_percent(share(row[key], row["elected"]))
        result.append(row)
    return result


@transaction.atomic
def nominate_key_post(*, congress, actor, post, candidate, approving_body, approval_number,
                      approval_date):  # fmt: skip
    """Record that the committee above approved `candidate` in advance for a key post.

    Side effects: the nomination (with the congress's organization path), an audit row.
    """
    if candidate.congress_id != congress.pk:
        raise ValidationError({"candidate": _("The nominee must stand in this congress.")})
    if approval_date > timezone.localdate():
        raise ValidationError({"approval_date": _("The date cannot be in the future.")})
    nomination = KeyPostNomination.objects.create(
        congress=congress,
        post=post,
        candidate=candidate,
        approving_body=approving_body,
        approval_number=approval_number,
        approval_date=approval_date,
        organization_id=congress.organization_id,
        org_path=congress.org_path,
    )
    record_audit(
        actor=actor,
        action="personnel.key_post_nominated",
        target=nomination,
        data={"post": post, "candidate": candidate.pk, "approval_number": approval_number},
        organization_path=congress.org_path,
    )
    return nomination


def key_post_figures(congress):
    """Each key post's approved nominee and whether the congress elected them to that post,
    with the share elected as approved ("100 %" in Quận 9). Two queries."""
    from django.db.models import Exists, OuterRef

    elected_to_post = RoundVote.objects.filter(
        candidate=OuterRef("candidate"),
        is_elected=True,
        round__ballot__congress=OuterRef("congress"),
        round__ballot__kind=OuterRef("post"),
    )
    nominations = list(
        congress.key_posts.select_related("candidate").annotate(elected=Exists(elected_to_post))
    )
    elected = sum(1 for nomination in nominations if nomination.elected)
    return {
        "nominations": nominations,
        "elected": elected,
        "share": format_percent(share(elected, len(nominations))) if nominations else None,
    }


def planned_by_level(*, organization, term):
    """The committee plans over `organization`'s subtree in `term`, one row per level: plans,
    committee seats and outgoing members planned for re-election. One grouped query.

    Tây Hồ 2020, grassroots level: 228 committee members planned, 170 of them re-elected.
    """
    from django.db.models import Count, Sum
    from django.db.models import F as Field

    from core.paths import subtree_q

    rows = (
        CommitteePlan.objects.filter(subtree_q(organization.path, "congress__org_path"))
        .filter(congress__term=term)
        .values(level=Field("congress__level"))
        .annotate(
            plans=Count("pk"),
            seats=Sum("committee_seats"),
            reelected=Sum("planned_reelected"),
        )
        .order_by("level")
    )
    result = []
    for row in rows:
        row["reelected_share"] = format_percent(share(row["reelected"] or 0, row["seats"]))
        result.append(row)
    return result


def elected_bodies(congress):
    """Who each election of `congress` elected, in the order of its elections: the
    committee, the standing committee, the secretary, the deputies... Two queries."""
    ballots = list(congress.ballots.all())
    votes = (
        RoundVote.objects.filter(round__ballot__congress=congress, is_elected=True)
        .select_related("candidate", "round")
        .order_by("round__number", "-votes", "candidate__full_name")
    )
    members = {ballot.pk: [] for ballot in ballots}
    for vote in votes:
        members[vote.round.ballot_id].append(vote.candidate)
    return [
        {"ballot": ballot, "elected": members[ballot.pk]}
        for ballot in ballots
        if members[ballot.pk]
    ]
