"""R-WV-14 (2025–2030): the new commune, ward and special-zone committees take July 2025 as
their age reference date (Chỉ thị 45-CT/TW, docs/domain-rules.md S25), while their level's
rule (level 2, "Cấp trên cơ sở, xã, phường") holds June 2025, the date of the level above
grassroots. The pack's R-WV-14 gets the parameter `kind_age_reference_dates`
{organization kind code: date}, read before the level's date (personnel.selectors
.reference_date_of). The first of the month, as the level dates of 0002, is inferred: the
texts read name the month only. A value an administrator already entered is kept.
"""

from django.db import migrations

JULY = "2025-07-01"
KIND_DATES = {"dang-bo-xa": JULY, "dang-bo-phuong": JULY, "dang-bo-dac-khu": JULY}
NOTE = (
    " Đảng bộ xã, phường, đặc khu mới: tháng 7/2025 (tham số theo loại tổ chức, trước ngày của "
    "cấp); ngày 01 của tháng là suy luận [I]."
)


def forward(apps, schema_editor):
    TermRule = apps.get_model("congresses", "TermRule")
    for rule in TermRule.objects.filter(term__name="2025–2030", rule_id="R-WV-14"):
        parameters = dict(rule.parameters) if isinstance(rule.parameters, dict) else {}
        if "kind_age_reference_dates" in parameters:
            continue
        parameters["kind_age_reference_dates"] = dict(KIND_DATES)
        rule.parameters = parameters
        rule.note = (rule.note or "") + NOTE
        rule.save(update_fields=["parameters", "note"])


def backward(apps, schema_editor):
    TermRule = apps.get_model("congresses", "TermRule")
    for rule in TermRule.objects.filter(term__name="2025–2030", rule_id="R-WV-14"):
        if not isinstance(rule.parameters, dict):
            continue
        if rule.parameters.get("kind_age_reference_dates") == KIND_DATES:
            rule.parameters = {
                key: value
                for key, value in rule.parameters.items()
                if key != "kind_age_reference_dates"
            }
        rule.note = (rule.note or "").replace(NOTE, "")
        rule.save(update_fields=["parameters", "note"])


class Migration(migrations.Migration):
    dependencies = [
        ("congresses", "0010_cell_congress_rule"),
        ("organizations", "0010_kind_validity"),
    ]

    operations = [migrations.RunPython(forward, backward)]
