"""Quality classification, commendations and emulation campaigns (docs/domain-rules.md, C and D).

Every row keeps a copy of its organization's path (`org_path`, kept by
organizations.services.sync_path_copies), so scope checks and summaries over a subtree are one
range on an index.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.text import data_name
from organizations.models import InOrganization
from organizations.querysets import PathScopedQuerySet
from recognition.choices import (
    CommendationForm,
    CommendationStatus,
    Level,
    PeriodKind,
    Reason,
    RecipientKind,
    Step,
    WorkStatus,
)
from recognition.querysets import CampaignWorkQuerySet


class Period(models.Model):
    """A classification period and the regulation that governs it (R-CL-03: data)."""

    kind = models.CharField(_("kind"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    term = models.ForeignKey(
        "congresses.Term", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("term")
    )
    regulation = models.CharField(_("regulation"), max_length=120, blank=True)
    # The English names of the data fields, for the English reports (as the organization
    # kinds' `name_en`; empty: the Vietnamese name is printed).
    regulation_en = models.CharField(_("regulation in English"), max_length=120, blank=True)
    # R-CL-02: from 366-QĐ/TW (2025) ratings are scored on 100 points.
    uses_points = models.BooleanField(_("scored on 100 points"), default=False)
    # R-CL-07: "Trong sạch, vững mạnh tiêu biểu", worded differently by some provinces.
    exemplary_label = models.CharField(
        _("exemplary title"), max_length=120, default="Trong sạch, vững mạnh tiêu biểu"
    )
    exemplary_label_en = models.CharField(
        _("exemplary title in English"),
        max_length=120,
        blank=True,
        default="Exemplary clean and strong",
        help_text=_("Change it with the exemplary title when a province words that differently."),
    )

    class Meta:
        ordering = ["-year", "kind", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(kind="year"), name="one_period_per_year"
            ),
            models.UniqueConstraint(
                fields=["year", "quarter"],
                condition=models.Q(kind="quarter"),
                name="one_period_per_quarter",
            ),
            models.UniqueConstraint(
                fields=["term"], condition=models.Q(kind="term"), name="one_period_per_term"
            ),
        ]
        verbose_name = _("classification period")
        verbose_name_plural = _("classification periods")

    def __str__(self):
        if self.kind == PeriodKind.QUARTER:
            return f"Q{self.quarter}/{self.year}"
        if self.kind == PeriodKind.TERM and self.term_id:
            return str(self.term)
        return str(self.year)

    @property
    def regulation_name(self):
        """The regulation's name in the active language (its English name in English)."""
        return data_name(self.regulation, self.regulation_en)

    @property
    def exemplary_title(self):
        """The exemplary title in the active language (its English name in English)."""
        return data_name(self.exemplary_label, self.exemplary_label_en)


class Rating(InOrganization):
    """One organization's or one member's classification in a period."""

    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("period")
    )
    # The rated organization, or the member's organization for a member's rating.
    member = models.ForeignKey(
        "organizations.Member",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name=_("member"),
    )
    self_level = models.CharField(
        _("self-assessment"), max_length=10, choices=Level.choices, blank=True
    )
    proposed_level = models.CharField(
        _("proposed level"), max_length=10, choices=Level.choices, blank=True
    )
    level = models.CharField(_("decided level"), max_length=10, choices=Level.choices, blank=True)
    is_exemplary = models.BooleanField(_("exemplary"), default=False)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.SELF)
    decision_body = models.CharField(_("deciding body"), max_length=255, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PathScopedQuerySet.as_manager()

    class Meta:
        ordering = ["period", "org_path", "member", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "organization"],
                condition=models.Q(member__isnull=True),
                name="one_organization_rating_per_period",
            ),
            models.UniqueConstraint(
                fields=["period", "member"],
                condition=models.Q(member__isnull=False),
                name="one_member_rating_per_period",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "org_path", "level"], name="rating_subtree"),
            # The organization cap counts of a subtree (selectors.organization_cap_warnings) off
            # this index alone: without it PostgreSQL walked every organization rating of every
            # period through the member index (13-20 ms for a district, issue 15).
            models.Index(
                fields=[
                    "period",
                    "org_path",
                    "organization",
                    "self_level",
                    "proposed_level",
                    "level",
                    "decision_date",
                    "id",
                ],
                condition=models.Q(member__isnull=True),
                name="rating_org_subtree",
            ),
        ]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self):
        subject = self.member.full_name if self.member_id else self.organization.name
        return f"{subject} · {self.period}"


