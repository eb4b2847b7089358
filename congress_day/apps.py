from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressDayConfig(AppConfig):
    name = "congress_day"
    verbose_name = _("Congress day")
