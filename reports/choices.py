from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Rendering")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReportKind(models.TextChoices):
    # Translators: a one-page report that proves the rendering pipeline works
    TEST = "test", _("Test report")
    CONGRESS_SUMMARY = "congress-summary", _("Congress summary")
    CONGRESS_DOSSIER = "congress-dossier", _("Congress dossier")
    CLASSIFICATION_SUMMARY = "classification-summary", _("Classification summary")
    COMMENDATIONS = "commendations", _("Commendation list")
    WORKING_GROUP = "working-group", _("Working group progress")
    # Translators: Báo cáo thẩm tra tư cách đại biểu
    CREDENTIALS_REPORT = "credentials-report", _("Credentials report")
    # Translators: the results of a wave's congresses rolled up over a subtree (R-RP-02)
    RESULTS_ROLLUP = "results-rollup", _("Results roll-up")
    DELEGATE_CARDS = "delegate-cards", _("Delegate cards")
    # Translators: báo cáo nhanh kết quả đại hội
    QUICK_REPORT = "quick-report", _("Quick report")
    # Translators: chương trình đại hội
    CONGRESS_PROGRAMME = "congress-programme", _("Congress programme")
    # Translators: hồ sơ đại hội (R-RP-01, Hướng dẫn 62-HD/VPTW)
    CONGRESS_FILE = "congress-file", _("Congress file")


class FileFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel"
