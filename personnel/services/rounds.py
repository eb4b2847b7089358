"""Election rounds: the base D (R-EL-20/21) and the count (R-EL-19..23, count_round)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from congresses import rulepacks
from congresses.choices import HELD_STAGES, Stage
from congresses.models import Congress
from core.audit import record_audit
from core.editing import StaleEditError, versioned_update
from core.text import normalize_text
from personnel import hooks
from personnel.elections import (
    RETURNED_ABOVE_ISSUED,
    VALID_INVALID_NOT_RETURNED,
    VOTES_ABOVE_NAMES_KEPT,
    VOTES_ABOVE_VALID,
    count_round,
    round_problems,
)
from personnel.models import (
    Appointment,
    Ballot,
    ElectionRound,
    RoundVote,
)
from personnel.rules import CELL_SECRETARY_ROUNDS
from personnel.selectors import secretary_to_be_appointed, slate_errors
from personnel.services.appointments import check_delegates_elected

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


def _shown(day):
    return day.strftime("%d/%m/%Y")


def round_date(congress, held_on):
    """The date of a round on `congress`: `held_on`, else the congress's closing or opening
    date, else today. ValidationError (naming `held_on`) unless the congress is in session
    (personnel approved and opened) or held, and the date lies within it, not in the future."""
    in_session = congress.stage == Stage.PERSONNEL_APPROVED and congress.started_on
    if not (in_session or congress.stage in HELD_STAGES):
        raise ValidationError(
            {
                "held_on": _(
                    "A round can be recorded only once the congress has opened (its personnel "
                    "approved and its opening date entered) or been held; this congress is at "
                    "the stage “%(stage)s”."
                )
                % {"stage": Stage(congress.stage).label}
            }
        )
    day = held_on or congress.ended_on or congress.started_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"held_on": _("The date of the round cannot be in the future.")})
    first, last = congress.started_on, congress.ended_on
    if (first and day < first) or (last and day > last):
        raise ValidationError(
            {
                "held_on": _(
                    "The date of the round (%(day)s) must lie within the congress, from "
                    "%(first)s to %(last)s."
                )
                % {
                    "day": _shown(day),
                    "first": _shown(first) if first else "…",
                    "last": _shown(last) if last else "…",
                }
            }
        )
    return day


def count_problems(*, seats, votes, names, ballots_issued, ballots_returned, ballots_valid,
                   ballots_invalid, term=None):  # fmt: skip
    """Every inconsistency of a round's minutes (R-EL-19) in words, as {field: [messages]}
    for the round form: the counts by their names, a candidate's votes as `votes_<pk>`, the
    sum of the votes under "votes". Empty when the counts reconcile. Each message cites
    R-EL-19 with the source `term`'s pack gives it (the id alone without a term)."""

    def _number(value):
        # 4.302 in Vietnamese, 4,302 in English.
        return number_format(value, force_grouping=True)

    cited = rulepacks.cite(term, "R-EL-19")
    errors = {}
    for rule, key in round_problems(
        seats=seats,
        votes=votes,
        ballots_issued=ballots_issued,
        ballots_returned=ballots_returned,
        ballots_valid=ballots_valid,
        ballots_invalid=ballots_invalid,
    ):
        if rule == RETURNED_ABOVE_ISSUED:
            field = "ballots_returned"
            message = _(
                "The ballots returned (%(returned)s) are more than the ballots issued "
                "(%(issued)s; %(rule)s)."
            ) % {
                "returned": _number(ballots_returned),
                "issued": _number(ballots_issued),
                "rule": cited,
            }
        elif rule == VALID_INVALID_NOT_RETURNED:
            field = "ballots_valid"
            message = _(
                "Valid ballots plus invalid ballots (%(valid)s + %(invalid)s = %(sum)s) must "
                "equal the ballots returned (%(returned)s; %(rule)s)."
            ) % {
                "rule": cited,
                "valid": _number(ballots_valid),
                "invalid": _number(ballots_invalid),
                "sum": _number(ballots_valid + ballots_invalid),
                "returned": _number(ballots_returned),
            }
        elif rule == VOTES_ABOVE_VALID:
            field = f"votes_{key}"
            message = _(
                "%(name)s has more votes (%(votes)s) than there are valid ballots "
                "(%(valid)s; %(rule)s)."
            ) % {
                "rule": cited,
                "name": names.get(key, key),
                "votes": _number(votes[key]),
                "valid": _number(ballots_valid),
            }
        else:
            assert rule == VOTES_ABOVE_NAMES_KEPT
            field = "votes"
            message = _(
                "The votes add up to %(total)s, more than valid ballots × seats (%(valid)s × "
                "%(seats)s = %(most)s): a valid ballot keeps at most as many names as there "
                "are seats (%(rule)s)."
            ) % {
                "rule": cited,
                "total": _number(sum(votes.values())),
                "valid": _number(ballots_valid),
                "seats": _number(seats),
                "most": _number(ballots_valid * seats),
            }
        errors.setdefault(field, []).append(message)
    return errors


