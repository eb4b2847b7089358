from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "personnel"
    verbose_name = _("Personnel")

    def ready(self):
        from congresses import hooks
        from personnel import selectors

        hooks.register_stage_check(selectors.stage_checks)
