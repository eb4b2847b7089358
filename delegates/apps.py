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
        from personnel import hooks as personnel_hooks

        hooks.register_detail_context(selectors.quota_of)
        # The round form proposes its base D from the member roll (R-EL-20).
        personnel_hooks.register_base_proposal(selectors.base_from_roll)
