"""The day each follow-up task moved to in progress (issue 15, item 1: a task's status on a
date). Existing tasks get it from their audit trail, the one record of when a status changed:
the day of the last move into "in progress" (a reopened completed task keeps its start), the
day it was set for a task created in progress, the day it was completed for a task taken
straight from "to do" to completed (it was to do until then). A task the trail says nothing
about keeps it empty: unknown, and shown so. Never before the day the task was set nor after
the day it was done."""

import datetime

from django.db import migrations, models
from django.utils import timezone

OPEN = ("in_progress", "done")


def _day(value):
    if value in (None, ""):
        return None
    return datetime.date.fromisoformat(str(value)[:10])


def _start(task, events):
    """The start the trail gives `task` (None when it does not say)."""
    started = None
    for action, data, created_at in events:
        if action == "follow_up.created":
            if data.get("status") == "in_progress":
                started = _day(data.get("created_on")) or task.created_on
            continue
        before, after = data.get("before") or {}, data.get("after") or {}
        if "status" not in after:
            continue
        old, new = before.get("status"), after["status"]
        if new == "todo":
            started = None
        elif new == "in_progress" and old != "done":
            started = timezone.localdate(created_at)
        elif new == "done" and old == "todo":
            started = _day(after.get("done_on")) or timezone.localdate(created_at)
    if started is None:
        return None
    started = max(started, task.created_on)
    if task.done_on:
        started = min(started, task.done_on)
    return started


def backfill_started_on(apps, schema_editor):
    FollowUpTask = apps.get_model("documents", "FollowUpTask")
    AuditEvent = apps.get_model("audit", "AuditEvent")
    tasks = {
        str(task.pk): task
        for task in FollowUpTask.objects.filter(status__in=OPEN).only(
            "pk", "created_on", "done_on"
        )
    }
    if not tasks:
        return
    trails = {}
    events = (
        AuditEvent.objects.filter(
            target_type="documents.followuptask",
            action__in=["follow_up.created", "follow_up.updated"],
        )
        .order_by("created_at", "pk")
        .values_list("target_id", "action", "data", "created_at")
    )
    for target_id, action, data, created_at in events.iterator(chunk_size=2000):
        if target_id in tasks:
            trails.setdefault(target_id, []).append((action, data or {}, created_at))
    changed = []
    for key, task in tasks.items():
        task.started_on = _start(task, trails.get(key, []))
        if task.started_on is not None:
            changed.append(task)
    FollowUpTask.objects.bulk_update(changed, ["started_on"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("documents", "0003_followup_created_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="followuptask",
            name="started_on",
            field=models.DateField(blank=True, null=True, verbose_name="started on"),
        ),
        migrations.RunPython(backfill_started_on, migrations.RunPython.noop),
    ]
