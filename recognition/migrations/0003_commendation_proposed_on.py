"""Commendations get the date of their proposal (issue 15): backfilled with the decision's
date when decided, else the day the proposal was entered."""

from django.db import migrations, models
from django.utils import timezone


def backfill(apps, schema_editor):
    Commendation = apps.get_model("recognition", "Commendation")
    rows = list(Commendation.objects.only("pk", "decision_date", "created_at"))
    for row in rows:
        row.proposed_on = row.decision_date or timezone.localdate(row.created_at)
    Commendation.objects.bulk_update(rows, ["proposed_on"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0002_seed_authorities_and_periods"),
    ]

    operations = [
        migrations.AddField(
            model_name="commendation",
            name="proposed_on",
            field=models.DateField(null=True, verbose_name="proposed on"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="commendation",
            name="proposed_on",
            field=models.DateField(verbose_name="proposed on"),
        ),
    ]
