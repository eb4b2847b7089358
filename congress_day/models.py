"""The congress day (docs/domain-rules.md, A6–A7): the check-in and the votes.

A `DelegateCard` is issued to each member a congress convenes (delegates.selectors.convened):
its number ("the delegate's number", typed at the desk) and a random secret, from which the QR
code's token is signed for that congress alone (congress_day.tokens). The card row also holds
the delegate's current presence; every arrival and departure is a `CheckInEvent`, numbered per
card (`seq`, unique) so that two desks scanning one card at once cannot both record it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from congress_day.choices import AgendaKind, Body, Movement, PresentSource, Session, VoteSubject
from organizations.models import InOrganization


class DelegateCard(InOrganization):
    """A convened member's card for one congress. The organization is the member's own (the
    attendance panel groups by it); the congress's organization scopes the pages."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="delegate_cards",
        verbose_name=_("congress"),
    )
    member = models.ForeignKey(
        "organizations.Member",
        on_delete=models.CASCADE,
        related_name="delegate_cards",
        verbose_name=_("member"),
    )
    number = models.PositiveIntegerField(_("delegate number"))
    secret = models.CharField(max_length=32, unique=True, editable=False)
    present = models.BooleanField(_("present"), default=False)
    present_since = models.DateTimeField(_("present since"), null=True, blank=True)
    events = models.PositiveIntegerField(default=0, editable=False)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        ordering = ["congress", "number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "member"], name="one_card_per_member"),
            models.UniqueConstraint(fields=["congress", "number"], name="one_card_per_number"),
            models.CheckConstraint(
                condition=Q(present=False) | Q(present_since__isnull=False),
                name="present_has_a_time",
            ),
        ]
        indexes = [models.Index(fields=["congress", "present"], name="card_presence")]
        verbose_name = _("delegate card")
        verbose_name_plural = _("delegate cards")

    def __str__(self):
        return f"{self.number} · {self.member}"


class CheckInEvent(models.Model):
    """One arrival or departure at the desk: when, who checked, on which device."""

    card = models.ForeignKey(
        DelegateCard, on_delete=models.CASCADE, related_name="movements", verbose_name=_("card")
    )
    seq = models.PositiveIntegerField(editable=False)
    movement = models.CharField(_("movement"), max_length=10, choices=Movement.choices)
    at = models.DateTimeField(_("time"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    device = models.CharField(_("device"), max_length=60, blank=True)

    class Meta:
        ordering = ["card", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["card", "seq"], name="one_event_per_step"),
        ]
        verbose_name = _("check-in event")
        verbose_name_plural = _("check-in events")

    def __str__(self):
        return f"{self.card} · {self.get_movement_display()} · {self.at:%H:%M}"


class Vote(InOrganization):
    """One vote of a congress, recorded after the show of hands. The organization is the
    congress's own (the scope of its pages). `present` is the number in the hall at the time:
    from the check-in when cards were issued, else typed; `adopted` is fixed by the adoption
    rule in force when the vote was recorded, kept in `rule`."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=_("congress"),
    )
    subject = models.CharField(_("subject"), max_length=20, choices=VoteSubject.choices)
    title = models.CharField(_("title"), max_length=200)
    # The body elected, for a vote on a body's members.
    body = models.CharField(_("body"), max_length=20, choices=Body.choices, blank=True)
    # The resolution's document, for an adopted vote on the resolution (congress_day.services
    # .record_resolution).
    document = models.OneToOneField(
        "documents.CongressDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adopting_vote",
        verbose_name=_("document"),
    )
    # The election whose list was voted on, for a vote on the lists: adopted, it is the
    # congress's decision on a list that breaks the slate-size rules (R-EL-07/08/10), printed
    # on the minutes of the list's first round (personnel.hooks.slate_decision).
    ballot = models.ForeignKey(
        "personnel.Ballot",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="congress_votes",
        verbose_name=_("election"),
    )
    agree = models.PositiveIntegerField(_("agree"))
    disagree = models.PositiveIntegerField(_("disagree"))
    abstain = models.PositiveIntegerField(_("abstain"))
    present = models.PositiveIntegerField(_("present"))
    present_source = models.CharField(
        _("number present"), max_length=10, choices=PresentSource.choices
    )
    adopted = models.BooleanField(_("adopted"))
    rule = models.CharField(_("adoption rule"), max_length=20)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"))
    # The day the congress voted (not the day it was typed: paper minutes of a held congress
    # are entered afterwards), within the congress's session (services.vote_date).
    voted_on = models.DateField(_("date of the vote"))
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["congress", "voted_on", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    present__gte=models.F("agree") + models.F("disagree") + models.F("abstain")
                ),
                name="vote_not_more_than_present",
            ),
        ]
        verbose_name = _("vote")
        verbose_name_plural = _("congress votes")

    def __str__(self):
        return f"{self.title} · {self.agree}/{self.present}"


class AgendaItem(InOrganization):
    """One item of a congress's programme: its session and place in it, what it is, the time,
    the speaker and the document presented. The organization is the congress's own."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("congress"),
    )
    session = models.CharField(_("session"), max_length=20, choices=Session.choices)
    position = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("item"), max_length=30, choices=AgendaKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    speaker = models.CharField(_("speaker"), max_length=200, blank=True)
    document = models.ForeignKey(
        "documents.CongressDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["congress", "-session", "position"]  # "preparatory" before "official"
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "session", "position"], name="one_agenda_item_per_place"
            ),
        ]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class BodyMember(InOrganization):
    """A member of one of a congress's bodies (presidium, secretariat, credentials committee),
    chosen from those the congress convenes; the body is elected by a Vote (subject "body").
    The organization is the congress's own."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="body_members",
        verbose_name=_("congress"),
    )
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    member = models.ForeignKey(
        "organizations.Member",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("member"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["congress", "body", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "body", "member"], name="one_seat_per_body_member"
            ),
        ]
        verbose_name = _("member of a congress body")
        verbose_name_plural = _("members of congress bodies")

    def __str__(self):
        return f"{self.get_body_display()} · {self.member}"
