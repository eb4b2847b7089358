"""A term's rule pack (issue 15, item 4): which rules apply in a term, from which document and
article, with what parameters — the data version of sections B1/B2 of docs/domain-rules.md.

`cite(term, "R-WV-02")` gives the reference every warning and refusal ends with; `pack(term)`
reads a term's pack once per Term instance (one query), so a page that cites several rules of
one term does not query per message. `changes(previous, term)` compares two packs.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from congresses.choices import CongressContent
from congresses.models import Term, TermLevelRule, TermRule

# Without a rule R-WV-13 in the pack (a term entered by hand), the contents planned before
# packs existed: four, and two for a merger's successor.
DEFAULT_CONTENTS = (CongressContent.FOUR, CongressContent.TWO)

# Parameter keys a pack may hold, with their labels (other keys show as written).
PARAMETER_LABELS = {
    "contents": lambda: _("congress contents allowed"),
    "appointed": lambda: _("appointed instead of elected"),
}


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


def cite(term, rule_id):
    """ "R-WV-02, Chỉ thị 45-CT/TW, mục 3": the rule id with the document and article the
    term's pack gives it; the id alone when the pack has no source for it."""
    rule = pack(term).get(rule_id) if term is not None else None
    if rule is None or rule.document is None:
        return rule_id
    article = article_of(rule)
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
        if field_name in rule.level_fields and level in rule.parameters.get("levels", ()):
            return rule.rule_id
    return default


def allowed_contents(term):
    """The congress contents (CongressContent values) `term`'s pack allows (R-WV-13)."""
    rule = pack(term).get("R-WV-13")
    if rule is None or not rule.in_force or "contents" not in rule.parameters:
        return [str(content) for content in DEFAULT_CONTENTS]
    return list(rule.parameters["contents"])


def previous_term(term):
    """The term before `term` (by start), or None."""
    return Term.objects.filter(starts_on__lt=term.starts_on).order_by("-starts_on").first()


@dataclass
class Parameter:
    key: str  # stable across terms: the field name, with the level for a level rule's field
    label: str
    value: object


def _display(key, value):
    if key == "contents":
        return ", ".join(str(CongressContent(item).label) for item in value)
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return "—"
    return value


def parameters_of(rule, term, level_rules):
    """The rule's parameters, resolved: its own (JSON), then the Term settings and the level
    rules' settings it names, with their labels. `level_rules` is {level: TermLevelRule}."""
    resolved = []
    for key, value in rule.parameters.items():
        if key == "levels":
            continue  # which level rules the rule covers, shown through level_fields
        label = PARAMETER_LABELS[key]() if key in PARAMETER_LABELS else key
        resolved.append(Parameter(key, label, _display(key, value)))
    for name in rule.term_fields:
        resolved.append(
            Parameter(
                name,
                str(Term._meta.get_field(name).verbose_name),
                _display(name, getattr(term, name)),
            )
        )
    levels = rule.parameters.get("levels") or sorted(level_rules, reverse=True)
    for level in levels:
        level_rule = level_rules.get(level)
        if level_rule is None:
            continue
        for name in rule.level_fields:
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
