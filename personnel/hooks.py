"""What the apps above personnel add to its pages, registered from their AppConfig.ready().

personnel stands below delegates and imports it not (docs/architecture.md, "Layers"):

- `register_base_proposal(provider)`: `provider(congress)` returns None or {"values": the
  round form's base fields (convened and the exclusions of R-EL-20/21), "day": the day they
  were counted on, "source": what they were counted from}; the first provider with an answer
  fills the round form (delegates: the member roll).
- `register_rollup_counts(provider)`: counts per level added to the results roll-up (reports:
  the quick reports sent up).
"""

from core.hooks import Providers

_base_proposals = Providers()
register_base_proposal = _base_proposals.register


def base_proposal(congress):
    """The first registered proposal of `congress`'s base D, or None."""
    return _base_proposals.first_answer(congress)


# Counts per level the apps above add to the results roll-up (R-RP-02): `provider(organization,
# term, as_of)` returns {key: {level: count}} from one grouped query (reports: the quick reports
# sent up by that date). The keys are summed into the totals like the roll-up's own counts.
_rollup_counts = Providers()
register_rollup_counts = _rollup_counts.register


def rollup_counts(organization, term, as_of):
    """{key: {level: count}} of every registered provider, merged."""
    merged = {}
    for provider in _rollup_counts.providers:
        merged.update(provider(organization, term, as_of))
    return merged
