"""Seed the organization kinds of the 2020–2025 hierarchy (rule R-OR-04).

Later reforms (the 2025 two-level government) add or relink kinds with data, not code.
"""

from django.db import migrations

# code, Vietnamese name, English name, level, codes of the kinds it may stand under
KINDS = [
    ("dang-bo-tinh", "Đảng bộ tỉnh/thành phố", "Provincial/city party organization", 1, []),
    ("dang-bo-huyen", "Đảng bộ quận/huyện", "District party organization", 2, ["dang-bo-tinh"]),
    ("dang-uy-khoi", "Đảng ủy khối", "Bloc party committee", 2, ["dang-bo-tinh", "dang-bo-huyen"]),
    ("dang-bo-co-so", "Đảng bộ cơ sở", "Grassroots party organization", 3, ["dang-bo-huyen", "dang-uy-khoi"]),
    ("chi-bo-co-so", "Chi bộ cơ sở", "Grassroots party cell", 3, ["dang-bo-huyen", "dang-uy-khoi"]),
    ("dang-bo-bo-phan", "Đảng bộ bộ phận", "Party sub-committee", 4, ["dang-bo-co-so"]),
    ("chi-bo-truc-thuoc", "Chi bộ trực thuộc", "Party cell", 5, ["dang-bo-co-so", "dang-bo-bo-phan"]),
]


def seed(apps, schema_editor):
    OrganizationKind = apps.get_model("organizations", "OrganizationKind")
    by_code = {}
    for code, name, name_en, level, _parents in KINDS:
        by_code[code], _created = OrganizationKind.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "level": level}
        )
    for code, _name, _name_en, _level, parents in KINDS:
        by_code[code].allowed_parents.set([by_code[parent] for parent in parents])


class Migration(migrations.Migration):
    dependencies = [("organizations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
