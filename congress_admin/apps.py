from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressAdminConfig(AppConfig):
    name = "congress_admin"
    verbose_name = _("Congress administration")
