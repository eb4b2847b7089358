from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """R-CL-01: exactly one of four levels."""

    EXCELLENT = "excellent", _("Excellently completed tasks")
    GOOD = "good", _("Well completed tasks")
    COMPLETE = "complete", _("Completed tasks")
    FAILED = "failed", _("Did not complete tasks")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    TERM = "term", _("Term")


class Step(models.TextChoices):
    """R-CL-04: self-assessment → proposal → decision by the competent body."""

    SELF = "self", _("Self-assessment")
    PROPOSED = "proposed", _("Proposal")
    DECIDED = "decided", _("Decision")


class CommendationForm(models.TextChoices):
    PRAISE = "praise", _("Praise")
    CERTIFICATE = "certificate", _("Certificate of merit")
    MERIT = "merit", _("Diploma of merit")
    FLAG = "flag", _("Emulation flag")
    BADGE = "badge", _("Party membership badge")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class Reason(models.TextChoices):
    CONGRESS = "congress", _("Congress work")
    CLASSIFICATION = "classification", _("Classification")
    STREAK = "streak", _("Consecutive years")
    EMULATION = "emulation", _("Emulation campaign")
    OTHER = "other", _("Other achievement")


class CommendationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")


class WorkStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")
