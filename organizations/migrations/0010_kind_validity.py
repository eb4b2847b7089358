"""Kinds carry validity dates (R-OR-06); the 2025 reform as data (R-OR-05).

From 1/7/2025 the commune, ward and special-zone party committees stand directly under the
province/city; the district level ended on 30/6/2025. Existing organizations keep their kinds:
only creating or moving one checks the kind's dates (organizations.services).
"""

import datetime

from django.db import migrations, models

REFORM_DAY = datetime.date(2025, 7, 1)
DISTRICT_LAST_DAY = datetime.date(2025, 6, 30)
ENDED_KINDS = ["dang-bo-huyen"]

# code, Vietnamese name, English name: level 2, under the province/city kind.
NEW_KINDS = [
    ("dang-bo-xa", "Đảng bộ xã", "Commune party organization"),
    ("dang-bo-phuong", "Đảng bộ phường", "Ward party organization"),
    ("dang-bo-dac-khu", "Đảng bộ đặc khu", "Special-zone party organization"),
]
# Grassroots organizations stand under the new committees as they stood under the districts;
# the residential cells of a merged ward move with it (inferred, R-OR-06 [I]).
CHILD_KINDS = ["dang-bo-co-so", "chi-bo-co-so", "chi-bo-truc-thuoc"]


def add_reform(apps, schema_editor):
    OrganizationKind = apps.get_model("organizations", "OrganizationKind")
    OrganizationKind.objects.filter(code__in=ENDED_KINDS).update(valid_until=DISTRICT_LAST_DAY)
    province = OrganizationKind.objects.filter(code="dang-bo-tinh").first()
    children = list(OrganizationKind.objects.filter(code__in=CHILD_KINDS))
    for code, name, name_en in NEW_KINDS:
        kind, _created = OrganizationKind.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "level": 2,
                "holds_members": False,
                "valid_from": REFORM_DAY,
            },
        )
        if province is not None:
            kind.allowed_parents.add(province)
        for child in children:
            child.allowed_parents.add(kind)


def remove_reform(apps, schema_editor):
    OrganizationKind = apps.get_model("organizations", "OrganizationKind")
    Organization = apps.get_model("organizations", "Organization")
    codes = [code for code, _name, _name_en in NEW_KINDS]
    unused = OrganizationKind.objects.filter(code__in=codes).exclude(
        pk__in=Organization.objects.values("kind_id")
    )
    for kind in unused:
        kind.allowed_parents.clear()
        kind.allowed_children.clear()
        kind.delete()
    OrganizationKind.objects.filter(code__in=ENDED_KINDS).update(valid_until=None)


class Migration(migrations.Migration):
    # Not one transaction: on PostgreSQL, migrating back deletes the reform's kinds (deferred
    # foreign-key checks pending) and then alters the table, which the same transaction refuses.
    # The data step keeps its own transaction (RunPython is atomic by default).
    atomic = False
    dependencies = [("organizations", "0009_export_job")]

    operations = [
        migrations.AddField(
            model_name="organizationkind",
            name="valid_from",
            field=models.DateField(blank=True, null=True, verbose_name="valid from"),
        ),
        migrations.AddField(
            model_name="organizationkind",
            name="valid_until",
            field=models.DateField(blank=True, null=True, verbose_name="valid until"),
        ),
        migrations.RunPython(add_reform, remove_reform),
    ]
