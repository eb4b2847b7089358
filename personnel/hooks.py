"""What the apps above personnel add to its pages, registered from their AppConfig.ready().

personnel stands below delegates and imports it not (docs/architecture.md, "Layers"):

- `register_base_proposal(provider)`: `provider(congress)` returns None or {"values": the
  round form's base fields (convened and the exclusions of R-EL-20/21), "day": the day they
  were counted on, "source": what they were counted from}; the first provider with an answer
  fills the round form (delegates: the member roll).
- `register_rollup_counts(provider)`: counts per level added to the results roll-up (reports:
  the quick reports sent up).
- `register_slate_decision(provider)`: `provider(ballot, on)` returns None or the congress's
  latest vote on that ballot's list (dated on or before `on` when given) as {"agree",
  "disagree", "abstain", "present", "day", "adopted"} (congress_day: its votes on "the
  lists"). An adopted one lets a round be recorded on a list that breaks the slate-size rules
  R-EL-07/08/10 and is printed on the round's minutes.
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


# The congress's decision on a ballot's list (R-EL-07/08/10: the congress may decide otherwise);
# the one record of that vote is the provider's (congress_day's Vote).
_slate_decisions = Providers()
register_slate_decision = _slate_decisions.register


def slate_decision(ballot, on=None):
    """The congress's latest vote on `ballot`'s list (dated on or before `on` when given: the
    decision a round of that day may rest on) as the first provider gives it, or None."""
    return _slate_decisions.first_answer(ballot, on)
