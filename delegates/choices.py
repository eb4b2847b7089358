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


class HowSelected(models.TextChoices):
    """How a delegate of a delegate congress came to it (R-EL-32, R-WV-13, R-WV-18)."""

    # Translators: đại biểu được bầu tại đại hội cấp dưới
    ELECTED = "elected", _("Elected")
    # Translators: đại biểu đương nhiên (ủy viên ban chấp hành khóa đương nhiệm)
    EX_OFFICIO = "ex_officio", _("Ex officio")
    # Translators: đại biểu chỉ định
    APPOINTED = "appointed", _("Appointed")
    # Translators: đại biểu dự khuyết
    ALTERNATE = "alternate", _("Alternate")


class DelegateStatus(models.TextChoices):
    """Where a delegate stands on the roll of a delegate congress (R-EL-30, R-EL-33, R-EL-34)."""

    # Translators: được triệu tập (tư cách đại biểu có giá trị)
    CONVENED = "convened", _("Convened")
    # Translators: đại biểu dự khuyết chưa được thay thế vào
    STANDBY = "standby", _("Alternate not called")
    # Translators: đại biểu xin không dự / từ chối tư cách
    DECLINED = "declined", _("Declined")
    # Translators: tư cách đại biểu không được công nhận
    NOT_ACCEPTED = "not_accepted", _("Credentials not accepted")
    # Translators: vắng mặt, đã được đại biểu dự khuyết thay thế
    REPLACED = "replaced", _("Replaced by an alternate")


# The delegates whose credentials stand: whom the congress convenes.
STANDING = frozenset({DelegateStatus.CONVENED})
