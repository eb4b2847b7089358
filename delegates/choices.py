from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # Translators: the convening committee's decision on the delegate allocation
    APPROVED = "approved", _("Approved")
