"""A term's rule pack (issue 15, item 4): which rules apply in a term, from which document and
article, with what parameters — the data version of sections B1/B2 of docs/domain-rules.md.

`cite(term, "R-WV-02")` gives the reference every warning and refusal ends with; `pack(term)`
reads a term's pack once per Term instance (one query), so a page that cites several rules of
one term does not query per message. `changes(previous, term)` compares two packs.
"""

import contextlib
import contextvars
import datetime
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from congresses.choices import CongressContent
from congresses.models import Term, TermLevelRule, TermRule
from organizations.models import OrganizationKind

# Without a rule R-WV-13 in the pack (a term entered by hand), the contents planned before
# packs existed: four, and two for a merger's successor.
DEFAULT_CONTENTS = (CongressContent.FOUR, CongressContent.TWO)

# The numbers of the slate-size rules (docs/domain-rules.md A3) a pack's rule holds in its
# `parameters`, used for a term whose pack lacks the rule or the key (a term entered by hand):
# the figures the rule book gives, as DEFAULT_CONTENTS for R-WV-13.
DEFAULT_PARAMETERS = {
    "R-EL-08": {"max_excess_percent": 30},
    "R-EL-09": {"prepared_excess_percent": [10, 15]},
    "R-EL-10": {"small_body_seats": [3, 5], "small_body_max_excess": 1},
    "R-WV-13": {"contents": [str(content) for content in DEFAULT_CONTENTS], "appointed": False},
}


def _is_number(value, *, lowest=0, highest=None):
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value >= lowest
        and (highest is None or value <= highest)
    )


def _is_range(value, **bounds):
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(_is_number(item, **bounds) for item in value)
        and value[0] <= value[1]
    )


def _is_levels(value):
    return isinstance(value, list) and all(
        isinstance(item, int) and not isinstance(item, bool) and item > 0 for item in value
    )


def _is_kind_dates(value):
    """{organization kind code: "YYYY-MM-DD"}: a non-empty object of valid dates."""
    if not isinstance(value, dict) or not value:
        return False
    for code, day in value.items():
        if not (isinstance(code, str) and code.strip()) or not isinstance(day, str):
            return False
        try:
            datetime.date.fromisoformat(day)
        except ValueError:
            return False
    return True


def _is_contents(value):
    return isinstance(value, list) and bool(value) and set(value) <= set(CongressContent.values)


def percent(label):
    """A parameter that is a number from 0 to 100 (a share of the seats), labelled `label()`."""
    return (
        label,
        lambda value: _is_number(value, highest=100),
        lambda: _("a number from 0 to 100"),
    )


def points(label):
    """A parameter that is a score floor out of 100 points (R-CL-02), labelled `label()`."""
    return percent(label)


def flag(label):
    """A parameter that is true or false, labelled `label()`."""
    return (label, lambda value: isinstance(value, bool), lambda: _("true or false"))


# Parameter keys a pack may hold: their label, the test a value passes and what the admin is
# told when it does not (TermRule's form and the rules page, through `problems_of`).
PARAMETERS = {
    "levels": (
        lambda: _("levels"),
        _is_levels,
        lambda: _("a list of level numbers, e.g. [3, 2, 1]"),
    ),
    "contents": (
        lambda: _("congress contents allowed"),
        _is_contents,
        lambda: (
            _("a list of contents among %(contents)s")
            % {"contents": ", ".join(f"“{value}”" for value in CongressContent.values)}
        ),
    ),
    "appointed": flag(lambda: _("delegates appointed as well as the committee")),
    "max_excess_percent": percent(lambda: _("largest excess (percent of the seats)")),
    "prepared_excess_percent": (
        lambda: _("excess the personnel plan prepares (percent of the seats)"),
        lambda value: _is_range(value, highest=100),
        lambda: _("two numbers from 0 to 100, the smaller first, e.g. [10, 15]"),
    ),
    "small_body_seats": (
        lambda: _("seats of a small body"),
        lambda value: _is_range(value, lowest=1),
        lambda: _("two seat numbers, the smaller first, e.g. [3, 5]"),
    ),
    "small_body_max_excess": (
        lambda: _("largest excess of a small body (people)"),
        lambda value: _is_number(value) and isinstance(value, int),
        lambda: _("a whole number of people"),
    ),
    # R-WV-14: the age reference date of some organization kinds, before their level's
    # (2025–2030: the new commune, ward and special-zone committees, July 2025)
    "kind_age_reference_dates": (
        lambda: _("age reference date of an organization kind"),
        _is_kind_dates,
        lambda: _(
            'an object of organization kind codes and dates, e.g. {"dang-bo-phuong": "2025-07-01"}'
        ),
    ),
    # R-EL-23, unresolved: the re-vote among tied candidates still asks more than half of D
    # (personnel.services.rounds.tie_revote_majority; the setting when the pack lacks it)
    "tie_revote_majority": flag(
        lambda: _("re-vote among tied candidates needs more than half of D")
    ),
    # R-CL-02: the lowest score of each level (recognition.rules.score_floors)
    "excellent_from": points(lambda: _("excellent from (points)")),
    "good_from": points(lambda: _("good from (points)")),
    "complete_from": points(lambda: _("completed from (points)")),
}
PARAMETER_LABELS = {key: label for key, (label, _test, _expected) in PARAMETERS.items()}
# Parameters shown as a range "10–15".
RANGES = frozenset({"prepared_excess_percent", "small_body_seats"})


