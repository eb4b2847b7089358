"""What the apps above congresses add to its pages, registered from their AppConfig.ready().

congresses stands below delegates and reports and imports neither (docs/architecture.md,
"Layers"). Where a congress page shows something a higher app owns, that app registers a
provider here when Django starts:

- `register_detail_context(provider)`: `provider(congress)` returns a dict added to the context
  of the congress page (delegates: the seats the congress elects to the congress above).
- `register_stage_check(provider)`: `provider(congress, to_stage)` returns the prerequisites of
  moving `congress` forward to `to_stage` that its app can see, as `StageCheck`s: a blocking
  one refuses the move, a warning is shown on the confirmation (documents: "documents
  approved" needs the recorded documents approved; personnel: a committee plan).

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


class StageCheck:
    """One prerequisite of a stage change: its message, and whether it refuses the move."""

    def __init__(self, message, *, blocks):
        self.message = message
        self.blocks = blocks

    def __str__(self):
        return str(self.message)


_stage_checks = Providers()
register_stage_check = _stage_checks.register


def stage_checks(congress, to_stage):
    """Every registered app's prerequisites of moving `congress` forward to `to_stage`."""
    return [check for provider in _stage_checks.providers for check in provider(congress, to_stage)]
