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
    # Translators: 3 nội dung (Chỉ thị 45-CT/TW): review and plan, comments on higher
    # documents, elect delegates; the committee is appointed
    THREE = "three", pgettext_lazy("congress content", "Three contents (committee appointed)")
    # Translators: 2 nội dung, for merged units whose committee is appointed
    TWO = "two", pgettext_lazy("congress content", "Two contents (committee appointed)")


class DocumentKind(models.TextChoices):
    """The kind of a party document, as its name is written before its number."""

    # Translators: Quy định (e.g. Quy định 190-QĐ/TW)
    REGULATION = "regulation", pgettext_lazy("party document", "Regulation")
    # Translators: Chỉ thị
    DIRECTIVE = "directive", pgettext_lazy("party document", "Directive")
    # Translators: Hướng dẫn
    GUIDANCE = "guidance", pgettext_lazy("party document", "Guidance")
    # Translators: Kết luận
    CONCLUSION = "conclusion", pgettext_lazy("party document", "Conclusion")
    # Translators: Điều lệ Đảng (e.g. "Điều lệ Đảng 2011": the kind, then the year as symbol)
    CHARTER = "charter", pgettext_lazy("party document", "Party Charter")


class DocumentRole(models.TextChoices):
    """What a document does in a term's rule pack."""

    ELECTION_REGULATION = "election_regulation", _("Election regulation")
    ELECTION_GUIDANCE = "election_guidance", _("Guidance on the election regulation")
    WAVE_DIRECTIVE = "wave_directive", _("Directive on the congress wave")
    WAVE_GUIDANCE = "wave_guidance", _("Guidance on the congress wave")
    CLASSIFICATION = "classification", _("Quality classification")
    OTHER = "other", _("Other")


class RuleStatus(models.TextChoices):
    """How sure the rule book is of a rule (docs/domain-rules.md: [C], [I], [U])."""

    CONFIRMED = "confirmed", _("Confirmed")
    # Translators: a rule deduced, to check with the client before enforcing it
    INFERRED = "inferred", _("Inferred — to verify")
    UNRESOLVED = "unresolved", _("Unresolved — a person decides")


class RuleSection(models.TextChoices):
    """The sections of the rule book (docs/domain-rules.md) a rule pack groups its rules by."""

    ELECTION_LIST = "A3", _("A3. Candidate list and slate size")
    ELECTION_RESULT = "A5", _("A5. Who is elected")
    ELECTION_PROCEDURE = "A6", _("A6. Other congress-procedure rules")
    DELEGATES = "A7", _("A7. Delegates and the session")
    WAVE = "B", _("B. Congress wave guidance")
    CLASSIFICATION = "C", _("C. Quality classification")
    COMMENDATION = "D", _("D. Commendations")


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
