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
