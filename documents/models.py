import posixpath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.choices import DocumentKind, TaskKind, TaskStatus
from documents.querysets import (
    CongressDocumentQuerySet,
    DocumentVersionQuerySet,
    FollowUpTaskQuerySet,
    InDocumentQuerySet,
)
from documents.selectors import discussion_summary
from organizations.models import InOrganization
from organizations.querysets import PathScopedQuerySet


class DirectiveDocument(InOrganization):
    """A directive (văn bản chỉ đạo) issued by a committee for a term, e.g. "15-HD/QU"."""

    # InOrganization's field with this model's label and reverse name (no migration).
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="directives",
        verbose_name=_("issuing committee"),
    )
    term = models.ForeignKey(
        "congresses.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    number = models.CharField(_("number and symbol"), max_length=60, help_text="15-HD/QU")
    issued_on = models.DateField(_("issued on"))
    title = models.CharField(_("title"), max_length=500)
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    file = models.FileField(_("file"), upload_to="directives/", max_length=255, blank=True)
    # Accent-free lower-case "number title" (core.text.search_key).
    search_key = models.CharField(max_length=600, editable=False)
    created_by = models.ForeignKey(
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
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "term", "number"], name="unique_directive_number"
            )
        ]
        indexes = [models.Index(fields=["org_path", "issued_on"], name="directive_subtree")]
        verbose_name = _("directive document")
        verbose_name_plural = _("directive documents")

    def __str__(self):
        return f"{self.number} · {self.title}"

    @property
    def file_name(self):
        return posixpath.basename(self.file.name) if self.file else ""


class CongressDocument(InOrganization):
    """A document of one congress (political report, review report...), with its versions,
    discussion rounds and the approval by the committee above."""

    congress = models.ForeignKey(
        "congresses.Congress",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("congress"),
    )
    # The congress's organization and its path (InOrganization), copied so that
    # sync_path_copies keeps them; the reverse name is kept (no migration).
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="congress_documents",
        verbose_name=_("organization"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=500)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_number = models.CharField(_("approval decision number"), max_length=60, blank=True)
    approval_body = models.CharField(_("approving body"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CongressDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["congress", "kind", "id"]
        indexes = [models.Index(fields=["org_path"], name="congress_document_subtree")]
        verbose_name = _("congress document")
        verbose_name_plural = _("congress documents")

    def __str__(self):
        return self.title

    @property
    def discussion_summary(self):
        """From the counts annotated by `with_discussion_counts()`."""
        return discussion_summary(self.round_count, self.comment_count)


class DocumentVersion(models.Model):
    """One draft of a congress document: an uploaded PDF/DOCX or pasted text."""

    document = models.ForeignKey(
        CongressDocument,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("document"),
    )
    number = models.PositiveIntegerField(_("version number"), editable=False)
    file = models.FileField(_("file"), upload_to="congress-documents/", max_length=255, blank=True)
    text = models.TextField(_("text"), blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_version_number"),
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(text=""), name="version_has_file_or_text"
            ),
        ]
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")

    def __str__(self):
        return f"{self.document} · v{self.number}"

    @property
    def file_name(self):
        return posixpath.basename(self.file.name) if self.file else ""


class DiscussionRound(models.Model):
    """One round of comments on a draft (lấy ý kiến góp ý)."""

    document = models.ForeignKey(
        CongressDocument,
        on_delete=models.CASCADE,
        related_name="rounds",
        verbose_name=_("document"),
    )
    number = models.PositiveSmallIntegerField(_("round"), editable=False)
    held_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)

    objects = InDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_round_number")
        ]
        verbose_name = _("discussion round")
        verbose_name_plural = _("discussion rounds")

    def __str__(self):
        return f"{self.document} · {self.number}"


class Comment(models.Model):
    """A comment received in a round; `accepted` is None until decided."""

    round = models.ForeignKey(
        DiscussionRound,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("discussion round"),
    )
    author = models.CharField(_("comment from"), max_length=255)
    content = models.TextField(_("content"))
    accepted = models.BooleanField(_("accepted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["round", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.author}: {self.content[:60]}"


class FollowUpTask(InOrganization):
    """Work after a congress: regulations, programs, assignments of the standing committee."""

    # InOrganization's field with its reverse name kept (no migration).
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="follow_up_tasks",
        verbose_name=_("organization"),
    )
    term = models.ForeignKey(
        "congresses.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=TaskKind.choices)
    title = models.CharField(_("title"), max_length=500)
    owner = models.CharField(_("responsible"), max_length=255)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.TODO
    )
    done_on = models.DateField(_("completed on"), null=True, blank=True)
    # The day the task moved to in progress (core.asof: its status on a date before it was
    # "to do"); empty for a task to do, and where the record does not say (tasks entered
    # before it was kept, a task entered already completed): shown as unknown.
    started_on = models.DateField(_("started on"), null=True, blank=True)
    # The day the task was set (core.asof: counted on a date when created on or before it).
    created_on = models.DateField(_("created on"), default=timezone.localdate)
    # The congress document (the resolution) that set this task, if any.
    document = models.ForeignKey(
        CongressDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up_tasks",
        verbose_name=_("document"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = FollowUpTaskQuerySet.as_manager()

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["org_path", "status", "deadline"], name="follow_up_subtree")
        ]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def __str__(self):
        return self.title

    @property
    def status_on_label(self):
        """The label of `status_on` (annotated by `with_status_on`), else of the status."""
        return TaskStatus(getattr(self, "status_on", self.status)).label

    @property
    def is_overdue(self):
        return self.status != TaskStatus.DONE and self.deadline < timezone.localdate()
