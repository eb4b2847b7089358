"""Reads of the congress day: whom a congress convenes (through delegates.selectors.convened),
their cards, and the live attendance the presidium watches (R-EL-28, R-EL-31)."""

from fractions import Fraction

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import pgettext

from congress_day.choices import VoteSubject
from congress_day.models import CheckInEvent, DelegateCard, Vote
from congress_day.tokens import token_for
from congresses.choices import HELD_STAGES
from delegates.selectors import convened
from organizations.models import Organization


def is_closed(congress):
    """A congress whose stage records it as held is closed: no more check-ins."""
    return congress.stage in HELD_STAGES


def dated_records(congress):
    """The votes and check-ins of `congress`, first and last day (local time for check-ins;
    registered with congresses.hooks in CongressDayConfig.ready(): the session's dates must
    keep them within). Two queries."""
    from congresses.hooks import DatedRecords

    records = []
    votes = Vote.objects.filter(congress=congress).aggregate(
        first=Min("voted_on"), last=Max("voted_on")
    )
    if votes["first"] is not None:
        records.append(
            DatedRecords(pgettext("dated records", "votes"), votes["first"], votes["last"])
        )
    check_ins = CheckInEvent.objects.filter(card__congress=congress).aggregate(
        first=Min("at"), last=Max("at")
    )
    if check_ins["first"] is not None:
        records.append(
            DatedRecords(
                pgettext("dated records", "check-ins"),
                timezone.localdate(check_ins["first"]),
                timezone.localdate(check_ins["last"]),
            )
        )
    return records


def quorum_share():
    """The share of convened members who must attend (R-EL-31, unverified: a setting)."""
    return Fraction(settings.CONGRESS_QUORUM)


def card_counts(congress):
    """{"cards": cards issued, "missing": convened members without a card}: two queries."""
    members = convened(congress)
    return {
        "cards": DelegateCard.objects.filter(congress=congress).count(),
        "missing": members.exclude(
            pk__in=DelegateCard.objects.filter(congress=congress).values("member_id")
        ).count(),
    }


def attendance(congress):
    """The live attendance of `congress`: per organization directly below its own (and the
    members directly in it), official and probationary members convened and present (kept
    apart, R-EL-28), with totals and the quorum of R-EL-31 counted on the official members
    (those who vote and make up the base D, R-EL-20). Present means holding a card marked
    present. Three queries, whatever the number of members or devices."""
    organization = congress.organization
    children = list(
        Organization.objects.children_of(organization)
        .filter(valid_to__isnull=True)
        .order_by("path")
    )
    branch = Substr("org_path", 1, len(organization.path) + Organization.STEP)
    official = Q(official_on_day=True)
    present_cards = DelegateCard.objects.filter(congress=congress, present=True).values("member_id")
    counts = (
        convened(congress)
        .annotate(branch=branch)
        .values("branch")
        .annotate(
            official=Count("pk", filter=official),
            probationary=Count("pk", filter=~official),
            official_present=Count("pk", filter=official & Q(pk__in=present_cards)),
            probationary_present=Count("pk", filter=~official & Q(pk__in=present_cards)),
        )
        .order_by()
    )
    by_branch = {row["branch"]: row for row in counts}
    empty = {"official": 0, "probationary": 0, "official_present": 0, "probationary_present": 0}
    rows = []
    if organization.path in by_branch:
        rows.append({"organization": organization, **by_branch[organization.path]})
    rows += [
        {"organization": child, **by_branch.get(child.path, empty)}
        for child in children
        if child.path in by_branch
    ]
    for row in rows:
        row["convened"] = row["official"] + row["probationary"]
        row["present"] = row["official_present"] + row["probationary_present"]
        row["share"] = _share(row["official_present"], row["official"])
    totals = {key: sum(row[key] for row in rows) for key in (*empty, "convened", "present")}
    totals["share"] = _share(totals["official_present"], totals["official"])
    quorum = quorum_share()
    return {
        "rows": rows,
        "totals": totals,
        "quorum": quorum,
        "quorum_percent": round(float(quorum) * 100, 1),
        "quorum_met": bool(totals["official"])
        and Fraction(totals["official_present"], totals["official"]) >= quorum,
    }


def _share(part, whole):
    return round(100 * part / whole, 1) if whole else None


def cards_for_sheet(congress):
    """[(card, token, group)] of every card of `congress` by number, for the printed sheet: the
    group is the organization directly below the congress's (its delegation), or the congress's
    own for members directly in it. Two queries."""
    organization = congress.organization
    groups = {
        child.path: child
        for child in Organization.objects.children_of(organization).order_by("path")
    }
    cards = (
        DelegateCard.objects.filter(congress=congress)
        .select_related("member", "organization")
        .order_by("number")
    )
    width = len(organization.path) + Organization.STEP
    return [
        (card, token_for(card), groups.get(card.org_path[:width], organization)) for card in cards
    ]


def present_member_ids(congress):
    """The ids of the members checked in and not gone at `congress`, or None when no card was
    issued (attendance is not recorded there). Registered with delegates.hooks in
    CongressDayConfig.ready(), for the credentials report. One query."""
    from congress_day.models import DelegateCard

    cards = list(DelegateCard.objects.filter(congress=congress).values_list("member_id", "present"))
    if not cards:
        return None
    return {member_id for member_id, present in cards if present}


