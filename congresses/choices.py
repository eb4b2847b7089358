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


class CongressOccasion(models.TextChoices):
    """Why a congress is held (issue 15, item 6): the term's regular congress, and the others
    an organization may hold in the same term. The wave counts each occasion apart."""

    # Translators: đại hội nhiệm kỳ, the congress of the term
    REGULAR = "regular", _("Term congress")
    # Translators: đại hội chi bộ giữa nhiệm kỳ (R-WV-10: cells hold two congresses a term)
    MID_TERM = "mid_term", _("Mid-term cell congress")
    # Translators: đại hội sau hợp nhất (R-OR-06, R-WV-13)
    MERGER = "merger", _("Congress after a merger")
    # Translators: đại hội bất thường
    EXTRAORDINARY = "extraordinary", _("Extraordinary congress")


# The occasions an organization holds at most once in a term (the extraordinary may repeat).
ONCE_A_TERM = (CongressOccasion.REGULAR, CongressOccasion.MID_TERM, CongressOccasion.MERGER)