def _field_names(model):
    return {
        model_field.name
        for model_field in model._meta.concrete_fields
        if not model_field.is_relation and not model_field.primary_key
    }


def problems_of(*, parameters, term_fields, level_fields):
    """What is wrong with a rule's `parameters`, `term_fields` and `level_fields` as they would
    be stored: {form field name: [translated messages naming the key or field]}; empty when
    they are sound. The admin's form refuses such a rule; the rules page flags one stored
    anyway (edited outside the admin) instead of failing."""
    problems = {}
    if not isinstance(parameters, dict):
        problems["parameters"] = [_("The parameters must be an object of keys and values.")]
    else:
        for key, value in parameters.items():
            if key not in PARAMETERS:
                problems.setdefault("parameters", []).append(
                    _("Unknown parameter “%(key)s”; known ones are %(known)s.")
                    % {"key": key, "known": ", ".join(sorted(PARAMETERS))}
                )
                continue
            _label, test, expected = PARAMETERS[key]
            if not test(value):
                problems.setdefault("parameters", []).append(
                    _("The parameter “%(key)s” must be %(expected)s.")
                    % {"key": key, "expected": expected()}
                )
    # R-WV-14's kind dates name organization kinds that exist (one query, only then).
    kind_dates = (parameters if isinstance(parameters, dict) else {}).get(
        "kind_age_reference_dates"
    )
    if _is_kind_dates(kind_dates):
        known_kinds = set(
            OrganizationKind.objects.filter(code__in=list(kind_dates)).values_list(
                "code", flat=True
            )
        )
        for code in kind_dates:
            if code not in known_kinds:
                problems.setdefault("parameters", []).append(
                    _("“%(code)s” is not the code of an organization kind.") % {"code": code}
                )
    for name, model in (("term_fields", Term), ("level_fields", TermLevelRule)):
        value = {"term_fields": term_fields, "level_fields": level_fields}[name]
        known = _field_names(model)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            problems.setdefault(name, []).append(_("Give a list of field names."))
            continue
        for item in value:
            if item not in known:
                problems.setdefault(name, []).append(
                    _("“%(name)s” is not a setting of the %(model)s.")
                    % {"name": item, "model": model._meta.verbose_name}
                )
    return problems


def rule_problems(rule):
    """`problems_of` a stored rule, as one list of messages."""
    found = problems_of(
        parameters=rule.parameters, term_fields=rule.term_fields, level_fields=rule.level_fields
    )
    return [message for messages in found.values() for message in messages]


def parameter(term, rule_id, key):
    """The value of `key` among the parameters of `term`'s rule `rule_id` (read once per Term
    instance through `pack`): None when the pack holds the rule but not in force (the check it
    stands for does not apply in that term); DEFAULT_PARAMETERS' value when the pack lacks the
    rule or the key, or holds a value that fails its test (the rules page flags that rule)."""
    default = DEFAULT_PARAMETERS.get(rule_id, {}).get(key)
    rule = pack(term).get(rule_id) if term is not None else None
    if rule is None:
        return default
    if not rule.in_force:
        return None
    parameters = rule.parameters if isinstance(rule.parameters, dict) else {}
    if key not in parameters:
        return default
    value = parameters[key]
    if key in PARAMETERS and not PARAMETERS[key][1](value):
        return default
    return value


def pack(term):
    """{rule id: TermRule (document joined)} of `term`'s pack, in force or not; cached on the
    Term instance. One query the first time."""
    cached = getattr(term, "_rule_pack", None)
    if cached is None:
        cached = {
            rule.rule_id: rule
            for rule in TermRule.objects.filter(term=term).select_related("document")
        }
        term._rule_pack = cached
    return cached


def article_of(rule):
    """The rule's article or section in the current language (the Vietnamese text when no
    English one was entered)."""
    if rule.article_en and (get_language() or "").startswith("en"):
        return rule.article_en
    return rule.article


