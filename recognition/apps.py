from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "recognition"
    verbose_name = _("Recognition")

    def ready(self):
        from organizations import figure_cache
        from recognition import figures

        figure_cache.register_count(figures.MEMBER_CAPS)
        figure_cache.register_default_figures(figures.default_grid_figures)
