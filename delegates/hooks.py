"""What the apps above delegates add to its figures, registered from their AppConfig.ready().

delegates stands below congress_day and imports it not (docs/architecture.md, "Layers"):

- `register_presence(provider)`: `provider(congress)` returns None (no attendance recorded for
  that congress) or the set of ids of the members present (checked in and not gone); the
  credentials report counts "present" from the first provider with an answer.
"""

from core.hooks import Providers

_presence = Providers()
register_presence = _presence.register


def present_member_ids(congress):
    """The ids of the members present at `congress`, or None where nobody records it."""
    return _presence.first_answer(congress)
