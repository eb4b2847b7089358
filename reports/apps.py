from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from organizations import hooks
        from personnel import hooks as personnel_hooks
        from reports import panels, selectors

        hooks.register_home_context(panels.recent_jobs)
        personnel_hooks.register_rollup_counts(selectors.quick_reports_by_level)
