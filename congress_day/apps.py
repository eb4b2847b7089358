from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressDayConfig(AppConfig):
    name = "congress_day"
    verbose_name = _("Congress day")

    def ready(self):
        from congress_day import selectors
        from delegates import hooks

        hooks.register_presence(selectors.present_member_ids)
