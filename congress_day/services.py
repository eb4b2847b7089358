"""Writes of the congress day: delegate cards and check-in (R-EL-28, R-EL-31).

Every function owns its transaction; refusals are ValidationError with a translated message,
and nothing is written. Two desks scanning one card at once record one arrival: the card row is
locked (select_for_update), the presence changes by a conditional UPDATE, and each event takes
the card's next step number, unique per card in the database.
"""

import dataclasses
import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from congress_day import programme, selectors, tokens
from congress_day.choices import AgendaKind, Body, Movement, PresentSource, VoteSubject
from congress_day.models import AgendaItem, BodyMember, CheckInEvent, DelegateCard, Vote
from congresses.choices import HELD_STAGES, CongressKind, Stage
from congresses.models import Congress
from core.audit import record_audit
from core.editing import versioned_update
from delegates.selectors import convened
from documents.choices import DocumentKind, TaskKind
from documents.models import CongressDocument

MAX_NUMBER_DIGITS = 6


@dataclasses.dataclass(frozen=True)
class Answer:
    """What the desk shows after a scan: the card, what happened (`movement`, or None when the
    delegate was already in the hall) and when."""

    card: DelegateCard
    movement: str | None
    at: datetime.datetime

    @property
    def already(self):
        return self.movement is None

    @property
    def local_time(self):
        return formats.time_format(timezone.localtime(self.at), "H:i")


@transaction.atomic
def issue_cards(*, congress, actor):
    """A card for every member `congress` convenes who has none yet, numbered on from the
    highest number in the member list's order, each with a new secret. Returns the number of
    cards issued; one audit row. Refused once the congress has closed."""
    if selectors.is_closed(congress):
        raise ValidationError(_("The congress has closed: no more cards are issued."))
    Congress.objects.select_for_update().filter(pk=congress.pk).first()
    existing = DelegateCard.objects.filter(congress=congress)
    start = existing.aggregate(highest=Max("number"))["highest"] or 0
    members = convened(congress).exclude(pk__in=existing.values("member_id"))
    cards = [
        DelegateCard(
            congress=congress,
            member=member,
            organization_id=member.organization_id,
            org_path=member.org_path,
            number=start + index,
            secret=tokens.new_secret(),
        )
        for index, member in enumerate(members.only("pk", "organization_id", "org_path"), 1)
    ]
    DelegateCard.objects.bulk_create(cards, batch_size=1000)
    if cards:
        record_audit(
            actor=actor,
            action="congress_day.cards_issued",
            target=congress,
            data={"cards": len(cards), "first": start + 1, "last": start + len(cards)},
            organization_path=congress.org_path,
        )
    return len(cards)


def find_card(*, congress, entry):
    """The card of `congress` that `entry` names: a delegate number typed in, or a token read
    from the QR code. Refused (ValidationError): nothing entered, an unknown number, a token of
    another congress, a forged token. One query."""
    entry = (entry or "").strip()
    if not entry:
        raise ValidationError(_("Scan a delegate card or type its number."))
    if entry.isdigit():
        card = None
        if len(entry) <= MAX_NUMBER_DIGITS:
            card = (
                DelegateCard.objects.filter(congress=congress, number=int(entry))
                .select_related("member")
                .first()
            )
        if card is None:
            raise ValidationError(
                _("No delegate card of this congress has the number %(number)s.")
                % {"number": entry[:MAX_NUMBER_DIGITS]}
            )
        return card
    secret = tokens.secret_of(entry)
    card = (
        DelegateCard.objects.filter(secret=secret).select_related("member").first()
        if secret
        else None
    )
    if card is None or not tokens.verifies(entry, card.congress_id):
        raise ValidationError(_("This is not a valid delegate card: it was not issued here."))
    if card.congress_id != congress.pk:
        raise ValidationError(_("This card belongs to another congress: it is not valid here."))
    return card


