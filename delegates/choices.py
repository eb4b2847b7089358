from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # Translators: the convening committee's decision on the delegate allocation
    APPROVED = "approved", _("Approved")


class ExclusionReason(models.TextChoices):
    """Why an official member of a member congress is left out of D (R-EL-20)."""

    # Translators: đảng viên sinh hoạt tạm thời ở tổ chức đảng khác
    TEMPORARY_TRANSFER = "temporary_transfer", _("Placed temporarily in another organization")
    # Translators: đảng viên được miễn công tác và sinh hoạt đảng, vắng mặt
    EXEMPTED_ABSENT = "exempted_absent", _("Exempted from party work and absent")
    # Translators: đảng viên bị đình chỉ sinh hoạt, bị khởi tố, truy tố, tạm giam
    SUSPENDED = "suspended", _("Suspended, prosecuted or detained")
    # Translators: vắng mặt suốt thời gian đại hội có lý do được chấp nhận
    ABSENT_WITH_REASON = (
        "absent_with_reason",
        _("Absent for the whole congress with an accepted reason"),
    )
