"""The day of a vote, apart from the moment it was typed: existing votes were dated when they
were recorded (the local date of recorded_at)."""

from django.db import migrations, models
from django.utils import timezone


def fill(apps, schema_editor):
    Vote = apps.get_model("congress_day", "Vote")
    changed = []
    for vote in Vote.objects.only("pk", "recorded_at").iterator():
        vote.voted_on = timezone.localdate(vote.recorded_at)
        changed.append(vote)
    Vote.objects.bulk_update(changed, ["voted_on"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("congress_day", "0003_vote_ballot")]

    operations = [
        migrations.AddField(
            model_name="vote",
            name="voted_on",
            field=models.DateField(null=True, verbose_name="date of the vote"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="vote",
            name="voted_on",
            field=models.DateField(verbose_name="date of the vote"),
        ),
        migrations.AlterModelOptions(
            name="vote",
            options={
                "ordering": ["congress", "voted_on", "recorded_at", "pk"],
                "verbose_name": "vote",
                "verbose_name_plural": "congress votes",
            },
        ),
    ]
