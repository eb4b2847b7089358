"""Seed the organization kinds of the 2020–2025 hierarchy (rule R-OR-04).

Later reforms (the 2025 two-level government) add or relink kinds with data, not code.
"""

from django.db import migrations

# code, Vietnamese name, English name, level, codes of the kinds it may stand under,
# whether members belong to it directly, and the member range of rule R-OR-01
# (a grassroots organization needs at least 3 official members; under 30 it is a grassroots
# cell, from 30 on a grassroots committee with cells under it).
KINDS = [
    ("dang-bo-tinh", "Đảng bộ tỉnh/thành phố", "Provincial/city party organization", 1, [],
     False, None, None),
    ("dang-bo-huyen", "Đảng bộ quận/huyện", "District party organization", 2, ["dang-bo-tinh"],
     False, None, None),
    ("dang-uy-khoi", "Đảng ủy khối", "Bloc party committee", 2, ["dang-bo-tinh", "dang-bo-huyen"],
     False, None, None),
    ("dang-bo-co-so", "Đảng bộ cơ sở", "Grassroots party organization", 3,
     ["dang-bo-huyen", "dang-uy-khoi"], False, 30, None),
    ("chi-bo-co-so", "Chi bộ cơ sở", "Grassroots party cell", 3, ["dang-bo-huyen", "dang-uy-khoi"],
     True, 3, 29),
    ("dang-bo-bo-phan", "Đảng bộ bộ phận", "Party sub-committee", 4, ["dang-bo-co-so"],
     False, None, None),
    ("chi-bo-truc-thuoc", "Chi bộ trực thuộc", "Party cell", 5,
     ["dang-bo-co-so", "dang-bo-bo-phan"], True, 3, None),
]


def seed(apps, schema_editor):
    OrganizationKind = apps.get_model("organizations", "OrganizationKind")
    by_code = {}
    for code, name, name_en, level, _parents, holds, low, high in KINDS:
        by_code[code], _created = OrganizationKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "level": level,
                "holds_members": holds,
                "min_members": low,
                "max_members": high,
            },
        )
    for code, _name, _name_en, _level, parents, *_rest in KINDS:
        by_code[code].allowed_parents.set([by_code[parent] for parent in parents])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
