"""Entering a round's tally twice (R-EL-37) and linking a counter's account."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from congresses.models import Congress
from core.audit import record_audit
from core.text import normalize_text
from organizations import access
from personnel.models import Ballot, CountingMember, TallyEntry
from personnel.services.rounds import check_round_entry, record_round
from personnel.tally.chain import GENESIS, digest, make_payload, parse, settle


def counter_of(congress, user):
    """The member of `congress`'s counting committee whose account is `user`, or None."""
    if user is None or not user.is_authenticated:
        return None
    return congress.counting_members.filter(account=user).first()


@transaction.atomic
def set_counting_account(*, counting_member, actor, username=""):
    """Link the account named `username` to `counting_member` (empty: unlink). The account
    must be active and able to write in the congress's organization, and linked to no other
    member of the same committee. Audited."""
    congress = counting_member.congress
    username = normalize_text(username or "")
    account = None
    if username:
        account = get_user_model().objects.filter(username=username, is_active=True).first()
        if account is None:
            raise ValidationError({"username": _("There is no active account with this name.")})
        if not access.can_write(account, congress.organization):
            raise ValidationError(
                {
                    "username": _(
                        "This account may not write in %(organization)s: it could not enter "
                        "a tally of this congress."
                    )
                    % {"organization": congress.organization.name}
                }
            )
        other = congress.counting_members.filter(account=account).exclude(pk=counting_member.pk)
        if other.exists():
            raise ValidationError(
                {
                    "username": _("This account is already linked to %(name)s.")
                    % {"name": other.first().full_name}
                }
            )
    CountingMember.objects.filter(pk=counting_member.pk).update(account=account)
    counting_member.account = account
    record_audit(
        actor=actor,
        action="personnel.counting_account_set",
        target=counting_member,
        data={"account": account.pk if account else None},
        organization_path=congress.org_path,
    )
    return counting_member


def _append(*, congress, ballot, number, counter, actor, payload, now=None):
    """Append one entry to `congress`'s log (its row lock is held by the caller)."""
    last = congress.tally_entries.aggregate(last=Max("sequence"))["last"] or 0
    previous = congress.tally_entries.filter(sequence=last).values_list("hash", flat=True)
    entry = TallyEntry(
        congress=congress,
        sequence=last + 1,
        ballot=ballot,
        round_number=number,
        counter=counter,
        counter_name=counter.full_name,
        entered_by=actor,
        created_at=now or timezone.now(),
        payload=payload,
        prev_hash=previous.first() if last else GENESIS,
    )
    entry.hash = digest(entry)
    entry.save()
    return entry


@transaction.atomic
def enter_tally(*, ballot, actor, expected_number, convened, ballots_issued, ballots_returned,
                ballots_valid, ballots_invalid, votes, excluded_absent_with_reason=0,
                excluded_suspended=0, excluded_other=0, held_on=None,
                base_note="", now=None):  # fmt: skip
    """One counter's entry of round `expected_number` of `ballot`.

    Refused (ValidationError, nothing written): an account that is no counting committee
    member of the congress, a member who already entered this round, a round that already
    stands, a tally that does not add up (check_round_entry: R-EL-19, the seats left, the
    list; no valid ballot keeps more names than seats, while a name not counted on a ballot
    without excess, R-EL-36, only lowers its votes). Otherwise the entry is appended to the
    congress's log and audited; when two different members have now entered identical
    figures the round stands: it is recorded with them (record_round, count_round). Returns
    (entry, RoundTally). `now`, the moment of entry, is for the demo (its congress day).
    """
    congress = ballot.congress
    # The log's order is the congress's: one entry at a time (the row lock on PostgreSQL;
    # SQLite writes one transaction at a time).
    Congress.objects.select_for_update().filter(pk=congress.pk).first()
    Ballot.objects.select_for_update().filter(pk=ballot.pk).first()
    counter = counter_of(congress, actor)
    if counter is None:
        raise ValidationError(
            _(
                "Only a member of this congress's counting committee, with their account "
                "linked on the counting committee's page, may enter a tally."
            )
        )
    if ballot.rounds.filter(number=expected_number).exists():
        raise ValidationError(
            _("Round %(number)s of this election already stands: no more tallies are entered.")
            % {"number": expected_number}
        )
    figures = {
        "convened": convened,
        "excluded_absent_with_reason": excluded_absent_with_reason,
        "excluded_suspended": excluded_suspended,
        "excluded_other": excluded_other,
        "ballots_issued": ballots_issued,
        "ballots_returned": ballots_returned,
        "ballots_valid": ballots_valid,
        "ballots_invalid": ballots_invalid,
    }
    checked = check_round_entry(
        ballot=ballot, votes=votes, expected_number=expected_number, held_on=held_on, **figures
    )
    number = checked["number"]
    entries = ballot.tally_entries.filter(round_number=number).order_by("sequence")
    if entries.filter(counter=counter).exists():
        raise ValidationError(
            _(
                "You have already entered the tally of this round: another member of the "
                "counting committee enters it independently."
            )
        )
    payload = make_payload(
        seats=checked["seats"],
        votes=votes,
        held_on=checked["held_on"],
        base_note=normalize_text(base_note or ""),
        **figures,
    )
    entry = _append(
        congress=congress,
        ballot=ballot,
        number=number,
        counter=counter,
        actor=actor,
        payload=payload,
        now=now,
    )
    record_audit(
        actor=actor,
        action="personnel.tally_entered",
        target=entry,
        data={
            "ballot": ballot.pk,
            "round": number,
            "sequence": entry.sequence,
            "hash": entry.hash,
        },
        organization_path=congress.org_path,
    )
    tally = settle(entries)
    if tally.standing is not None:
        data = parse(tally.standing)
        data.pop("seats")
        record_round(
            ballot=ballot,
            actor=actor,
            expected_number=number,
            from_tally=True,
            votes=data.pop("votes"),
            held_on=checked["held_on"],
            **{name: data[name] for name in (*figures, "base_note")},
        )
    return entry, tally
