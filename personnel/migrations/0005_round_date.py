"""Election rounds get their date (issue 15): backfilled from their congress (closing date,
else opening date), else the day the round was entered."""

from django.db import migrations, models
from django.utils import timezone


def backfill(apps, schema_editor):
    ElectionRound = apps.get_model("personnel", "ElectionRound")
    rounds = list(
        ElectionRound.objects.select_related("ballot__congress").only(
            "pk", "created_at", "ballot__congress__ended_on", "ballot__congress__started_on"
        )
    )
    for election_round in rounds:
        congress = election_round.ballot.congress
        election_round.held_on = (
            congress.ended_on or congress.started_on or timezone.localdate(election_round.created_at)
        )
    ElectionRound.objects.bulk_update(rounds, ["held_on"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("personnel", "0004_nominations_counting_committee"),
        ("congresses", "0004_effective_dates"),
    ]

    operations = [
        migrations.AddField(
            model_name="electionround",
            name="held_on",
            field=models.DateField(null=True, verbose_name="date of the round"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="electionround",
            name="held_on",
            field=models.DateField(verbose_name="date of the round"),
        ),
    ]