def _refuse_unless_open_and_convened(congress, card):
    if selectors.is_closed(congress):
        raise ValidationError(_("The congress has closed: check-in is over."))
    if not convened(congress).filter(pk=card.member_id).exists():
        raise ValidationError(
            _("%(name)s is not convened to this congress.") % {"name": card.member.full_name}
        )


def _move(card, *, movement, actor, device, now):
    """Record `movement` on the locked `card` if its presence allows it; the Answer. A desk that
    loses the race to another (the conditional UPDATE changes no row, or the step number is
    taken) answers as if it had come second."""
    locked = DelegateCard.objects.select_for_update().get(pk=card.pk)
    arriving = movement == Movement.ARRIVE
    if locked.present == arriving:
        return Answer(locked, None, locked.present_since or now)
    changed = DelegateCard.objects.filter(
        pk=card.pk, present=not arriving, events=locked.events
    ).update(present=arriving, present_since=now if arriving else None, events=F("events") + 1)
    if not changed:
        locked.refresh_from_db()
        return Answer(locked, None, locked.present_since or now)
    try:
        with transaction.atomic():
            CheckInEvent.objects.create(
                card=card,
                seq=locked.events + 1,
                movement=movement,
                at=now,
                checked_by=actor,
                device=(device or "")[:60],
            )
    except IntegrityError:
        transaction.set_rollback(True)
        return Answer(locked, None, locked.present_since or now)
    locked.present = arriving
    locked.present_since = now if arriving else None
    locked.events += 1
    return Answer(locked, movement, now)


@transaction.atomic
def check_in(*, congress, entry, actor, device="", now=None):
    """Check in the delegate whose card `entry` names (number or token). An Answer: arrived now,
    or already in the hall since a time (nothing written). Refused: see find_card, a congress
    that has closed, a member no longer convened."""
    card = find_card(congress=congress, entry=entry)
    _refuse_unless_open_and_convened(congress, card)
    return _move(
        card, movement=Movement.ARRIVE, actor=actor, device=device, now=now or timezone.now()
    )


@transaction.atomic
def check_out(*, congress, card, actor, device="", now=None):
    """Record that the delegate of `card` left the hall. Refused: a card of another congress, a
    congress that has closed, a delegate not in the hall."""
    if card.congress_id != congress.pk:
        raise ValidationError(_("This card belongs to another congress: it is not valid here."))
    _refuse_unless_open_and_convened(congress, card)
    answer = _move(
        card, movement=Movement.LEAVE, actor=actor, device=device, now=now or timezone.now()
    )
    if answer.already:
        raise ValidationError(_("%(name)s is not checked in.") % {"name": card.member.full_name})
    return answer


