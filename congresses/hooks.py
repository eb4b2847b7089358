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
- `register_dated_records(provider)`: `provider(congress)` returns the records its app holds
  that are dated within the congress's session, as `DatedRecords` (their name and the first
  and last day): personnel its election rounds, congress_day its votes and check-ins. A
  change of the session's dates (services.update_congress, change_stage into "held") that
  would leave one of them outside is refused (issue 15: the record cannot contradict itself).

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


class DatedRecords:
    """Records of one kind held on a congress within its session: a plural name ("election
    rounds") and the first and last day they are dated."""

    def __init__(self, name, first, last):
        self.name = name
        self.first = first
        self.last = last


_dated_records = Providers()
register_dated_records = _dated_records.register


def dated_records(congress):
    """Every registered app's records dated within `congress`'s session (none is skipped)."""
    return [records for provider in _dated_records.providers for records in provider(congress)]
