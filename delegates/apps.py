from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegatesConfig(AppConfig):
    name = "delegates"
    verbose_name = _("Delegates")

    def ready(self):
        # congresses stands below delegates: the congress page shows the seats a congress
        # elects to the congress above through a provider registered here.
        from congresses import hooks
        from delegates import selectors

        hooks.register_detail_context(selectors.quota_of)
