from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from organizations import hooks
        from reports import panels

        hooks.register_home_context(panels.recent_jobs)
