from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congresses.choices import (
    ONCE_A_TERM,
    CongressContent,
    CongressKind,
    CongressOccasion,
    DocumentKind,
    DocumentRole,
    RuleSection,
    RuleStatus,
    Stage,
)
from congresses.querysets import CongressQuerySet, StageTransitionQuerySet, WorkingGroupQuerySet
from core.paths import PathField
from organizations.models import InOrganization


class Term(models.Model):
    """A term (nhiệm kỳ) and its settings. Numbers the centre changes every term are data."""

    name = models.CharField(_("name"), max_length=20, unique=True, help_text="2020–2025")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # Rule R-WV-04: from this many members a grassroots organization holds a delegate congress.
    delegate_congress_threshold = models.PositiveIntegerField(
        _("members from which a delegate congress is held"), default=200
    )
    women_target_percent = models.DecimalField(
        _("women target (%)"), max_digits=5, decimal_places=2, default=15
    )
    youth_target_percent = models.DecimalField(
        _("youth target (%)"), max_digits=5, decimal_places=2, default=10
    )
    youth_age_limit = models.PositiveSmallIntegerField(_("young means under (years)"), default=40)
    ethnic_minority_target_percent = models.DecimalField(
        _("ethnic minority target (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    first_time_service_months = models.PositiveSmallIntegerField(
        _("months of service left, first-time members"), null=True, blank=True
    )
    reelected_service_months = models.PositiveSmallIntegerField(
        _("months of service left, re-elected members"), null=True, blank=True
    )
    directive = models.CharField(_("guiding directive"), max_length=200, blank=True)
    # Rule R-WV-10: cells hold their congress twice a term (a mid-term congress), up to this
    # many months before or after the term's midpoint with the grassroots committee's approval.
    # The term's pack names these two settings in its R-WV-10 (congresses 0010) with the source.
    cell_congresses_per_term = models.PositiveSmallIntegerField(
        _("congresses of a cell per term"), default=2
    )
    mid_term_allowance_months = models.PositiveSmallIntegerField(
        _("mid-term congress: months allowed either side of the midpoint"), default=6
    )

    class Meta:
        ordering = ["-starts_on"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")

    def __str__(self):
        return self.name


class TermLevelRule(models.Model):
    """When the congresses of one level of the tree are held in a term (rules R-WV-02, -11, -12)."""

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="level_rules", verbose_name=_("term")
    )
    level = models.PositiveSmallIntegerField(_("level"))
    label = models.CharField(_("label"), max_length=120)
    window_start = models.DateField(_("window starts"))
    deadline = models.DateField(_("deadline"))
    max_days = models.DecimalField(_("at most (days)"), max_digits=3, decimal_places=1)
    age_reference_date = models.DateField(_("age reference date"), null=True, blank=True)
    delegate_cap = models.PositiveIntegerField(_("at most (delegates)"), null=True, blank=True)

    class Meta:
        ordering = ["term", "-level"]
        constraints = [
            models.UniqueConstraint(fields=["term", "level"], name="one_rule_per_term_level")
        ]
        verbose_name = _("level rule")
        verbose_name_plural = _("level rules")

    def __str__(self):
        return f"{self.term} · {self.label}"


class TermDocument(models.Model):
    """A party document a term's rules come from (its rule pack's sources): the election
    regulation, the directive and guidance on the wave, the classification regulation."""

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="documents", verbose_name=_("term")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    symbol = models.CharField(_("number and symbol"), max_length=40, help_text="190-QĐ/TW")
    title = models.CharField(_("title"), max_length=255)
    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=DocumentRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["term", "order", "symbol"]
        constraints = [
            models.UniqueConstraint(fields=["term", "symbol"], name="one_document_per_term_symbol")
        ]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self):
        return f"{self.get_kind_display()} {self.symbol}"