@transaction.atomic
def record_vote(
    *,
    congress,
    subject,
    title,
    agree,
    disagree,
    abstain,
    present=None,
    actor,
    body="",
    ballot=None,
    voted_on=None,
    now=None,
):
    """Record a vote of `congress`: the counts, the number present (from the check-in when
    cards were issued, else `present` as typed) and the result by the adoption rule (the
    setting CONGRESS_ADOPTION_RULE). One audit row. Refused (ValidationError, nothing
    written): a date outside the congress's session (vote_date; a held congress takes the
    votes of its paper minutes, dated within it), a negative count, no number present where
    the check-in does not give it, more votes than present, an election of another congress.
    `ballot` is kept for a vote on the lists only: the list voted on
    (personnel.hooks.slate_decision). `voted_on` is the day the congress voted (vote_date's
    default when None); `now` (default: the present time) is when the vote was typed."""
    voted_on = vote_date(congress, voted_on, today=timezone.localdate(now) if now else None)
    if subject == VoteSubject.BODY and not body:
        raise ValidationError({"body": _("Choose the body this vote elects.")})
    if (
        subject == VoteSubject.BODY
        and not BodyMember.objects.filter(congress=congress, body=body).exists()
    ):
        raise ValidationError({"body": _("Choose this body's members before the vote.")})
    body = body if subject == VoteSubject.BODY else ""
    ballot = ballot if subject == VoteSubject.LISTS else None
    if ballot is not None and ballot.congress_id != congress.pk:
        raise ValidationError({"ballot": _("Choose an election of this congress.")})
    counts = {"agree": agree, "disagree": disagree, "abstain": abstain}
    for field, value in counts.items():
        if value is None or value < 0:
            raise ValidationError({field: _("A count of votes is a whole number, zero or more.")})
    Congress.objects.select_for_update().filter(pk=congress.pk).first()
    counted = selectors.present_count(congress)
    if counted is not None:
        present, source = counted, PresentSource.CHECK_IN
    elif present is None or present < 0:
        raise ValidationError(
            {"present": _("Type the number present: no delegate card was issued here.")}
        )
    else:
        source = PresentSource.TYPED
    total = agree + disagree + abstain
    if total > present:
        raise ValidationError(
            _(
                "Agree, disagree and abstain add up to %(total)s, more than the %(present)s "
                "present: nothing was recorded."
            )
            % {"total": total, "present": present}
        )
    rule = selectors.adoption_rule()
    vote = Vote.objects.create(
        congress=congress,
        organization_id=congress.organization_id,
        org_path=congress.org_path,
        subject=subject,
        title=title,
        body=body,
        ballot=ballot,
        present=present,
        present_source=source,
        adopted=selectors.is_adopted(agree, present, rule),
        rule=str(rule),
        recorded_by=actor,
        recorded_at=now or timezone.now(),
        voted_on=voted_on,
        **counts,
    )
    record_audit(
        actor=actor,
        action="congress_day.vote_recorded",
        target=vote,
        data={
            "congress": congress.pk,
            "subject": subject,
            "title": title,
            "body": body,
            "ballot": ballot.pk if ballot else None,
            "voted_on": voted_on,
            **counts,
            "present": present,
            "present_source": source,
            "adopted": vote.adopted,
            "rule": vote.rule,
        },
        organization_path=congress.org_path,
    )
    return vote


def default_vote_date(congress, today=None):
    """The date a vote form proposes: today while the congress is in session, the closing date
    of a held congress (its paper minutes), else None."""
    if congress.stage in HELD_STAGES:
        return congress.ended_on
    return today or timezone.localdate()


def vote_date(congress, voted_on=None, *, today=None):
    """The date of a vote on `congress`: `voted_on`, else default_vote_date. Issue 15, item 2:
    a vote only on a congress in session (its personnel approved and its opening date
    entered) or held, dated within it (from its opening to its closing date, else to today)
    and not in the future: the definition of a round's date (personnel round_date).
    ValidationError naming `voted_on` otherwise."""
    today = today or timezone.localdate()
    in_session = congress.stage == Stage.PERSONNEL_APPROVED and congress.started_on
    if not (in_session or congress.stage in HELD_STAGES):
        raise ValidationError(
            {
                "voted_on": _(
                    "A vote can be recorded only once the congress has opened (its personnel "
                    "approved and its opening date entered) or been held; this congress is at "
                    "the stage “%(stage)s”."
                )
                % {"stage": Stage(congress.stage).label}
            }
        )
    day = voted_on or default_vote_date(congress, today)
    if day > today:
        raise ValidationError({"voted_on": _("The date of the vote cannot be in the future.")})
    first, last = congress.started_on, congress.ended_on
    if (first and day < first) or (last and day > last):
        raise ValidationError(
            {
                "voted_on": _(
                    "The date of the vote (%(day)s) must lie within the congress, from "
                    "%(first)s to %(last)s."
                )
                % {
                    "day": day.strftime("%d/%m/%Y"),
                    "first": first.strftime("%d/%m/%Y") if first else "…",
                    "last": last.strftime("%d/%m/%Y") if last else "…",
                }
            }
        )
    return day


def _refuse_if_closed(congress):
    if selectors.is_closed(congress):
        raise ValidationError(_("The congress has closed: its programme is no longer changed."))