def check_slate(ballot, on=None):
    """The congress's adopted decision on `ballot`'s list when the list breaks a slate-size
    rule (R-EL-07, R-EL-08, R-EL-10), None when it breaks none. Without such a decision
    (personnel.hooks.slate_decision: congress_day's vote on the list), dated on or before `on`
    (the round's date) when given, ValidationError: each rule broken, by its id and source,
    and how the congress's decision is recorded."""
    errors = slate_errors(ballot)
    if not errors:
        return None
    decision = hooks.slate_decision(ballot, on)
    if decision is not None and decision["adopted"]:
        return decision
    if decision is None and on is not None and hooks.slate_decision(ballot) is not None:
        hint = _(
            "The congress's vote on this list is dated after the round (%(day)s): a round "
            "rests on a decision taken on or before its date."
        ) % {"day": _shown(on)}
    elif decision is None:
        hint = _(
            "The congress may decide otherwise: record its vote on this list (subject “the "
            "lists”, this election) among the votes of the congress day, then enter the round."
        )
    else:
        hint = _(
            "The congress's vote on this list of %(day)s was not adopted (%(agree)s agree of "
            "%(present)s present): record its decision if it votes again, then enter the round."
        ) % {**decision, "day": _shown(decision["day"])}
    raise ValidationError([*(str(error) for error in errors), hint])


def check_round_entry(*, ballot, convened, ballots_issued, ballots_returned, ballots_valid,
                      ballots_invalid, votes, excluded_absent_with_reason=0,
                      excluded_suspended=0, excluded_other=0, expected_number=None,
                      held_on=None):  # fmt: skip
    """Check one round's minutes for `ballot` without writing anything: the date, the round
    number (StaleEditError when `expected_number` is not the next round), the size of the
    list before its first round (check_slate), D, the list, the
    seats still free and the counts (R-EL-19). Returns the date, the round's number, D and
    the seats it elects; raises ValidationError naming the problem. Call it inside a
    transaction that holds the ballot's row lock (record_round, personnel.tally)."""
    held_on = round_date(ballot.congress, held_on)
    number = (ballot.rounds.aggregate(last=Max("number"))["last"] or 0) + 1
    if expected_number is not None and number != expected_number:
        raise StaleEditError(
            _(
                "Round %(number)s of this election was recorded by someone else meanwhile. "
                "Open it before entering these minutes again."
            )
            % {"number": number - 1}
        )
    if number == 1:  # the list is closed by its first round (R-EL-07/08/10)
        check_slate(ballot, held_on)
    base = compute_base(
        convened=convened,
        excluded_absent_with_reason=excluded_absent_with_reason,
        excluded_suspended=excluded_suspended,
        excluded_other=excluded_other,
    )
    names = dict(ballot.candidates.values_list("pk", "full_name"))
    if set(votes) - set(names):
        raise ValidationError(_("Votes were entered for someone who is not on the list."))
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
    problems = count_problems(
        seats=seats,
        votes=votes,
        names=names,
        ballots_issued=ballots_issued,
        ballots_returned=ballots_returned,
        ballots_valid=ballots_valid,
        ballots_invalid=ballots_invalid,
        term=ballot.congress.term,
    )
    if problems:
        raise ValidationError(problems)
    return {
        "held_on": held_on,
        "number": number,
        "base": base,
        "seats": seats,
        "majority": majority_required(ballot, votes),
    }


def tie_revote_majority(term):
    """R-EL-23, unresolved: does the re-vote among candidates tied for the last seats still
    ask more than half of D in `term`? The `tie_revote_majority` of the term's pack, else (a
    pack without it, or R-EL-23 not in force) the setting ELECTION_TIE_REVOTE_MAJORITY."""
    value = rulepacks.parameter(term, "R-EL-23", "tie_revote_majority")
    return settings.ELECTION_TIE_REVOTE_MAJORITY if value is None else value


def majority_required(ballot, votes):
    """Whether a round of `ballot` with `votes` asks more than half of D: always, except a
    re-vote among the candidates the last round left tied (R-EL-23) when the term says it
    does not (`tie_revote_majority`). At most three queries (the term, its pack, the last
    round)."""
    if tie_revote_majority(ballot.congress.term):
        return True
    tied = ballot.rounds.order_by("-number").values_list("tied", flat=True).first()
    return not (tied and votes and set(votes) <= set(tied))


