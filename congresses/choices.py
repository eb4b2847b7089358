from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Stage(models.TextChoices):
    """A congress's stages, in order; a congress moves one stage at a time."""

    PLANNED = "planned", _("Planned")
    PREPARING = "preparing", _("Preparing")
    DOCUMENTS_APPROVED = "documents_approved", _("Documents approved")
    PERSONNEL_APPROVED = "personnel_approved", _("Personnel approved")
    HELD = "held", _("Held")
    # Translators: the higher committee's approval (chuẩn y) of the election results
    RESULTS_APPROVED = "results_approved", _("Results approved")


STAGE_ORDER = list(Stage)
HELD_STAGES = frozenset({Stage.HELD, Stage.RESULTS_APPROVED})


class CongressKind(models.TextChoices):
    # Translators: đại hội đảng viên
    ALL_MEMBER = "all_member", _("All-member congress")
    # Translators: đại hội đại biểu
    DELEGATE = "delegate", _("Delegate congress")


class CongressContent(models.TextChoices):
    # Translators: 4 nội dung: review and plan, comments on higher documents, elect the
    # committee, elect delegates
    FOUR = "four", pgettext_lazy("congress content", "Four contents")
    # Translators: 2 nội dung, for merged units whose committee is appointed
    TWO = "two", pgettext_lazy("congress content", "Two contents (committee appointed)")
