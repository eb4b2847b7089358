"""What the apps above congresses add to its pages, registered from their AppConfig.ready().

congresses stands below delegates and reports and imports neither (docs/architecture.md,
"Layers"). Where a congress page shows something a higher app owns, that app registers a
provider here when Django starts:

- `register_detail_context(provider)`: `provider(congress)` returns a dict added to the context
  of the congress page (delegates: the seats the congress elects to the congress above).

Providers run in registration order, that is INSTALLED_APPS order.
"""

from core.hooks import Providers

_detail_context = Providers()
register_detail_context = _detail_context.register


def detail_context(congress):
    """The registered providers' context for the congress page, merged."""
    context = {}
    for provider in _detail_context.providers:
        context.update(provider(congress))
    return context
