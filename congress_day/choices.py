from django.db import models
from django.utils.translation import gettext_lazy as _


class Movement(models.TextChoices):
    """What a check-in event records: a delegate arriving in the hall or leaving it."""

    ARRIVE = "arrive", _("Arrived")
    LEAVE = "leave", _("Left")
