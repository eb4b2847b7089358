"""The numbers of the slate-size rules R-EL-08..10 into the rule packs (issue 15, item 4): the
largest excess (30 % of the seats), the excess the personnel plan prepares (10–15 %) and the
small bodies' (3–5 seats, at most one more name) become the `parameters` of the rules seeded by
0007, read by personnel through congresses.rulepacks.parameter instead of figures in the code.
The same figures in both terms (244-QĐ/TW and 190-QĐ/TW, docs/domain-rules.md A3). A value an
administrator already entered is kept."""

from django.db import migrations

PARAMETERS = {
    "R-EL-08": {"max_excess_percent": 30},
    "R-EL-09": {"prepared_excess_percent": [10, 15]},
    "R-EL-10": {"small_body_seats": [3, 5], "small_body_max_excess": 1},
}


def forward(apps, schema_editor):
    TermRule = apps.get_model("congresses", "TermRule")
    for rule in TermRule.objects.filter(rule_id__in=PARAMETERS):
        parameters = dict(rule.parameters) if isinstance(rule.parameters, dict) else {}
        for key, value in PARAMETERS[rule.rule_id].items():
            parameters.setdefault(key, value)
        rule.parameters = parameters
        rule.save(update_fields=["parameters"])


def backward(apps, schema_editor):
    TermRule = apps.get_model("congresses", "TermRule")
    for rule in TermRule.objects.filter(rule_id__in=PARAMETERS):
        if not isinstance(rule.parameters, dict):
            continue
        rule.parameters = {
            key: value
            for key, value in rule.parameters.items()
            if key not in PARAMETERS[rule.rule_id]
        }
        rule.save(update_fields=["parameters"])


class Migration(migrations.Migration):
    dependencies = [("congresses", "0007_seed_rule_packs")]

    operations = [migrations.RunPython(forward, backward)]
