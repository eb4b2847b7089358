from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressesConfig(AppConfig):
    name = "congresses"
    verbose_name = _("Congresses")

    def ready(self):
        # organizations stands below congresses and does not import it: congresses hands it
        # what its pages and figures need from here (docs/architecture.md, "Layers").
        from congresses import dashboard, rulepacks, services
        from organizations import figure_cache, hooks

        hooks.register_merge_check("held_congress", services.held_before_merger)
        hooks.register_rule_citation(rulepacks.cite_on)
        figure_cache.register_count("congresses.dashboard.count_wave_figures")
        figure_cache.register_default_figures(dashboard.default_wave_figures)
