"""Personnel of a congress: the committee plan, candidates, ballots, rounds and complaints.

Candidates, rounds and complaints keep a copy of their congress organization's path
(`org_path`), kept by organizations.services.sync_path_copies, so scope is one range.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organizations.choices import Gender
from organizations.models import InOrganization
from organizations.querysets import PathScopedQuerySet
from personnel.choices import BallotKind, ComplaintSource, Nomination
from personnel.querysets import InCongressQuerySet, RoundVoteQuerySet


class CommitteePlan(models.Model):
    """How many the congress elects to the committee and its standing committee."""

    congress = models.OneToOneField(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="committee_plan",
        verbose_name=_("congress"),
    )
    committee_seats = models.PositiveSmallIntegerField(_("committee seats"))
    standing_seats = models.PositiveSmallIntegerField(
        _("standing committee seats"), null=True, blank=True
    )
    # The seeds' "228 committee members, 170 of them re-elected" is a plan figure.
    planned_reelected = models.PositiveSmallIntegerField(
        _("outgoing members planned for re-election"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InCongressQuerySet.as_manager()

    class Meta:
        verbose_name = _("committee plan")
        verbose_name_plural = _("committee plans")

    def __str__(self):
        return str(self.congress)


class CongressPerson(InOrganization):
    """A person named at a congress (a candidate, a member of the counting committee): the
    congress's organization and its path, the member the person was copied from, if any, and
    the name. Abstract: the fields are the subclasses' columns, as before."""

    member = models.ForeignKey(
        "organizations.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("member"),
    )
    full_name = models.CharField(_("full name"), max_length=255)

    objects = PathScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.full_name


class Candidate(CongressPerson):
    """A person on a congress's lists; the personal data are copied from the member, if any."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="candidates",
        verbose_name=_("congress"),
    )
    # CongressPerson's field with this model's reverse name.
    member = models.ForeignKey(
        "organizations.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidacies",
        verbose_name=_("member"),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=60, default="Kinh")
    education = models.CharField(_("education"), max_length=255, blank=True)
    is_incumbent = models.BooleanField(_("member of the outgoing committee"), default=False)
    # R-RP-02 counts the secretaries "not from the locality"; unknown until the staff say.
    is_local = models.BooleanField(_("from the locality"), null=True, blank=True)
    nomination = models.CharField(
        _("nominated by"), max_length=10, choices=Nomination.choices, default=Nomination.PLAN
    )
    # R-EL-11: a self- or floor nominee is added only with the agreement of more than 30 % of
    # those attending; both figures are kept as the congress recorded them.
    nomination_agreed = models.PositiveIntegerField(
        _("attendees agreeing to add the nominee"), null=True, blank=True
    )
    nomination_present = models.PositiveIntegerField(
        _("attendees present at that vote"), null=True, blank=True
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PathScopedQuerySet.as_manager()

    class Meta:
        ordering = ["congress", "full_name", "id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self):
        return self.full_name


class Ballot(models.Model):
    """One election at a congress (the committee, the secretary...) and its list."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="ballots",
        verbose_name=_("congress"),
    )
    kind = models.CharField(_("election"), max_length=30, choices=BallotKind.choices)
    seats = models.PositiveSmallIntegerField(_("seats"))
    # A secretary is elected by the new committee at its first meeting (R-EL-27), or, as a
    # pilot, directly by the congress (R-WV-09); R-RP-02 counts the latter.
    direct = models.BooleanField(_("elected directly by the congress"), default=False)
    candidates = models.ManyToManyField(
        Candidate, related_name="ballots", blank=True, verbose_name=_("candidates")
    )

    objects = InCongressQuerySet.as_manager()

    class Meta:
        ordering = ["congress", "id"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.congress}"


