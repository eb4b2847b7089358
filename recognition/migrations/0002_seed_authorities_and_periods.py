"""The commendation authority table of QĐ 29-QĐ/TW (2016), item 27.2 (rule R-AW-01), and the
yearly classification periods 2016–2026 with their regulations (R-CL-03). Data: later
regulations add rows (R-AW-02, R-AW-05), editable in the admin."""

import datetime

from django.db import migrations

REGULATION = "QĐ 29-QĐ/TW (2016), 27.2"
COLLECTIVE, INDIVIDUAL = "collective", "individual"
AUTHORITIES = {
    # granting kind: [(form, recipient kinds)]
    "chi-bo-truc-thuoc": [("praise", (COLLECTIVE, INDIVIDUAL))],
    "dang-bo-bo-phan": [("praise", (COLLECTIVE, INDIVIDUAL))],
    "chi-bo-co-so": [("praise", (COLLECTIVE, INDIVIDUAL)), ("certificate", (INDIVIDUAL,))],
    "dang-bo-co-so": [
        ("praise", (COLLECTIVE, INDIVIDUAL)),
        ("certificate", (COLLECTIVE, INDIVIDUAL)),
    ],
    "dang-bo-huyen": [("certificate", (COLLECTIVE, INDIVIDUAL))],
    "dang-uy-khoi": [("certificate", (COLLECTIVE, INDIVIDUAL))],
    "dang-bo-tinh": [
        ("merit", (COLLECTIVE, INDIVIDUAL)),
        ("flag", (COLLECTIVE,)),
        ("badge", (INDIVIDUAL,)),
    ],
}


def regulation_of(year):
    if year <= 2018:
        return "Hướng dẫn 27-HD/BTCTW (2014)"
    if year <= 2022:
        return "Quy định 132-QĐ/TW (2018), Hướng dẫn 21-HD/BTCTW (2019)"
    if year <= 2024:
        return "Quy định 124-QĐ/TW (2023)"
    return "Quy định 366-QĐ/TW (2025)"


def seed(apps, schema_editor):
    OrganizationKind = apps.get_model("organizations", "OrganizationKind")
    AwardAuthority = apps.get_model("recognition", "AwardAuthority")
    Period = apps.get_model("recognition", "Period")
    kinds = {kind.code: kind for kind in OrganizationKind.objects.all()}
    for code, grants in AUTHORITIES.items():
        if code not in kinds:
            continue
        for form, recipients in grants:
            for recipient in recipients:
                AwardAuthority.objects.get_or_create(
                    regulation=REGULATION,
                    granting_kind=kinds[code],
                    form=form,
                    recipient_kind=recipient,
                    defaults={"valid_from": datetime.date(2016, 3, 30)},
                )
    for year in range(2016, 2027):
        Period.objects.get_or_create(
            kind="year",
            year=year,
            quarter=None,
            term=None,
            defaults={"regulation": regulation_of(year), "uses_points": year >= 2025},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0001_initial"),
        ("organizations", "0002_seed_kinds"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
