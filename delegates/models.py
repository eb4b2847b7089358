"""The delegates of a delegate congress (docs/domain-rules.md, A7: R-EL-32, R-WV-05).

A `DelegatePlan` is the convening committee's decision on how many delegates the congress has
(within the term's cap) and how they are selected: ex officio (the outgoing committee),
appointed (merged or new units, 2025), and elected by the organizations directly below, whose
seats and alternates are the plan's `DelegateQuota` rows.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from delegates.choices import DelegateStatus, ExclusionReason, HowSelected, PlanStatus
from organizations.models import InOrganization


class DelegatePlan(InOrganization):
    """How many delegates a delegate congress has and who selects them. The organization is the
    convening one (the congress's)."""

    congress = models.OneToOneField(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="delegate_plan",
        verbose_name=_("congress"),
    )
    total = models.PositiveIntegerField(_("official delegates"))
    ex_officio = models.PositiveIntegerField(_("ex officio delegates"), default=0)
    appointed = models.PositiveIntegerField(_("appointed delegates"), default=0)
    alternates = models.PositiveIntegerField(_("alternate delegates"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    decision_body = models.CharField(_("deciding body"), max_length=255, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("delegate plan")
        verbose_name_plural = _("delegate plans")

    def __str__(self):
        return str(self.congress)

    @property
    def elected(self):
        """Seats the organizations below elect: the total less ex officio and appointed."""
        return self.total - self.ex_officio - self.appointed


class DelegateQuota(models.Model):
    """The seats and alternates one organization directly below elects to the congress."""

    plan = models.ForeignKey(
        DelegatePlan, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("plan")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="delegate_quotas",
        verbose_name=_("organization"),
    )
    official_members = models.PositiveIntegerField(_("official party members"))
    proposed_seats = models.PositiveIntegerField(_("proposed seats"))
    seats = models.PositiveIntegerField(_("seats"))
    alternates = models.PositiveIntegerField(_("alternates"), default=0)
    extra_reason = models.CharField(_("reason for a change"), max_length=255, blank=True)

    class Meta:
        ordering = ["plan", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "organization"], name="one_quota_per_plan")
        ]
        verbose_name = _("delegate quota")
        verbose_name_plural = _("delegate quotas")

    def __str__(self):
        return f"{self.organization}: {self.seats}"


class RollExclusion(InOrganization):
    """An official member of a member congress's organization left out of the base D, with the
    reason R-EL-20 names. The organization is the congress's (scope); the member stands in its
    subtree."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="roll_exclusions",
        verbose_name=_("congress"),
    )
    member = models.ForeignKey(
        "organizations.Member",
        on_delete=models.CASCADE,
        related_name="roll_exclusions",
        verbose_name=_("member"),
    )
    reason = models.CharField(_("reason"), max_length=30, choices=ExclusionReason.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["congress", "member"], name="one_exclusion_per_member")
        ]
        verbose_name = _("exclusion from the base")
        verbose_name_plural = _("exclusions from the base")

    def __str__(self):
        return f"{self.member} · {self.get_reason_display()}"


class Delegate(InOrganization):
    """One person on a delegate congress's roll of delegates, how they were selected and where
    they stand (R-EL-30..34). The organization is the congress's (scope); `represents` is the
    organization whose delegation the person belongs to: the one below that elected them, the
    merged or new unit they were appointed for, or the congress's own (ex officio)."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="delegates",
        verbose_name=_("congress"),
    )
    member = models.ForeignKey(
        "organizations.Member",
        on_delete=models.PROTECT,
        related_name="delegacies",
        verbose_name=_("member"),
    )
    represents = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("delegation of"),
    )
    how_selected = models.CharField(_("how selected"), max_length=20, choices=HowSelected.choices)
    # The alternates of one organization are called in this order (their votes, R-EL-33).
    alternate_order = models.PositiveSmallIntegerField(
        _("alternate's order"), null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DelegateStatus.choices, default=DelegateStatus.CONVENED
    )
    # The round that elected the delegate at the lower congress, with the votes.
    election_round = models.ForeignKey(
        "personnel.ElectionRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("election round"),
    )
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    # The absent delegate this alternate replaced.
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    decision = models.CharField(_("decision"), max_length=255, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["congress", "represents__path", "how_selected", "alternate_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "member"], name="one_delegacy_per_member")
        ]
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")

    def __str__(self):
        return f"{self.member} · {self.get_how_selected_display()}"