@transaction.atomic
def create_programme(*, congress, actor):
    """The default programme of `congress` from the template of its kind (R-EL-35,
    congress_day.programme), the political and review reports linked to the congress's
    documents of those kinds. Returns the number of items; one audit row. Refused: a congress
    that has closed, a programme already made."""
    _refuse_if_closed(congress)
    Congress.objects.select_for_update().filter(pk=congress.pk).first()
    if AgendaItem.objects.filter(congress=congress).exists():
        raise ValidationError(_("This congress has a programme already."))
    documents = {}
    for document in CongressDocument.objects.filter(
        congress=congress, kind__in=programme.DOCUMENT_OF.values()
    ).order_by("pk"):
        documents.setdefault(document.kind, document)
    positions = {}
    items = []
    for session, kind in programme.default_agenda(congress.kind):
        positions[session] = positions.get(session, 0) + 1
        items.append(
            AgendaItem(
                congress=congress,
                organization_id=congress.organization_id,
                org_path=congress.org_path,
                session=session,
                position=positions[session],
                kind=kind,
                title=str(AgendaKind(kind).label)[:1].upper() + str(AgendaKind(kind).label)[1:],
                document=documents.get(programme.DOCUMENT_OF.get(kind)),
            )
        )
    AgendaItem.objects.bulk_create(items)
    record_audit(
        actor=actor,
        action="congress_day.programme_created",
        target=congress,
        data={"items": len(items), "kind": congress.kind},
        organization_path=congress.org_path,
    )
    return len(items)


def update_agenda_item(*, item, version, title, starts_at, speaker, document, actor):
    """Change an item's title, time, speaker and document (one of the congress's own), by
    compare-and-set on `version`; audited. Refused: a closed congress, a document of another
    congress, an edit made meanwhile by someone else (StaleEditError)."""
    _refuse_if_closed(item.congress)
    if document is not None and document.congress_id != item.congress_id:
        raise ValidationError({"document": _("Choose a document of this congress.")})
    return versioned_update(
        instance=item,
        changes={
            "title": title,
            "starts_at": starts_at,
            "speaker": speaker,
            "document_id": document.pk if document else None,
        },
        expected_version=version,
        actor=actor,
        action="congress_day.agenda_item_changed",
        stale_message=_("Someone else changed this item meanwhile: reload it and try again."),
        organization_path=item.org_path,
    )


@transaction.atomic
def move_agenda_item(*, item, up, actor):
    """Swap `item` with its neighbour above (`up`) or below in its session; audited. Nothing
    happens at either end. Refused: a closed congress."""
    _refuse_if_closed(item.congress)
    Congress.objects.select_for_update().filter(pk=item.congress_id).first()
    item = AgendaItem.objects.get(pk=item.pk)
    siblings = AgendaItem.objects.filter(congress_id=item.congress_id, session=item.session)
    neighbour = (
        siblings.filter(position__lt=item.position).order_by("-position")
        if up
        else siblings.filter(position__gt=item.position).order_by("position")
    ).first()
    if neighbour is None:
        return False
    mine, theirs = item.position, neighbour.position
    AgendaItem.objects.filter(pk=item.pk).update(position=0)
    AgendaItem.objects.filter(pk=neighbour.pk).update(position=mine, version=F("version") + 1)
    AgendaItem.objects.filter(pk=item.pk).update(position=theirs, version=F("version") + 1)
    record_audit(
        actor=actor,
        action="congress_day.agenda_item_moved",
        target=item,
        data={"from": mine, "to": theirs, "session": item.session},
        organization_path=item.org_path,
    )
    return True


def _body_elected(congress, body):
    return Vote.objects.filter(congress=congress, subject=VoteSubject.BODY, body=body, adopted=True)


