"""Reads of personnel: figures of slates and elected bodies, roll-ups per level, shares.

Shares R-CALC-01..04; slate sizes R-EL-07..10 (as messages); the months of service R-WV-15.
Nothing here writes.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Min, Q
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from congresses import rulepacks
from congresses.choices import CongressContent, CongressOccasion
from congresses.models import TermLevelRule
from core.asof import on_or_before
from organizations.choices import Gender
from organizations.models import Member
from organizations.services import age_on
from personnel.choices import EXCESS_REQUIRED, BallotKind
from personnel.models import (
    APPOINTED_BODIES,
    Candidate,
    CommitteePlan,
    Complaint,
    CountingMember,
    ElectionRound,
    KeyPostNomination,
    RoundVote,
)
from personnel.retirement import months_left
from personnel.rules import (
    CELL_SECRETARY_ROUNDS,
    EXCESS_ALWAYS_ALLOWED,
    MAJORITY_ETHNICITY,
)

HUNDREDTH = Decimal("0.01")


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


def share_against_target(achieved, target, rule=""):
    """ "46,15 % (chỉ tiêu ≥ 15 %; R-WV-08, Hướng dẫn 26-HD/BTCTW)": a share achieved against
    the term's target and the rule that sets it (`rule`, cited: target_rules), the share alone
    when there is no target (R-CALC-01/04). The one way a share meets its target is written."""
    if target is None:
        return _("%(achieved)s %%") % {"achieved": format_percent(achieved)}
    if not rule:
        # Translators: "46,15 % (chỉ tiêu ≥ 15 %)": a share against the term's target.
        return _("%(achieved)s %% (target ≥ %(target)s %%)") % {
            "achieved": format_percent(achieved),
            "target": format_percent(target),
        }
    # Translators: "46,15 % (chỉ tiêu ≥ 15 %; R-WV-08, Hướng dẫn 26-HD/BTCTW)": a share
    # against the term's target, with the rule that sets the target and its source.
    return _("%(achieved)s %% (target ≥ %(target)s %%; %(rule)s)") % {
        "achieved": format_percent(achieved),
        "target": format_percent(target),
        "rule": rule,
    }


# The Term setting that holds each category's target: the rule of the pack naming it is the
# one a target line cites (rulepacks.rule_for_term_field).
TARGET_FIELDS = {
    "women": "women_target_percent",
    "youth": "youth_target_percent",
    "ethnic_minority": "ethnic_minority_target_percent",
}


def target_rule(term, key):
    """The cited rule that sets the target of the category `key` in `term` (2020–2025: women
    R-WV-08, youth R-WV-07; 2025–2030: R-WV-16), "" when the pack names none."""
    field_name = TARGET_FIELDS.get(key)
    rule_id = field_name and rulepacks.rule_for_term_field(term, field_name)
    return rulepacks.cite(term, rule_id) if rule_id else ""


# The elections of delegates to the higher congress, which a 2-content congress does not hold.
DELEGATE_BALLOTS = frozenset({BallotKind.DELEGATES, BallotKind.ALTERNATE_DELEGATES})


def delegates_appointed(term):
    """Does `term`'s pack let the higher committee appoint the delegates of a merged or new
    unit, as well as its committee (R-WV-13's `appointed`: 2025–2030 yes, 2020–2025 no)?"""
    return bool(rulepacks.parameter(term, "R-WV-13", "appointed"))


def electable_kinds(congress):
    """The elections `congress` may hold: all but the delegates' at a 2-content congress
    (R-WV-13; services.appointments.check_delegates_elected refuses them)."""
    if congress.content == CongressContent.TWO:
        return [kind for kind in BallotKind if kind not in DELEGATE_BALLOTS]
    return list(BallotKind)


def appointable_kinds(congress):
    """The bodies the higher committee may appoint at `congress` (a 2-content one): the
    delegates only where the term's pack says so (R-WV-13; check_appointable refuses them)."""
    if delegates_appointed(congress.term):
        return APPOINTED_BODIES
    return tuple(body for body in APPOINTED_BODIES if body != BallotKind.DELEGATES)


def congress_day(congress):
    """The day the people of a congress's lists and counting committee must be members on:
    its opening, else its planned date, else today (as the pickers, views._congress_members,
    and the delegates' roll)."""
    return congress.started_on or congress.planned_date or timezone.localdate()


def congress_date(congress):
    """The day a congress's figures count ages on when the term names none (R-WV-14): its
    closing, else its opening, else its planned date (None before it is planned)."""
    return congress.ended_on or congress.started_on or congress.planned_date


def reference_date_of(*, term, level, organization=None, level_rules=None):
    """R-WV-14: the age reference date the term names for `organization` (its kind's date in
    the pack's R-WV-14, e.g. the new wards of 2025, July), else for its `level` (the level
    rule's), else None. `level_rules`, the term's TermLevelRules if already read, saves the
    query."""
    if organization is not None:
        day = rulepacks.kind_age_reference_date(term, organization.kind.code)
        if day is not None:
            return day
    if level_rules is None:
        rule = TermLevelRule.objects.filter(term=term, level=level).first()
    else:
        rule = next((rule for rule in level_rules if rule.level == level), None)
    return rule.age_reference_date if rule else None


def age_reference_date(*, term, level, organization=None, as_of=None):
    """R-CALC-03: the term's age reference date for `organization` (its kind's, R-WV-14) or
    the level, else `as_of` (the callers pass the congress's date, `congress_date`), else
    today."""
    day = reference_date_of(term=term, level=level, organization=organization)
    return day or as_of or timezone.localdate()


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
    rule: str = ""  # the rule id of an error, "R-EL-07"

    def __str__(self):
        return self.text


def _slate_error(rule, text, numbers, term):
    # The rule with its source as the term's rule pack gives it (244-QĐ/TW for 2020–2025,
    # 190-QĐ/TW Art. 14 for 2025–2030): congresses.rulepacks.cite.
    return SlateMessage("error", text % {**numbers, "rule": rulepacks.cite(term, rule)}, rule)


def slate_messages(*, kind, seats, candidates, term):
    """The slate-size checks R-EL-07..10 as translated messages: errors (R-EL-07, 08, 10,
    each naming its rule and its source in `term`'s rule pack, refused when a round is
    recorded without the congress's decision) and warnings (R-EL-09). The figures are the
    pack's (congresses.rulepacks.parameter: the rule's `parameters`); a rule the pack holds
    not in force is not checked."""
    found = []
    excess = candidates - seats
    excess_required = kind in EXCESS_REQUIRED
    numbers = {"candidates": candidates, "seats": seats, "excess": excess}
    if excess_required and candidates <= seats:
        text = _(
            "The list must be longer than the seats: %(candidates)s candidates for %(seats)s "
            "seats (%(rule)s)."
        )
        found.append(_slate_error("R-EL-07", text, numbers, term))
    # An excess of EXCESS_ALWAYS_ALLOWED is always allowed: 30 % of three seats or fewer is
    # less than the one person R-EL-07 asks for (R-EL-10 says so for bodies of 3–5; inferred
    # below three and for the other lists, e.g. three names for two delegates to the congress
    # above).
    largest = rulepacks.parameter(term, "R-EL-08", "max_excess_percent")
    if largest is not None and 100 * excess > largest * seats and excess > EXCESS_ALWAYS_ALLOWED:
        text = _(
            "The excess of %(excess)s is more than %(percent)s %% of the %(seats)s seats; the "
            "congress must be consulted to trim the list (%(rule)s)."
        )
        found.append(
            _slate_error("R-EL-08", text, {**numbers, "percent": format_number(largest)}, term)
        )
    small = rulepacks.parameter(term, "R-EL-10", "small_body_seats")
    small_most = rulepacks.parameter(term, "R-EL-10", "small_body_max_excess")
    is_small = small is not None and small[0] <= seats <= small[1]
    if excess_required and is_small and small_most is not None and excess > small_most:
        text = _(
            "A body of %(smallest)s to %(largest)s members may have an excess of at most "
            "%(most)s; this list has %(excess)s (%(rule)s, as guided for small bodies)."
        )
        small_numbers = {"smallest": small[0], "largest": small[1], "most": small_most}
        found.append(_slate_error("R-EL-10", text, {**numbers, **small_numbers}, term))
    prepared = rulepacks.parameter(term, "R-EL-09", "prepared_excess_percent")
    above_small = small is None or seats > small[1]
    if prepared is not None and excess_required and above_small and excess > 0:
        low, high = prepared
        if not low * seats <= 100 * excess <= high * seats:
            found.append(
                SlateMessage(
                    "warning",
                    ngettext(
                        "The personnel plan usually prepares an excess of %(low)s–%(high)s %% "
                        "of the seats; this list has %(excess)s more candidate than the "
                        "%(seats)s seats (%(rule)s).",
                        "The personnel plan usually prepares an excess of %(low)s–%(high)s %% "
                        "of the seats; this list has %(excess)s more candidates than the "
                        "%(seats)s seats (%(rule)s).",
                        excess,
                    )
                    % {
                        **numbers,
                        "low": format_number(low),
                        "high": format_number(high),
                        "rule": rulepacks.cite(term, "R-EL-09"),
                    },
                )
            )
    return found


def format_number(value):
    """A pack's figure as written in the current language: 30 → "30", 12.5 → "12,5"."""
    if value == int(value):
        return number_format(int(value))
    return number_format(value)


def slate_errors(ballot):
    """The slate-size errors (R-EL-07, 08, 10) of `ballot`'s list as it stands, each citing its
    source in the term's rule pack. One query for the count, the congress and term unless
    `ballot.congress` is already loaded, one for the pack when an error is found."""
    count = ballot.candidates.count()
    return [
        message
        for message in slate_messages(
            kind=ballot.kind, seats=ballot.seats, candidates=count, term=ballot.congress.term
        )
        if message.level == "error"
    ]


def _target_figures(count, total, seats, target):
    """A category's count on the list against `target`: the share if all listed were elected,
    and the best and worst case among `seats` elected."""
    best = min(count, seats)
    worst = max(0, seats - (total - count))
    projected = share(count, total)
    best_share = share(best, seats)
    worst_share = share(worst, seats)
    return {
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


def _short_of_service(candidates, term, day):
    """{candidate pk: months left} of the candidates with fewer months of service left at
    `day` than the term asks."""
    return {
        candidate.pk: left
        for candidate in candidates
        if (left := short_of_service(candidate, term, day)) is not None
    }


def _short_of_service_message(count, term, day):
    """The warning that `count` candidates are short of the term's months of service."""
    return SlateMessage(
        "warning",
        ngettext(
            "%(count)s candidate has fewer months of service left at %(day)s than the "
            "term asks (%(first)s months for new members, %(again)s for re-elected "
            "ones; %(rule)s); an exception needs the decision of the committee above.",
            "%(count)s candidates have fewer months of service left at %(day)s than the "
            "term asks (%(first)s months for new members, %(again)s for re-elected "
            "ones; %(rule)s); an exception needs the decision of the committee above.",
            count,
        )
        % {
            "rule": rulepacks.cite(term, "R-WV-15"),
            "count": count,
            "day": date_format(day, "SHORT_DATE_FORMAT"),
            "first": term.first_time_service_months or "—",
            "again": term.reelected_service_months or "—",
        },
    )


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
        term=term,
        level=congress.level,
        organization=congress.organization,
        as_of=as_of or congress_date(congress),
    )
    rows = []
    for key, label, test, target in _categories(term):
        count = sum(1 for candidate in candidates if test(candidate, day))
        rows.append(
            {
                "key": key,
                "label": label,
                **_target_figures(count, total, seats, target),
                "rule": target_rule(term, key) if target is not None else "",
            }
        )
    messages = slate_messages(kind=ballot.kind, seats=seats, candidates=total, term=term)
    short = _short_of_service(candidates, term, day)
    if short:
        messages.append(_short_of_service_message(len(short), term, day))
    return {
        "seats": seats,
        "candidates": total,
        "excess": total - seats,
        "reference_date": day,
        "rows": rows,
        "messages": messages,
        "short_of_service": short,
    }


def elected_candidates(ballot, *, as_of=None):
    """Candidates elected in any round of `ballot` (voted on or before `as_of`), in the order
    of the rounds."""
    keys = []
    rounds = ballot.rounds.filter(on_or_before("held_on", as_of)).order_by("number")
    for elected in rounds.values_list("elected", flat=True):
        keys.extend(key for key in elected if key not in keys)
    found = {candidate.pk: candidate for candidate in Candidate.objects.filter(pk__in=keys)}
    return [found[key] for key in keys if key in found]


def elected_body_figures(congress, *, as_of=None):
    """The elected committee (in rounds voted on or before `as_of`, when given) against the
    term's targets, spelled out: "nữ 46,15 % (chỉ tiêu ≥ 15 %)" (R-CALC-01/04)."""
    ballot = congress.ballots.filter(kind=BallotKind.COMMITTEE).order_by("id").first()
    elected = elected_candidates(ballot, as_of=as_of) if ballot else []
    term = congress.term
    # Without a reference date in the term, ages are taken on the day of the congress
    # (R-WV-14), whatever the date the figures are read for.
    day = age_reference_date(
        term=term,
        level=congress.level,
        organization=congress.organization,
        as_of=congress_date(congress),
    )
    rows = []
    for key, label, test, target in _categories(term):
        count = sum(1 for candidate in elected if test(candidate, day))
        achieved = share(count, len(elected))
        rule = target_rule(term, key) if target is not None else ""
        against = share_against_target(achieved, target, rule)
        # Translators: "nữ 46,15 % (chỉ tiêu ≥ 15 %)": a group and its share against the term's
        # target.
        text = _("%(label)s %(share)s") % {"label": label, "share": against}
        rows.append(
            {
                "key": key,
                "label": label,
                "count": count,
                "share": achieved,
                "target": target,
                "rule": rule,
                "meets": _meets(achieved, target),
                "share_text": against,
                "text": text,
            }
        )
    return {"elected": len(elected), "reference_date": day, "rows": rows}


def official_members(organization):
    """Official (not probationary, R-EL-28) members belonging directly to `organization`
    today (core.asof: those gone are not counted)."""
    return (
        Member.objects.filter(organization=organization, official_on__isnull=False)
        .on(timezone.localdate())
        .count()
    )


def secretary_to_be_appointed(ballot):
    """R-EL-25: a cell's secretary election with no one elected after the third round."""
    if ballot.kind != BallotKind.SECRETARY or not ballot.congress.organization.kind.holds_members:
        return False
    elected = list(ballot.rounds.values_list("elected", flat=True))
    return len(elected) >= CELL_SECRETARY_ROUNDS and not any(elected)


def elected_by_level(*, organization, term, kind=BallotKind.COMMITTEE, as_of=None, ages_on=None):
    """The bodies elected over `organization`'s subtree in `term` in rounds voted on or before
    `as_of` (all of them when None), one row per level of the tree: members elected,
    re-elected (outgoing members elected again), women, young (under the term's age limit at
    `ages_on` when given, else at the date R-WV-14 names: the level's age reference date, else
    the day of the congress, as `elected_body_figures` counts them) and their shares. One
    grouped query (the level rules read before it).

    Tây Hồ 2020: 39 elected to the district committee, 33 re-elected → 84,62 %.
    """
    from django.db.models import Count, Q
    from django.db.models import F as Field

    if ages_on:
        young_after = ages_on.replace(year=ages_on.year - term.youth_age_limit)
        young = Q(candidate__birth_date__gt=young_after)
    else:
        young = _young_at_the_rule_date(term)
    rows = (
        RoundVote.objects.in_subtree_on(organization, as_of)
        .filter(on_or_before("round__held_on", as_of))
        .filter(is_elected=True, round__ballot__kind=kind, round__ballot__congress__term=term)
        # The wave's figures: the regular congresses of the term (issue 15, item 6).
        .filter(round__ballot__congress__occasion=CongressOccasion.REGULAR)
        .values(level=Field("round__ballot__congress__level"))
        .annotate(
            elected=Count("pk"),
            reelected=Count("pk", filter=Q(candidate__is_incumbent=True)),
            women=Count("pk", filter=Q(candidate__gender=Gender.FEMALE)),
            young=Count("pk", filter=young),
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


def _date_key(expression):
    """A date as the integer yyyymmdd, so that dates compare after adding years in SQL."""
    from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

    return ExtractYear(expression) * 10000 + ExtractMonth(expression) * 100 + ExtractDay(expression)


def _young_at_the_rule_date(term):
    """A filter on RoundVote: the candidate is under the term's age limit on the date R-WV-14
    names for the congress (its organization kind's date in the pack, else its level's age
    reference date, else its closing, opening or planned date, else today)."""
    from django.db.models import Case, DateField, F, Q, Value, When
    from django.db.models.functions import Coalesce

    congress = "round__ballot__congress__"
    day = Coalesce(
        F(f"{congress}ended_on"),
        F(f"{congress}started_on"),
        F(f"{congress}planned_date"),
        Value(timezone.localdate()),
        output_field=DateField(),
    )
    kind_dates = rulepacks.parameter(term, "R-WV-14", "kind_age_reference_dates") or {}
    references = [
        When(
            **{f"{congress}organization__kind__code": code},
            then=Value(rulepacks.kind_age_reference_date(term, code)),
        )
        for code in sorted(kind_dates)
    ] + [
        When(**{f"{congress}level": rule.level}, then=Value(rule.age_reference_date))
        for rule in TermLevelRule.objects.filter(term=term, age_reference_date__isnull=False)
    ]
    if references:
        day = Case(*references, default=day, output_field=DateField())
    birth = _date_key(F("candidate__birth_date")) + term.youth_age_limit * 10000
    return Q(GreaterThan(birth, _date_key(day)))


def key_post_figures(congress, *, as_of=None):
    """Each key post's approved nominee (approved on or before `as_of`, when given) and
    whether the congress elected them to that post (in a round voted on or before `as_of`),
    with the share elected as approved ("100 %" in Quận 9). Two queries."""
    from django.db.models import Exists, OuterRef

    elected_to_post = RoundVote.objects.filter(
        on_or_before("round__held_on", as_of),
        candidate=OuterRef("candidate"),
        is_elected=True,
        round__ballot__congress=OuterRef("congress"),
        round__ballot__kind=OuterRef("post"),
    )
    nominations = list(
        congress.key_posts.filter(on_or_before("approval_date", as_of))
        .select_related("candidate")
        .annotate(elected=Exists(elected_to_post))
    )
    elected = sum(1 for nomination in nominations if nomination.elected)
    return {
        "nominations": nominations,
        "elected": elected,
        "share": format_percent(share(elected, len(nominations))) if nominations else None,
    }


def planned_by_level(*, organization, term):
    """The committee plans of the regular congresses (the wave; the other occasions are
    counted apart, issue 15 item 6) over `organization`'s subtree in `term`, one row per level:
    plans, committee seats and outgoing members planned for re-election. One grouped query.

    Tây Hồ 2020, grassroots level: 228 committee members planned, 170 of them re-elected.
    """
    from django.db.models import Count, Sum
    from django.db.models import F as Field

    rows = (
        CommitteePlan.objects.in_subtree(organization)
        .filter(congress__term=term, congress__occasion=CongressOccasion.REGULAR)
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


def elected_bodies(congress, *, as_of=None):
    """Who each election of `congress` elected (in a round voted on or before `as_of`, when
    given), in the order of its elections: the committee, the standing committee, the
    secretary, the deputies... Two queries."""
    ballots = list(congress.ballots.all())
    votes = (
        RoundVote.objects.filter(round__ballot__congress=congress, is_elected=True)
        .filter(on_or_before("round__held_on", as_of))
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


def committee_plan(congress):
    """`congress`'s committee plan, or None."""
    return CommitteePlan.objects.filter(congress=congress).first()


def ballots_with_results(congress, *, as_of=None):
    """`congress`'s elections with their candidates, rounds (those voted on or before `as_of`,
    when given) and votes with each candidate's member and unit (prefetched)."""
    from django.db.models import Prefetch

    rounds = ElectionRound.objects.filter(on_or_before("held_on", as_of)).prefetch_related(
        "votes__candidate__member__organization"
    )
    return list(
        congress.ballots.prefetch_related("candidates", Prefetch("rounds", queryset=rounds))
    )


def key_posts_elected(organization, term, *, as_of=None):
    """Key-post nominations at the regular congresses (the wave, as `elected_by_level`) over
    `organization`'s subtree in `term` approved on `as_of` and how many of the nominees were
    elected to their post in a round voted on or before `as_of`: {"total", "elected"}. One
    query."""
    from django.db.models import Exists, OuterRef

    nominations = (
        KeyPostNomination.objects.in_subtree_on(organization, as_of)
        .filter(on_or_before("approval_date", as_of), congress__term=term)
        .filter(congress__occasion=CongressOccasion.REGULAR)
        .annotate(
            elected=Exists(
                RoundVote.objects.filter(
                    on_or_before("round__held_on", as_of),
                    candidate=OuterRef("candidate"),
                    is_elected=True,
                    round__ballot__congress=OuterRef("congress"),
                    round__ballot__kind=OuterRef("post"),
                )
            )
        )
    )
    elected_flags = list(nominations.values_list("elected", flat=True))
    return {"total": len(elected_flags), "elected": sum(elected_flags)}


def complaint_figures(organization, term, *, as_of=None):
    """Complaints about candidates over `organization`'s subtree in `term` received on or
    before `as_of`: received, resolved, anonymous. One query."""
    from django.db.models import Count, Q

    return (
        Complaint.objects.in_subtree_on(organization, as_of)
        .filter(on_or_before("received_on", as_of), candidate__congress__term=term)
        .aggregate(
            received=Count("pk"),
            resolved=Count("pk", filter=Q(is_resolved=True)),
            anonymous=Count("pk", filter=Q(source="anonymous")),
        )
    )


def stage_checks(congress, to_stage):
    """Personnel's prerequisite of "personnel approved" (registered with congresses.hooks in
    PersonnelConfig.ready()): a warning when no committee plan is recorded. One query."""
    from congresses.choices import Stage
    from congresses.hooks import StageCheck

    if (
        to_stage != Stage.PERSONNEL_APPROVED
        or CommitteePlan.objects.filter(congress=congress).exists()
    ):
        return []
    return [StageCheck(_("No committee plan is recorded for this congress."), blocks=False)]


def dated_records(congress):
    """The election rounds of `congress`, first and last day (registered with
    congresses.hooks in PersonnelConfig.ready(): the session's dates must keep them within).
    One query."""
    from congresses.hooks import DatedRecords

    span = ElectionRound.objects.filter(ballot__congress=congress).aggregate(
        first=Min("held_on"), last=Max("held_on")
    )
    if span["first"] is None:
        return []
    return [DatedRecords(pgettext("dated records", "election rounds"), span["first"], span["last"])]


def elected_to_post(organization, post, *, as_of=None):
    """The full name of the person last elected to `post` (a BallotKind: the secretary, a
    deputy secretary) at a congress of `organization` in a round voted on or before `as_of`, or
    "" (the signer of the committee's documents). One query."""
    vote = (
        RoundVote.objects.filter(
            on_or_before("round__held_on", as_of),
            is_elected=True,
            round__ballot__kind=post,
            round__ballot__congress__organization=organization,
        )
        .select_related("candidate")
        .order_by("-round__held_on", "-round__number", "-votes", "candidate__full_name")
        .first()
    )
    return vote.candidate.full_name if vote else ""


def people_organizations(congress):
    """{member id: organization id} of the members named on `congress`'s lists and on its
    counting committee: the units the congress's documents print beside their names. One
    query."""
    return dict(
        Member.objects.filter(
            Q(pk__in=Candidate.objects.filter(congress=congress).values("member"))
            | Q(pk__in=CountingMember.objects.filter(congress=congress).values("member"))
        ).values_list("pk", "organization_id")
    )


def counting_committee(congress):
    """`congress`'s counting committee, its head first. One query."""
    return list(congress.counting_members.all())


def congress_complaints(congress, *, as_of=None):
    """Complaints about `congress`'s candidates received by `as_of`, oldest first. One query."""
    return list(
        Complaint.objects.filter(candidate__congress=congress)
        .filter(on_or_before("received_on", as_of))
        .select_related("candidate")
        .order_by("received_on", "id")
    )


def appointed_bodies(congress, *, as_of=None):
    """The bodies of `congress` appointed by the higher committee (R-WV-13) by a decision
    dated on or before `as_of` (when given), each with its people (two queries), apart from
    the elected ones: [(appointment, people, women)]."""
    from personnel.models import Appointment

    rows = []
    appointments = Appointment.objects.filter(congress=congress).filter(
        on_or_before("decision_date", as_of)
    )
    for appointment in appointments.prefetch_related("people"):
        people = list(appointment.people.all())
        women = sum(person.gender == Gender.FEMALE for person in people)
        rows.append({"appointment": appointment, "people": people, "women": women})
    return rows
