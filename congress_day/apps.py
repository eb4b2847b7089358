from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressDayConfig(AppConfig):
    name = "congress_day"
    verbose_name = _("Congress day")

    def ready(self):
        from congress_day import selectors
        from delegates import hooks
        from personnel import hooks as personnel_hooks

        hooks.register_presence(selectors.present_member_ids)
        personnel_hooks.register_slate_decision(selectors.slate_decision)
