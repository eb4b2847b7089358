from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from congresses import hooks
        from documents import selectors

        hooks.register_stage_check(selectors.stage_checks)
