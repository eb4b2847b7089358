from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.jobs import Job, status_field
from organizations.models import InOrganization
from reports.choices import FileFormat, JobStatus, ReportKind
from reports.querysets import ReportJobQuerySet


class ReportJob(Job):
    """One requested PDF: the row is the truth about the job, whatever Celery does.

    The worker claims the row with a conditional UPDATE (queued, or running with an expired
    lease, and attempts left), so a duplicate delivery does nothing and a job whose worker died
    is re-queued by the sweeper until it ends done or failed after REPORT_MAX_ATTEMPTS.
    """

    FILE_DIRECTORY = "reports/"

    kind = models.CharField(_("kind"), max_length=40, choices=ReportKind.choices)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="report_jobs",
        verbose_name=_("organization"),
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    file_format = models.CharField(
        _("format"), max_length=8, choices=FileFormat.choices, default=FileFormat.PDF
    )
    # SHA-256 of the data the report shows: an identical request over unchanged data reuses the
    # file of a finished job with the same fingerprint instead of rendering again.
    fingerprint = models.CharField(_("data fingerprint"), max_length=64, blank=True)
    status = status_field(JobStatus)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    # A second file some kinds make: the congress file's zip of the original uploads.
    bundle = models.FileField(_("attached files"), upload_to="reports/", blank=True)
    # What the worker is rendering, for a kind made of several parts ("3/8 · Political report").
    progress = models.CharField(_("progress"), max_length=200, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta(Job.Meta):
        indexes = [
            models.Index(fields=["status", "lease_expires_at"], name="report_job_sweep"),
            models.Index(fields=["kind", "organization", "fingerprint"], name="report_job_reuse"),
            # A user's requests of the last minute (services.request_report's limit).
            models.Index(fields=["requested_by", "created_at"], name="report_job_by_user"),
        ]
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.organization} · {self.get_status_display()}"

    @property
    def as_of(self):
        """The date the report is true for: its `as_of` parameter, else the day requested."""
        from core.asof import parse_as_of

        return parse_as_of(
            self.parameters.get("as_of"), default=timezone.localtime(self.created_at).date()
        )

    @property
    def language_name(self):
        return {"vi": "Tiếng Việt", "en": "English"}.get(self.language, self.language)

    @property
    def filename(self):
        # In local time, as the list shows the request.
        stamp = f"{timezone.localtime(self.created_at):%Y%m%d-%H%M}"
        return f"{self.kind}-{self.organization.code}-{stamp}.{self.file_format}"


class QuickReport(InOrganization):
    """The staff's part of a congress's quick report (báo cáo nhanh, R-RP-02): the issues to
    report to the higher committee, and when and by whom it was sent up. The figures of the
    report are read from the congress's records when it is rendered (kind `quick-report`)."""

    congress = models.OneToOneField(
        "congresses.Congress",
        on_delete=models.CASCADE,
        related_name="quick_report",
        verbose_name=_("congress"),
    )
    issues = models.TextField(_("issues to report"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("quick report")
        verbose_name_plural = _("quick reports")

    def __str__(self):
        return str(self.congress)


class SummaryNarrative(InOrganization):
    """The staff's text of an organization's congress summary (báo cáo tổng kết) of a term:
    the assessment, strengths, shortcomings and their causes, lessons and proposals, printed
    between the tables of the summary (kind `congress-summary`). Each line is a paragraph;
    {held}-style placeholders are filled with the summary's own figures when it is rendered
    (reports.narratives.FIGURES). Saved with a compare-and-set on `version` and an audit row
    holding the text before and after (reports.narratives.save_narrative)."""

    term = models.ForeignKey(
        "congresses.Term", on_delete=models.PROTECT, related_name="+", verbose_name=_("term")
    )
    assessment = models.TextField(_("general assessment"), blank=True)
    strengths = models.TextField(_("strengths"), blank=True)
    shortcomings = models.TextField(_("shortcomings and their causes"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    proposals = models.TextField(_("recommendations and proposals"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "term"], name="one_summary_narrative_per_term"
            )
        ]
        verbose_name = _("summary text")
        verbose_name_plural = _("summary texts")

    def __str__(self):
        return f"{self.organization} · {self.term}"