# R-AW-01: the membership years for which a party badge is awarded.
BADGE_YEARS = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)


class AwardAuthority(models.Model):
    """R-AW-01/02 as data: which kind of committee may grant which form to whom, under which
    regulation and from when to when."""

    regulation = models.CharField(_("regulation"), max_length=120)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    granting_kind = models.ForeignKey(
        "organizations.OrganizationKind",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("granting kind"),
    )
    form = models.CharField(_("form"), max_length=20, choices=CommendationForm.choices)
    recipient_kind = models.CharField(_("recipient"), max_length=20, choices=RecipientKind.choices)

    class Meta:
        ordering = ["regulation", "granting_kind__level", "form", "recipient_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulation", "granting_kind", "form", "recipient_kind"],
                name="unique_authority",
            )
        ]
        verbose_name = _("commendation authority")
        verbose_name_plural = _("commendation authorities")

    def __str__(self):
        form, recipient = self.get_form_display(), self.get_recipient_kind_display()
        return f"{self.granting_kind} → {form} ({recipient})"


class Commendation(InOrganization):
    """A commendation granted by a committee of the tree to a collective or an individual."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granting committee"),
    )
    form = models.CharField(_("form"), max_length=20, choices=CommendationForm.choices)
    badge_years = models.PositiveSmallIntegerField(_("badge years"), null=True, blank=True)
    recipient_kind = models.CharField(_("recipient"), max_length=20, choices=RecipientKind.choices)
    recipient_organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name=_("organization commended"),
    )
    recipient_member = models.ForeignKey(
        "organizations.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name=_("member commended"),
    )
    recipient_name = models.CharField(_("recipient name"), max_length=255)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    reason_detail = models.CharField(_("achievement"), max_length=500, blank=True)
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("period")
    )
    campaign = models.ForeignKey(
        "recognition.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name=_("emulation campaign"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommendationStatus.choices,
        default=CommendationStatus.PROPOSED,
    )
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    # The day it was proposed: a decision is never dated before it (services).
    proposed_on = models.DateField(_("proposed on"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PathScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "decision_number", "recipient_name", "id"]
        indexes = [models.Index(fields=["org_path", "status", "form"], name="commendation_subtree")]
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")

    def __str__(self):
        return f"{self.get_form_display()}: {self.recipient_name}"


class Campaign(InOrganization):
    """An emulation campaign (đợt thi đua), e.g. the 200 days welcoming the congresses."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organizer"),
    )
    name = models.CharField(_("name"), max_length=255)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    goal = models.TextField(_("goal"), blank=True)

    objects = PathScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("emulation campaign")
        verbose_name_plural = _("emulation campaigns")

    def __str__(self):
        return self.name


class CampaignWork(InOrganization):
    """A work (công trình) an organization registers in a campaign, and how it went."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="works", verbose_name=_("campaign")
    )
    title = models.CharField(_("work"), max_length=255)
    registered_on = models.DateField(_("registered on"))
    status = models.CharField(
        _("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.REGISTERED
    )
    progress = models.PositiveSmallIntegerField(_("completion (%)"), default=0)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CampaignWorkQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "org_path", "title", "id"]
        indexes = [models.Index(fields=["campaign", "org_path"], name="work_subtree")]
        verbose_name = _("registered work")
        verbose_name_plural = _("registered works")

    def __str__(self):
        return self.title

    @property
    def status_on_label(self):
        """The label of `status_on` (annotated by `with_status_on`), else of the status."""
        return WorkStatus(getattr(self, "status_on", self.status)).label
