"""Figures true to their date (issue 15): the day a stage was reached and the day a congress
was held, backfilled from what the rows already say."""

from django.db import migrations, models
from django.utils import timezone

HELD = ("held", "results_approved")


def backfill(apps, schema_editor):
    Congress = apps.get_model("congresses", "Congress")
    StageTransition = apps.get_model("congresses", "StageTransition")
    # Held congresses: the closing date, else the opening date, else the day the move into a
    # held stage was typed (its transition), else the day the stage last changed.
    into_held = {}
    for congress_id, at in (
        StageTransition.objects.filter(to_stage="held")
        .order_by("congress_id", "at", "id")
        .values_list("congress_id", "at")
    ):
        into_held[congress_id] = timezone.localdate(at)
    held = []
    for congress in Congress.objects.filter(stage__in=HELD).only(
        "pk", "ended_on", "started_on", "stage_changed_at"
    ):
        congress.held_on = (
            congress.ended_on
            or congress.started_on
            or into_held.get(congress.pk)
            or (congress.stage_changed_at and timezone.localdate(congress.stage_changed_at))
        )
        held.append(congress)
    Congress.objects.bulk_update(held, ["held_on"], batch_size=1000)
    held_on = {congress.pk: congress.held_on for congress in held}
    # Transitions: a move into "held" took effect on the day the congress was held; any other
    # on the day it was typed.
    changed = []
    for transition in StageTransition.objects.only("pk", "congress_id", "to_stage", "at"):
        day = timezone.localdate(transition.at)
        if transition.to_stage == "held" and held_on.get(transition.congress_id):
            day = held_on[transition.congress_id]
        transition.effective_on = day
        changed.append(transition)
    StageTransition.objects.bulk_update(changed, ["effective_on"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("congresses", "0003_progress_submission_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="congress",
            name="held_on",
            field=models.DateField(blank=True, editable=False, null=True, verbose_name="held on"),
        ),
        migrations.AddField(
            model_name="stagetransition",
            name="effective_on",
            field=models.DateField(null=True, verbose_name="effective on"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="stagetransition",
            name="effective_on",
            field=models.DateField(verbose_name="effective on"),
        ),
        migrations.AlterModelOptions(
            name="stagetransition",
            options={
                "ordering": ["congress", "effective_on", "at", "id"],
                "verbose_name": "stage change",
                "verbose_name_plural": "stage changes",
            },
        ),
        migrations.AddIndex(
            model_name="congress",
            index=models.Index(fields=["term", "org_path", "held_on"], name="congress_held_on"),
        ),
    ]
