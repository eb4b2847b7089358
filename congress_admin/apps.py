from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CongressAdminConfig(AppConfig):
    name = "congress_admin"
    verbose_name = _("Congress administration")

    def ready(self):
        checks.register(check_shared_cache, checks.Tags.caches)


def check_shared_cache(app_configs, **kwargs):
    """With workers (a broker), the cache must be shared: beat counts the figures of a whole
    city into it for the web processes (organizations/figure_cache.py)."""
    from django.conf import settings

    backend = settings.CACHES["default"]["BACKEND"]
    if (
        settings.CELERY_BROKER_URL
        and settings.STATS_WARM_SECONDS
        and backend.endswith(("LocMemCache", "DummyCache"))
    ):
        return [
            checks.Warning(
                "CELERY_BROKER_URL is set but the cache is per process, so the figures the "
                "workers count are never seen by the web processes.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://host:6379/1.",
                id="congress_admin.W001",
            )
        ]
    return []
