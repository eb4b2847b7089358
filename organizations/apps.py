from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("Organizations")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_save

        from organizations import querysets

        # The moves in the tree, read once per request (querysets._all_moves).
        request_started.connect(querysets.remember_moves_for_the_request, dispatch_uid="moves")
        request_finished.connect(querysets.forget_moves, dispatch_uid="moves")
        post_save.connect(
            querysets.forget_read_moves,
            sender="organizations.OrganizationMove",
            dispatch_uid="moves",
        )