@transaction.atomic
def record_round(*, ballot, actor, convened, ballots_issued, ballots_returned, ballots_valid,
                 ballots_invalid, votes, excluded_absent_with_reason=0, excluded_suspended=0,
                 excluded_other=0, expected_number=None, held_on=None, base_note="",
                 minutes_number="", from_tally=False):  # fmt: skip
    """Record one round of `ballot`: compute D, count it (count_round), store the result.

    A round whose tally the counting committee has begun to enter twice (personnel.tally) is
    recorded only from that tally (`from_tally`), never from the paper minutes (R-EL-37).

    `votes` maps candidate pks on the list to their votes. Inconsistent minutes raise
    ValidationError and nothing is written (check_round_entry). `expected_number` is the
    round the form was loaded to enter: when another round was recorded meanwhile (two people
    entering the same minutes), StaleEditError names it and nothing is written. Side effects:
    the round, its vote rows, an audit row. The round is dated `held_on` (round_date: only on
    a congress in session or held, within it).
    """
    # Rounds of one ballot are recorded one at a time (the row lock on PostgreSQL; SQLite
    # writes one transaction at a time): what was elected before is read after the lock.
    Ballot.objects.select_for_update().filter(pk=ballot.pk).first()
    # The congress's row too, which record_appointment holds while it checks for rounds.
    Congress.objects.select_for_update().filter(pk=ballot.congress_id).first()
    if Appointment.objects.filter(congress_id=ballot.congress_id, kind=ballot.kind).exists():
        # R-WV-13: a body the higher committee appointed is not elected in rounds.
        raise ValidationError(
            _("The higher committee appointed this body: it is not elected (%(rule)s).")
            % {"rule": rulepacks.cite(ballot.congress.term, "R-WV-13")}
        )
    check_delegates_elected(ballot.congress, ballot.kind)
    exclusions = {
        "excluded_absent_with_reason": excluded_absent_with_reason,
        "excluded_suspended": excluded_suspended,
        "excluded_other": excluded_other,
    }
    counts = {
        "ballots_issued": ballots_issued,
        "ballots_returned": ballots_returned,
        "ballots_valid": ballots_valid,
        "ballots_invalid": ballots_invalid,
    }
    checked = check_round_entry(
        ballot=ballot,
        convened=convened,
        votes=votes,
        expected_number=expected_number,
        held_on=held_on,
        **exclusions,
        **counts,
    )
    held_on, number, base, seats = (
        checked["held_on"], checked["number"], checked["base"], checked["seats"]
    )  # fmt: skip
    if not from_tally and ballot.tally_entries.filter(round_number=number).exists():
        raise ValidationError(
            _(
                "The counting committee is entering the tally of round %(number)s twice: the "
                "round is recorded when two of its members have entered the same figures."
            )
            % {"number": number}
        )
    majority = checked["majority"]
    result = count_round(seats=seats, base=base, votes=votes, majority=majority, **counts)
    congress = ballot.congress
    election_round = ElectionRound.objects.create(
        ballot=ballot,
        number=number,
        held_on=held_on,
        convened=convened,
        base=base,
        base_note=normalize_text(base_note or ""),
        minutes_number=normalize_text(minutes_number or ""),
        elected=result.elected,
        tied=result.tied,
        tie_seats=result.tie_seats,
        unfilled=result.unfilled,
        majority_required=majority,
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
            "held_on": held_on,
            "base": base,
            "base_note": normalize_text(base_note or ""),
            "elected": result.elected,
            "tied": result.tied,
            "unfilled": result.unfilled,
            "majority_required": majority,
        },
        organization_path=congress.org_path,
    )
    return election_round


def set_minutes_number(*, election_round, minutes_number, expected_version, actor):
    """Add or correct the number of a recorded round's minutes (biên bản kiểm phiếu, R-EL-06,
    printed on the minutes and in the congress's dossier); the round's figures stay as counted.
    Returns the round. Side effects: the number saved and the round's version raised, one
    audit row with the number before and after; nothing when it is unchanged. Refused: a form
    loaded before someone else's change (StaleEditError), a number longer than the column."""
    number = normalize_text(minutes_number or "")
    if len(number) > ElectionRound._meta.get_field("minutes_number").max_length:
        raise ValidationError(
            {"minutes_number": _("The minutes number is at most 60 characters long.")}
        )
    return versioned_update(
        instance=election_round,
        changes={"minutes_number": number},
        expected_version=expected_version,
        actor=actor,
        action="personnel.round_minutes_number_set",
        stale_message=_(
            "Someone else changed the number of these minutes meanwhile. Reload the page and "
            "try again."
        ),
        organization_path=election_round.org_path,
    )