class ElectionRound(InOrganization):
    """One round of voting on a ballot: the base D with its components, the counts, the result."""

    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("election")
    )
    number = models.PositiveSmallIntegerField(_("round"))
    # The day the round was voted, within the congress (services.record_round): figures on a
    # date count the rounds voted on or before it (core.asof).
    held_on = models.DateField(_("date of the round"))
    # Rules R-EL-20/21: D = convened − the exclusions; stored with its components.
    convened = models.PositiveIntegerField(_("convened"))
    excluded_absent_with_reason = models.PositiveIntegerField(
        _("absent for the whole congress with an accepted reason"), default=0
    )
    excluded_suspended = models.PositiveIntegerField(
        _("suspended, prosecuted or detained"), default=0
    )
    excluded_other = models.PositiveIntegerField(_("other exclusions"), default=0)
    base = models.PositiveIntegerField(_("base D"), editable=False)
    # Why D was entered differently from the member roll's count (R-EL-20), printed on the minutes.
    base_note = models.CharField(_("why D differs from the roll"), max_length=255, blank=True)
    # The number the counting committee gave its minutes (biên bản kiểm phiếu), printed on
    # them; optional: many congresses number only the resolution.
    minutes_number = models.CharField(_("minutes number"), max_length=60, blank=True)
    # Raised by each correction of the minutes number (services.set_minutes_number).
    version = models.PositiveIntegerField(default=1, editable=False)
    ballots_issued = models.PositiveIntegerField(_("ballots issued"))
    ballots_returned = models.PositiveIntegerField(_("ballots returned"))
    ballots_valid = models.PositiveIntegerField(_("valid ballots"))
    ballots_invalid = models.PositiveIntegerField(_("invalid ballots"))
    elected = models.JSONField(_("elected"), default=list, editable=False)
    tied = models.JSONField(_("tied"), default=list, editable=False)
    tie_seats = models.PositiveSmallIntegerField(_("seats in the tie"), default=0, editable=False)
    unfilled = models.PositiveSmallIntegerField(_("seats unfilled"), default=0, editable=False)
    # False only for a re-vote among tied candidates counted without the >½ D threshold (R-EL-23,
    # the term's R-EL-23 `tie_revote_majority`, else the setting ELECTION_TIE_REVOTE_MAJORITY,
    # when it was recorded); printed on the minutes.
    majority_required = models.BooleanField(
        _("more than half of D required"), default=True, editable=False
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PathScopedQuerySet.as_manager()

    class Meta:
        ordering = ["ballot", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "number"], name="one_round_number")
        ]
        # The results roll-up reads a subtree's rounds voted by a date (R-RP-02).
        indexes = [models.Index(fields=["org_path", "held_on"], name="round_subtree")]
        verbose_name = _("election round")
        verbose_name_plural = _("election rounds")

    def __str__(self):
        return f"{self.ballot} · {self.number}"


class RoundVote(models.Model):
    round = models.ForeignKey(
        ElectionRound, on_delete=models.CASCADE, related_name="votes", verbose_name=_("round")
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="votes", verbose_name=_("candidate")
    )
    votes = models.PositiveIntegerField(_("votes"))
    # Set from count_round's result, so elected bodies roll up over a subtree in one query.
    is_elected = models.BooleanField(_("elected"), default=False)

    objects = RoundVoteQuerySet.as_manager()

    class Meta:
        ordering = ["round", "-votes", "candidate"]
        constraints = [models.UniqueConstraint(fields=["round", "candidate"], name="one_vote_row")]
        verbose_name = _("votes")
        verbose_name_plural = _("votes")

    def __str__(self):
        return f"{self.candidate}: {self.votes}"


class Complaint(InOrganization):
    """A complaint or denunciation about a candidate and how it was handled."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="complaints", verbose_name=_("candidate")
    )
    received_on = models.DateField(_("received on"))
    source = models.CharField(_("source"), max_length=10, choices=ComplaintSource.choices)
    summary = models.TextField(_("summary"))
    handling = models.TextField(_("handling"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    is_resolved = models.BooleanField(_("resolved"), default=False)

    objects = PathScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")

    def __str__(self):
        return f"{self.candidate} · {self.received_on}"


KEY_POSTS = (BallotKind.SECRETARY, BallotKind.DEPUTY_SECRETARY, BallotKind.INSPECTION_CHAIR)


class KeyPostNomination(InOrganization):
    """A key post's nominee approved in advance by the committee above (nhân sự chủ chốt)."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="key_posts",
        verbose_name=_("congress"),
    )
    post = models.CharField(
        _("post"),
        max_length=30,
        choices=[(post.value, post.label) for post in KEY_POSTS],
    )
    candidate = models.ForeignKey(
        Candidate, on_delete=models.PROTECT, related_name="key_posts", verbose_name=_("nominee")
    )
    approving_body = models.CharField(_("approving body"), max_length=255)
    approval_number = models.CharField(_("approval decision number"), max_length=60)
    approval_date = models.DateField(_("approval date"))

    class Meta:
        ordering = ["congress", "post", "id"]
        verbose_name = _("key post nomination")
        verbose_name_plural = _("key post nominations")

    def __str__(self):
        return f"{self.get_post_display()}: {self.candidate}"