class TermRule(models.Model):
    """One rule of a term's rule pack (the data version of docs/domain-rules.md B1/B2): which
    rule applies, from which document and article, and with what parameters.

    `parameters` holds only what no other model holds (e.g. the congress contents allowed);
    the term's numbers stay on Term and TermLevelRule, and `term_fields` / `level_fields` name
    the ones the rule uses (congresses.rulepacks resolves them), so a number lives once."""

    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, related_name="rules", verbose_name=_("term")
    )
    rule_id = models.CharField(_("rule"), max_length=20, help_text="R-WV-15")
    section = models.CharField(_("section"), max_length=20, choices=RuleSection.choices)
    statement = models.TextField(_("statement"))
    statement_en = models.TextField(_("statement in English"), blank=True)
    # SET_NULL: a term deleted takes its documents and rules with it (CASCADE on `term`); a
    # document deleted alone leaves its rules without a source, cited by their id alone.
    document = models.ForeignKey(
        TermDocument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("source document"),
    )
    article = models.CharField(_("article or section"), max_length=120, blank=True)
    article_en = models.CharField(_("article or section in English"), max_length=120, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    term_fields = models.JSONField(_("term settings used"), default=list, blank=True)
    level_fields = models.JSONField(_("level rule settings used"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RuleStatus.choices, default=RuleStatus.CONFIRMED
    )
    note = models.TextField(_("note"), blank=True)
    in_force = models.BooleanField(_("in force"), default=True)

    class Meta:
        ordering = ["term", "section", "rule_id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "rule_id"], name="one_rule_entry_per_term")
        ]
        verbose_name = _("rule of the term")
        verbose_name_plural = _("rules of the term")

    def __str__(self):
        return f"{self.term} · {self.rule_id}"


class Congress(InOrganization):
    """One congress of an organization in a term: its regular term congress, or another
    occasion (a cell's mid-term congress, a congress after a merger, an extraordinary one).
    The wave's figures count the regular congresses; the others are counted apart."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="congresses", verbose_name=_("term")
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="congresses",
        verbose_name=_("organization"),
    )
    # InOrganization's org_path, a copy of the organization's path (kept by
    # organizations.services.sync_path_copies): rollups over a subtree are one range here.
    level = models.PositiveSmallIntegerField(_("level"), editable=False)
    ordinal = models.PositiveSmallIntegerField(_("ordinal"))
    kind = models.CharField(_("kind"), max_length=20, choices=CongressKind.choices)
    content = models.CharField(
        _("content"), max_length=10, choices=CongressContent.choices, default=CongressContent.FOUR
    )
    occasion = models.CharField(
        _("occasion"),
        max_length=20,
        choices=CongressOccasion.choices,
        default=CongressOccasion.REGULAR,
    )
    # Why an extraordinary congress is held (required for one; blank for the others).
    occasion_reason = models.TextField(_("reason"), blank=True)
    is_pilot = models.BooleanField(_("pilot congress"), default=False)
    window_start = models.DateField(_("window starts"), null=True, blank=True)
    window_end = models.DateField(_("window ends"), null=True, blank=True)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    started_on = models.DateField(_("opened on"), null=True, blank=True)
    ended_on = models.DateField(_("closed on"), null=True, blank=True)
    convened = models.PositiveIntegerField(
        _("delegates or members convened"), null=True, blank=True
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.PLANNED
    )
    stage_changed_at = models.DateTimeField(_("stage changed at"), null=True, blank=True)
    # The effective date of the move into a held stage (null while not held), kept by
    # services.change_stage: "held on a date" is `held_on <= day` (core.asof).
    held_on = models.DateField(_("held on"), null=True, blank=True, editable=False)
    # Rule R-EL-02: the results take effect once the committee above approves them (chuẩn y).
    approval_number = models.CharField(_("approval decision number"), max_length=60, blank=True)
    approval_date = models.DateField(_("approval date"), null=True, blank=True)
    approval_body = models.CharField(_("approving body"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CongressQuerySet.as_manager()

    class Meta:
        # An organization's congresses of a term one after the other (the ordinal counts up).
        ordering = ["org_path", "ordinal"]
        # At most one regular, one mid-term and one merger congress per organization and term;
        # extraordinary congresses may repeat (issue 15, item 6).
        constraints = [
            models.UniqueConstraint(
                fields=["term", "organization"],
                condition=models.Q(occasion=once.value),
                name=f"one_{once.value}_congress_per_term",
            )
            for once in ONCE_A_TERM
        ]
        indexes = [
            models.Index(fields=["term", "org_path", "stage"], name="congress_subtree"),
            models.Index(fields=["term", "org_path", "held_on"], name="congress_held_on"),
            # The worklist and congress list of a whole city (27,531 congresses a term) count
            # and order their rows off this index alone (index-only scans; issue 15).
            models.Index(
                fields=["term", "org_path", "held_on", "planned_date", "id"],
                name="congress_worklist",
            ),
        ]
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")

    def __str__(self):
        if self.occasion == CongressOccasion.REGULAR:
            return f"{self.organization} · {self.term}"
        return f"{self.organization} · {self.term} · {self.get_occasion_display()}"

    @property
    def is_regular(self):
        return self.occasion == CongressOccasion.REGULAR


class StageTransition(models.Model):
    """Who moved a congress from one stage to another, and when."""

    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("congress")
    )
    from_stage = models.CharField(_("from"), max_length=20, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=20, choices=Stage.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    # The day the stage was reached (not the day it was typed): the stage of a congress on a
    # date is the stage of its last transition effective on or before it.
    effective_on = models.DateField(_("effective on"))
    # The correction that undid this change (services.change_stage moving a congress back:
    # the stage was recorded by mistake). Kept for the audit trail, ignored by the stage on a
    # date (CongressQuerySet.with_stage_on), so the history reads as if it never happened;
    # cleared when the correction itself is undone (stages.undo_stage_change deletes it).
    undone_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="undid",
        verbose_name=_("undone by"),
    )

    objects = StageTransitionQuerySet.as_manager()

    class Meta:
        ordering = ["congress", "effective_on", "at", "id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self):
        return f"{self.congress}: {self.from_stage} → {self.to_stage}"


class WorkingGroup(models.Model):
    """A working group (tổ công tác) led by a standing-committee member; its members may write
    to exactly the organizations assigned to it (their subtrees)."""

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="working_groups", verbose_name=_("term")
    )
    owner = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="working_groups",
        verbose_name=_("set up by"),
    )
    owner_path = PathField(max_length=255, editable=False)
    name = models.CharField(_("name"), max_length=120)
    leader_name = models.CharField(_("leader"), max_length=120, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="working_groups",
        blank=True,
        verbose_name=_("members"),
    )
    organizations = models.ManyToManyField(
        "organizations.Organization",
        related_name="assigned_groups",
        blank=True,
        verbose_name=_("assigned organizations"),
    )

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        ordering = ["term", "owner_path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "owner", "name"], name="unique_group_name")
        ]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.name


class ProgressEntry(models.Model):
    """A working group's report on one congress: stage reached, notes, difficulties."""

    congress = models.ForeignKey(
        Congress, on_delete=models.CASCADE, related_name="progress", verbose_name=_("congress")
    )
    org_path = PathField(max_length=255, editable=False)
    reported_on = models.DateField(_("date"))
    stage_reached = models.CharField(_("stage reached"), max_length=20, choices=Stage.choices)
    note = models.TextField(_("progress"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The token of the form it was sent from (one per rendering): a form sent twice makes one
    # entry (services.record_progress).
    submission_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")

    def __str__(self):
        return f"{self.congress} · {self.reported_on}"


class TrainingSession(InOrganization):
    """A training session on congress work held for one organization (tập huấn)."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("organization"),
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, verbose_name=_("term"))
    held_on = models.DateField(_("date"))
    audience = models.CharField(_("audience"), max_length=255)
    attendance = models.PositiveIntegerField(_("attendance"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self):
        return f"{self.organization} · {self.held_on}"
