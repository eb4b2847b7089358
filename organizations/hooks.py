"""What the apps above organizations add to its pages, registered from their AppConfig.ready().

organizations stands below congresses, documents, personnel, recognition and reports and imports
none of them (docs/architecture.md, "Layers"). Where one of its pages shows something a higher
app owns, that app registers a provider here when Django starts:

- `register_home_context(provider)`: `provider(request)` returns a dict added to the context of
  the organization list, the home page of most users (reports: the user's recent reports);
- `register_merge_check(name, check)`: `check(destination, merged_on)` is shown as
  `impact[name]` on the page that confirms a merger (congresses: the congress the destination
  already held in that term, R-OR-06);
- `register_rule_citation(cite)`: `cite(rule_id, day)` words a rule with the source the rule
  pack of the term under way on `day` gives it (congresses: "R-OR-01, Điều lệ Đảng 2011,
  Điều 21"), for the warnings of organizations' pages (`cite`; the id alone without one).

Providers run in registration order, that is INSTALLED_APPS order.
"""

_home_context = []
_merge_checks = []
_rule_citation = []


def register_home_context(provider):
    if provider not in _home_context:
        _home_context.append(provider)


def home_context(request):
    """The registered providers' context for the organization list, merged."""
    context = {}
    for provider in _home_context:
        context.update(provider(request))
    return context


def register_merge_check(name, check):
    if (name, check) not in _merge_checks:
        _merge_checks.append((name, check))


def merge_checks(destination, merged_on):
    """{name: check(destination, merged_on)} of every registered merge check."""
    return {name: check(destination, merged_on) for name, check in _merge_checks}


def register_rule_citation(cite):
    _rule_citation[:] = [cite]


def cite(rule_id, day):
    """`rule_id` with its source on `day`, as the registered citation words it; the id alone
    when none is registered."""
    if not _rule_citation:
        return rule_id
    return _rule_citation[0](rule_id, day)
