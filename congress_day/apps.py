from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressDayConfig(AppConfig):
    name = "congress_day"
    verbose_name = _("Congress day")

    def ready(self):
        from congress_day import selectors
        from congresses import hooks as congress_hooks
        from delegates import hooks
        from personnel import hooks as personnel_hooks

        hooks.register_presence(selectors.present_member_ids)
        congress_hooks.register_dated_records(selectors.dated_records)
        personnel_hooks.register_slate_decision(selectors.slate_decision)