class CountingMember(CongressPerson):
    """A member of a congress's counting committee (ban kiểm phiếu), who may stand in none of
    its elections (R-EL-05)."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="counting_members",
        verbose_name=_("congress"),
    )
    is_head = models.BooleanField(_("head of the counting committee"), default=False)
    # The account with which this member enters tallies (personnel.tally): set on the
    # counting-committee page, audited. Without it the member cannot enter a tally.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="counting_seats",
        verbose_name=_("account"),
    )

    objects = PathScopedQuerySet.as_manager()

    class Meta:
        ordering = ["congress", "-is_head", "full_name", "id"]
        verbose_name = _("counting committee member")
        verbose_name_plural = _("counting committee members")

    def __str__(self):
        return self.full_name


class AppendOnlyError(Exception):
    """A logged tally entry was to be changed or deleted: the count log is append-only."""


class TallyEntryQuerySet(InCongressQuerySet):
    """Tally entries, scoped by their congress's path copy; never updated nor deleted."""

    def update(self, **kwargs):
        raise AppendOnlyError("the count log is append-only: an entry cannot be updated")

    def delete(self):
        raise AppendOnlyError("the count log is append-only: an entry cannot be deleted")


class TallyEntry(models.Model):
    """One counter's entry of one round's tally (R-EL-37): a link of the congress's
    append-only, hash-chained count log (personnel.tally). `payload` is the canonical JSON
    that was hashed; `hash` = SHA-256 over `prev_hash`, the entry's metadata and `payload`."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.PROTECT,
        related_name="tally_entries",
        verbose_name=_("congress"),
    )
    sequence = models.PositiveIntegerField(_("number in the log"))
    ballot = models.ForeignKey(
        Ballot, on_delete=models.PROTECT, related_name="tally_entries", verbose_name=_("election")
    )
    round_number = models.PositiveSmallIntegerField(_("round"))
    counter = models.ForeignKey(
        CountingMember,
        on_delete=models.PROTECT,
        related_name="tally_entries",
        verbose_name=_("counting committee member"),
    )
    counter_name = models.CharField(_("full name"), max_length=255)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created at"))
    payload = models.TextField(_("tally"))
    prev_hash = models.CharField(_("hash of the previous entry"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = TallyEntryQuerySet.as_manager()

    class Meta:
        ordering = ["congress", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "sequence"], name="one_tally_sequence"),
            models.UniqueConstraint(
                fields=["ballot", "round_number", "counter"], name="one_tally_per_counter"
            ),
        ]
        verbose_name = _("tally entry")
        verbose_name_plural = _("tally entries")

    def __str__(self):
        return f"{self.congress_id} · {self.sequence}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("the count log is append-only: an entry cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the count log is append-only: an entry cannot be deleted")


# R-WV-13: what the higher committee appoints for a merged or new unit's 2-content congress.
APPOINTED_BODIES = (
    BallotKind.COMMITTEE,
    BallotKind.STANDING_COMMITTEE,
    BallotKind.SECRETARY,
    BallotKind.DEPUTY_SECRETARY,
    BallotKind.DELEGATES,
)


class Appointment(models.Model):
    """A body of a congress appointed (chỉ định) by the higher committee instead of elected:
    a merged or newly formed unit's committee, standing committee, secretary or delegates
    (R-WV-13). It has no election rounds: its members are named by the decision."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="appointments",
        verbose_name=_("congress"),
    )
    kind = models.CharField(
        pgettext_lazy("appointment", "body"),
        max_length=30,
        choices=[(body.value, body.label) for body in APPOINTED_BODIES],
    )
    decision_number = models.CharField(_("decision number"), max_length=60)
    decision_date = models.DateField(_("decision date"))
    decided_by = models.CharField(_("appointing body"), max_length=255)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = InCongressQuerySet.as_manager()

    class Meta:
        ordering = ["congress", "kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "kind"], name="one_appointment_per_body")
        ]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.decision_number}"


class AppointedMember(CongressPerson):
    """A person an appointment names, by member or by name, with the data a candidate has."""

    appointment = models.ForeignKey(
        Appointment,
        on_delete=models.CASCADE,
        related_name="people",
        verbose_name=_("appointment"),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("date of birth"))

    objects = PathScopedQuerySet.as_manager()

    class Meta:
        ordering = ["appointment", "full_name", "id"]
        verbose_name = _("appointed member")
        verbose_name_plural = _("appointed members")
