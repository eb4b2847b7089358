import django.utils.timezone
from django.db import migrations, models
from django.db.models import DateField, F
from django.db.models.functions import Coalesce, Least


def backfill_created_on(apps, schema_editor):
    """The day each existing task was set, from the best date on record: the approval of the
    resolution that set it (its linked document), else the start of its term; never after
    the day it was done nor after its deadline (a task exists before it falls due)."""
    FollowUpTask = apps.get_model("documents", "FollowUpTask")
    best = Coalesce(F("document__approved_on"), F("term__starts_on"), output_field=DateField())
    day = Least(best, F("deadline"), output_field=DateField())
    tasks = list(FollowUpTask.objects.annotate(day=day).only("pk", "done_on"))
    for task in tasks:
        task.created_on = min(task.day, task.done_on) if task.done_on else task.day
    FollowUpTask.objects.bulk_update(tasks, ["created_on"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("congresses", "0001_initial"),
        ("documents", "0002_resolution"),
    ]

    operations = [
        migrations.AddField(
            model_name="followuptask",
            name="created_on",
            field=models.DateField(default=django.utils.timezone.localdate, verbose_name="created on"),
        ),
        migrations.RunPython(backfill_created_on, migrations.RunPython.noop),
    ]