def adoption_rule():
    """The share of those present that a vote's agreeing must exceed to be adopted (the
    setting CONGRESS_ADOPTION_RULE, inferred: more than half by default)."""
    return Fraction(settings.CONGRESS_ADOPTION_RULE)


def is_adopted(agree, present, rule=None):
    """Whether `agree` votes of `present` adopt a motion: more than `rule` of those present."""
    rule = adoption_rule() if rule is None else rule
    return present > 0 and Fraction(agree, present) > rule


def present_count(congress):
    """The number checked in and not gone at `congress`, or None when no card was issued (the
    number present is then typed with each vote). One query."""
    present = present_member_ids(congress)
    return None if present is None else len(present)


def votes(congress):
    """The votes of `congress` in the order taken, with who recorded them. One query."""
    return Vote.objects.filter(congress=congress).select_related("recorded_by", "ballot")


def decision_of(vote):
    """A vote as personnel reads a decision on a list (personnel.hooks.slate_decision): dated
    the day the congress voted."""
    return {
        "agree": vote.agree,
        "disagree": vote.disagree,
        "abstain": vote.abstain,
        "present": vote.present,
        "day": vote.voted_on,
        "adopted": vote.adopted,
    }


def slate_decision(ballot, on=None):
    """The congress's latest vote on `ballot`'s list (R-EL-07/08/10), as decision_of gives
    it, or None; with `on`, the latest dated on or before that day (a round's date: a decision
    comes before the round it allows). One query."""
    found = Vote.objects.filter(ballot=ballot, subject=VoteSubject.LISTS)
    if on is not None:
        found = found.filter(voted_on__lte=on)
    vote = found.order_by("-voted_on", "-recorded_at", "-pk").first()
    return decision_of(vote) if vote is not None else None


def slate_decisions(congress, *, on=None):
    """{ballot pk: decision_of(its latest vote on the list)} of `congress`; with `on`, {ballot
    pk: the latest dated on or before `on(ballot pk)`} (the day a list's decision must come
    by: its first round's, else the report's date), as slate_decision gives it for one
    ballot. One query."""
    found = {}
    for vote in Vote.objects.filter(
        congress=congress, subject=VoteSubject.LISTS, ballot__isnull=False
    ).order_by("voted_on", "recorded_at", "pk"):
        if on is not None and vote.voted_on > on(vote.ballot_id):
            continue
        found[vote.ballot_id] = decision_of(vote)
    return found


def agenda(congress):
    """The programme of `congress`: [(session label, [items in order])], preparatory session
    first, each item with its document. One query."""
    from congress_day.choices import Session
    from congress_day.models import AgendaItem

    items = list(
        AgendaItem.objects.filter(congress=congress).select_related("document").order_by("position")
    )
    return [
        (session.label, [item for item in items if item.session == session])
        for session in (Session.PREPARATORY, Session.OFFICIAL)
        if any(item.session == session for item in items)
    ]


def programme_vote(congress):
    """The latest vote of `congress` on its programme, or None. One query."""
    from congress_day.choices import VoteSubject

    return (
        votes(congress)
        .filter(subject=VoteSubject.PROGRAMME)
        .order_by("-voted_on", "-recorded_at", "-pk")
        .first()
    )


def bodies(congress):
    """The bodies of `congress`: for each (the credentials committee at a delegate congress
    only), its members and the latest vote on it, then the counting committee kept by personnel
    (R-EL-05). Three queries."""
    from congress_day.choices import Body, VoteSubject
    from congress_day.models import BodyMember
    from congresses.choices import CongressKind

    seats = list(
        BodyMember.objects.filter(congress=congress).select_related("member__organization")
    )
    body_votes = {}
    for vote in (
        votes(congress).filter(subject=VoteSubject.BODY).order_by("voted_on", "recorded_at", "pk")
    ):
        body_votes[vote.body] = vote  # the latest wins
    kinds = [Body.PRESIDIUM, Body.SECRETARIAT]
    if congress.kind == CongressKind.DELEGATE:
        kinds.append(Body.CREDENTIALS)
    return {
        "elected": [
            {
                "body": body,
                "label": body.label,
                "seats": [seat for seat in seats if seat.body == body],
                "vote": body_votes.get(body.value),
            }
            for body in kinds
        ],
        "counting": list(congress.counting_members.all()),
    }


def body_head(congress, body):
    """The first member recorded of `congress`'s `body` (a congress_day.choices.Body): the one
    who signs for it, the presidium's chair or the credentials committee's head [I: the first
    recorded, as the presidium's; the body's page lists its head first]; None before the
    congress day records the body. One query."""
    from congress_day.models import BodyMember

    seat = BodyMember.objects.filter(congress=congress, body=body).select_related("member").first()
    return seat.member if seat else None


def find_convened(congress, text, limit=20):
    """Members `congress` convenes whose name contains `text` (the name picker). One query."""
    text = (text or "").strip()
    if not text:
        return []
    return list(
        convened(congress)
        .filter(full_name__icontains=text)
        .select_related("organization")
        .order_by("full_name", "pk")[:limit]
    )


def resolutions(congress):
    """The resolutions recorded at `congress`: the adopting votes with their document and its
    follow-up tasks. Two queries."""
    return list(
        votes(congress)
        .filter(document__isnull=False)
        .select_related("document")
        .prefetch_related("document__follow_up_tasks")
    )
