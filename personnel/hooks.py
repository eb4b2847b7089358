"""What the apps above personnel add to its pages, registered from their AppConfig.ready().

personnel stands below delegates and imports it not (docs/architecture.md, "Layers"):

- `register_base_proposal(provider)`: `provider(congress)` returns None or {"values": the
  round form's base fields (convened and the exclusions of R-EL-20/21), "day": the day they
  were counted on, "source": what they were counted from}; the first provider with an answer
  fills the round form (delegates: the member roll).
"""

from core.hooks import Providers

_base_proposals = Providers()
register_base_proposal = _base_proposals.register


def base_proposal(congress):
    """The first registered proposal of `congress`'s base D, or None."""
    return _base_proposals.first_answer(congress)
