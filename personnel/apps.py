from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "personnel"
    verbose_name = _("Personnel")

    def ready(self):
        from congresses import hooks
        from organizations import figure_cache
        from personnel import rollup, selectors

        hooks.register_stage_check(selectors.stage_checks)
        hooks.register_dated_records(selectors.dated_records)
        # A whole city's or country's results roll-up is counted off the request (R-RP-02).
        figure_cache.register_count("personnel.rollup.count_results_rollup")
        figure_cache.register_default_figures(rollup.default_rollup_figures)