@transaction.atomic
def add_body_member(*, congress, body, member, actor):
    """Put a member `congress` convenes on one of its bodies, before the vote electing it;
    audited. Refused: a closed congress, a member not convened, one already on that body, a
    body already elected, a credentials committee at an all-member congress (R-EL-34)."""
    _refuse_if_closed(congress)
    if body == Body.CREDENTIALS and congress.kind != CongressKind.DELEGATE:
        raise ValidationError(
            {"body": _("Only a delegate congress elects a credentials committee.")}
        )
    if _body_elected(congress, body).exists():
        raise ValidationError(
            _("The %(body)s has been elected: its members no longer change.")
            % {"body": Body(body).label}
        )
    if not convened(congress).filter(pk=member.pk).exists():
        raise ValidationError(
            {"member": _("%(name)s is not convened to this congress.") % {"name": member.full_name}}
        )
    Congress.objects.select_for_update().filter(pk=congress.pk).first()
    if BodyMember.objects.filter(congress=congress, body=body, member=member).exists():
        raise ValidationError(
            _("%(name)s is on the %(body)s already.")
            % {"name": member.full_name, "body": Body(body).label}
        )
    seat = BodyMember.objects.create(
        congress=congress,
        organization_id=congress.organization_id,
        org_path=congress.org_path,
        body=body,
        member=member,
    )
    record_audit(
        actor=actor,
        action="congress_day.body_member_added",
        target=seat,
        data={"body": body, "member": member.pk, "name": member.full_name},
        organization_path=congress.org_path,
    )
    return seat


@transaction.atomic
def remove_body_member(*, seat, actor):
    """Take a member off a body not yet elected; audited."""
    congress = seat.congress
    _refuse_if_closed(congress)
    if _body_elected(congress, seat.body).exists():
        raise ValidationError(
            _("The %(body)s has been elected: its members no longer change.")
            % {"body": seat.get_body_display()}
        )
    record_audit(
        actor=actor,
        action="congress_day.body_member_removed",
        target=seat,
        data={"body": seat.body, "member": seat.member_id},
        organization_path=congress.org_path,
    )
    seat.delete()


@dataclasses.dataclass(frozen=True)
class ResolutionTask:
    """A task the resolution sets: what, who is responsible, by when."""

    title: str
    owner: str
    deadline: datetime.date


@transaction.atomic
def record_resolution(*, vote, title, text, tasks=(), actor):
    """The congress resolution adopted by `vote`: a congress document of kind resolution with
    the adopted text as its version, linked to the vote, and each of `tasks` a follow-up task
    of the congress's organization and term linked to that document. Audited (by documents'
    services). Refused, nothing written: a vote not on the resolution, one not adopted, one
    whose resolution is recorded already, no text, a task without title, owner or deadline."""
    from documents import services as documents

    locked = Vote.objects.select_for_update().select_related("congress").get(pk=vote.pk)
    if locked.subject != VoteSubject.RESOLUTION:
        raise ValidationError(_("Choose a vote on the resolution."))
    if not locked.adopted:
        raise ValidationError(_("This vote did not adopt the resolution."))
    if locked.document_id is not None:
        raise ValidationError(_("The resolution of this vote is recorded already."))
    if not (text or "").strip():
        raise ValidationError({"text": _("Paste the adopted text of the resolution.")})
    for task in tasks:
        if not (task.title.strip() and task.owner.strip() and task.deadline):
            raise ValidationError(
                {"tasks": _("Every task needs what is to be done, who does it and by when.")}
            )
    congress = locked.congress
    document = documents.create_document(
        congress=congress, actor=actor, kind=DocumentKind.RESOLUTION, title=title
    )
    documents.add_version(document=document, actor=actor, text=text, note=locked.title)
    Vote.objects.filter(pk=locked.pk).update(document=document)
    for task in tasks:
        documents.create_follow_up(
            organization=congress.organization,
            term=congress.term,
            actor=actor,
            kind=TaskKind.RESOLUTION_TASK,
            title=task.title,
            owner=task.owner,
            deadline=task.deadline,
            document=document,
        )
    return document