def statement_of(rule):
    if rule.statement_en and (get_language() or "").startswith("en"):
        return rule.statement_en
    return rule.statement


# False inside citing_sources_only(): `cite` leaves the project's rule ids out.
_CITING_IDS = contextvars.ContextVar("citing_rule_ids", default=True)


@contextlib.contextmanager
def citing_sources_only():
    """Inside the block (its thread or task), `cite` gives a rule's source alone, "Chỉ thị
    45-CT/TW, mục 3", not "R-WV-02, …": for the documents a committee signs and files
    (reports.services), which the project's rule ids mean nothing in (R-RP-10). A rule whose
    pack gives no source is still cited by its id, the only reference there is."""
    token = _CITING_IDS.set(False)
    try:
        yield
    finally:
        _CITING_IDS.reset(token)


def cite(term, rule_id):
    """ "R-WV-02, Chỉ thị 45-CT/TW, mục 3": the rule id with the document and article the
    term's pack gives it; the id alone when the pack has no source for it; the source alone
    inside citing_sources_only()."""
    rule = pack(term).get(rule_id) if term is not None else None
    if rule is None or rule.document is None:
        return rule_id
    article = article_of(rule)
    if not _CITING_IDS.get():
        return ", ".join(str(part) for part in (rule.document, article) if part)
    if not article:
        # Translators: a rule cited with its source document, e.g. "R-EL-07, Quy định 190-QĐ/TW"
        return _("%(rule)s, %(document)s") % {"rule": rule_id, "document": rule.document}
    # Translators: a rule cited with its source, e.g. "R-EL-07, Quy định 190-QĐ/TW, Điều 14"
    return _("%(rule)s, %(document)s, %(article)s") % {
        "rule": rule_id,
        "document": rule.document,
        "article": article,
    }


def rule_for_level(term, level, *, field_name="deadline", default="R-WV-02"):
    """The id of the pack's rule that sets `field_name` of `level`'s TermLevelRule (2020:
    R-WV-02 for every level; 2025: R-WV-11 up to grassroots, R-WV-12 above)."""
    for rule in pack(term).values():
        levels = rule.parameters.get("levels") if isinstance(rule.parameters, dict) else None
        if (
            isinstance(rule.level_fields, list)
            and field_name in rule.level_fields
            and _is_levels(levels)
            and level in levels
        ):
            return rule.rule_id
    return default


def rule_for_term_field(term, field_name):
    """The id of the first rule (by id) of `term`'s pack in force that names the Term setting
    `field_name` among its `term_fields` (2020–2025: the women's target R-WV-08, the youth
    target R-WV-07; 2025–2030: R-WV-16 for both), or None."""
    for rule_id in sorted(pack(term)) if term is not None else ():
        rule = pack(term)[rule_id]
        if rule.in_force and isinstance(rule.term_fields, list) and field_name in rule.term_fields:
            return rule_id
    return None


def term_on(day):
    """The term under way on `day` (the newest if two overlap), else the last one begun by
    then, else None. One query."""
    terms = Term.objects.filter(starts_on__lte=day).order_by("-starts_on")
    return terms.filter(ends_on__gte=day).first() or terms.first()


def cite_on(rule_id, day):
    """`cite` with the pack of the term under way on `day` (the id alone before every term):
    for the layers below congresses, which know a date but no term
    (organizations.hooks.cite)."""
    return cite(term_on(day), rule_id)


def kind_age_reference_date(term, kind_code):
    """The age reference date `term`'s pack gives organizations of the kind `kind_code`
    (R-WV-14's `kind_age_reference_dates`), or None: their level's date applies."""
    dates = parameter(term, "R-WV-14", "kind_age_reference_dates") or {}
    day = dates.get(kind_code)
    return datetime.date.fromisoformat(day) if day else None


def allowed_contents(term):
    """The congress contents (CongressContent values) `term`'s pack allows (R-WV-13): the
    defaults when the rule is missing or not in force."""
    contents = parameter(term, "R-WV-13", "contents")
    if contents is None:
        return [str(content) for content in DEFAULT_CONTENTS]
    return list(contents)


def previous_term(term):
    """The term before `term` (by start), or None."""
    return Term.objects.filter(starts_on__lt=term.starts_on).order_by("-starts_on").first()


@dataclass
class Parameter:
    key: str  # stable across terms: the field name, with the level for a level rule's field
    label: str
    value: object


def _display(key, value):
    if key in PARAMETERS and not PARAMETERS[key][1](value):
        return value  # as written; the rule is flagged (rule_problems)
    if key == "contents":
        return ", ".join(str(CongressContent(item).label) for item in value)
    if key in RANGES:
        return "–".join(str(item) for item in value)
    if key == "kind_age_reference_dates":
        return ", ".join(
            f"{code}: {datetime.date.fromisoformat(day):%d/%m/%Y}"
            for code, day in sorted(value.items())
        )
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return "—"
    return value


def parameters_of(rule, term, level_rules):
    """The rule's parameters, resolved: its own (JSON), then the Term settings and the level
    rules' settings it names, with their labels. `level_rules` is {level: TermLevelRule}. A
    key or field name that is not sound (`rule_problems`) shows as written, or is left out
    when it names no setting: the page flags the rule instead of failing."""
    resolved = []
    parameters = rule.parameters if isinstance(rule.parameters, dict) else {}
    for key, value in parameters.items():
        if key == "levels":
            continue  # which level rules the rule covers, shown through level_fields
        label = PARAMETER_LABELS[key]() if key in PARAMETER_LABELS else key
        resolved.append(Parameter(key, label, _display(key, value)))
    term_fields = _field_names(Term)
    for name in rule.term_fields if isinstance(rule.term_fields, list) else ():
        if name not in term_fields:
            continue
        resolved.append(
            Parameter(
                name,
                str(Term._meta.get_field(name).verbose_name),
                _display(name, getattr(term, name)),
            )
        )
    levels = parameters.get("levels")
    if not _is_levels(levels) or not levels:
        levels = sorted(level_rules, reverse=True)
    level_fields = _field_names(TermLevelRule)
    names = [
        name
        for name in (rule.level_fields if isinstance(rule.level_fields, list) else ())
        if name in level_fields
    ]
    for level in levels:
        level_rule = level_rules.get(level)
        if level_rule is None:
            continue
        for name in names:
            resolved.append(
                Parameter(
                    f"{name}@{level}",
                    f"{TermLevelRule._meta.get_field(name).verbose_name} — {level_rule.label}",
                    _display(name, getattr(level_rule, name)),
                )
            )
    return resolved


@dataclass
class RuleLine:
    rule: TermRule
    statement: str
    citation: str
    parameters: list
    change: str = ""  # "added", "changed", "removed" or "" (as in the previous term)
    what_changed: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # rule_problems: the rule is flagged


def _source_key(rule):
    return (rule.document.symbol if rule.document else "", rule.article)


def _level_rules(term):
    return {rule.level: rule for rule in TermLevelRule.objects.filter(term=term)}


def rules_in_force(term):
    """The page's content for `term`: (documents, lines, removed, previous term) where `lines`
    are the rules of its pack (RuleLine, in section order) marked added or changed against
    the previous term's pack, and `removed` (RuleLine) the previous pack's rules in force that
    `term`'s no longer has. Six queries whatever the size of the packs (four without a
    previous term)."""
    documents = list(term.documents.all())
    level_rules = _level_rules(term)
    rules = sorted(pack(term).values(), key=lambda rule: (rule.section, rule.rule_id))
    before = previous_term(term)
    old_rules, old_levels = ({}, {}) if before is None else (pack(before), _level_rules(before))
    lines = []
    for rule in rules:
        parameters = parameters_of(rule, term, level_rules)
        line = RuleLine(rule, statement_of(rule), cite(term, rule.rule_id), parameters)
        line.problems = rule_problems(rule)
        old = old_rules.get(rule.rule_id)
        if before is not None and (old is None or not old.in_force) and rule.in_force:
            line.change = "added"
        elif old is not None:
            line.what_changed = _differences(old, before, old_levels, rule, parameters)
            line.change = "changed" if line.what_changed else ""
        lines.append(line)
    removed = [
        RuleLine(rule, statement_of(rule), cite(before, rule_id), [], change="removed")
        for rule_id, rule in sorted(old_rules.items())
        if rule.in_force and (rule_id not in pack(term) or not pack(term)[rule_id].in_force)
    ]
    return documents, lines, removed, before


def _differences(old, before, old_levels, rule, parameters):
    """What differs between a rule's entry in the previous pack and in this one."""
    found = []
    if _source_key(old) != _source_key(rule):
        found.append(
            _("source was %(source)s")
            % {"source": cite(before, old.rule_id) if old.document else "—"}
        )
    old_values = {item.key: item.value for item in parameters_of(old, before, old_levels)}
    for item in parameters:
        if item.key not in old_values:
            found.append(
                _("%(label)s: new, %(value)s") % {"label": item.label, "value": item.value}
            )
        elif str(old_values[item.key]) != str(item.value):
            found.append(
                _("%(label)s: %(old)s → %(new)s")
                % {"label": item.label, "old": old_values[item.key], "new": item.value}
            )
    if old.in_force != rule.in_force:
        found.append(_("no longer in force") if old.in_force else _("in force again"))
    return found
