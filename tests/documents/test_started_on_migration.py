"""documents 0004 upgrades the follow-up tasks in place: each open or completed task gets the
day it moved to in progress from its audit trail, or none (unknown) when the trail does not
say."""

import datetime

from tests.migrating import latest_schema_after, migrate, migration_test  # noqa: F401 (fixture)

pytestmark = migration_test

D = datetime.date


def at(day):
    return datetime.datetime(day.year, day.month, day.day, 9, 0, tzinfo=datetime.UTC)


def test_each_task_gets_the_start_its_audit_trail_gives():
    old = migrate([("documents", "0003_followup_created_on"), ("audit", "0001_initial")])
    Organization = old.get_model("organizations", "Organization")
    Kind = old.get_model("organizations", "OrganizationKind")
    Term = old.get_model("congresses", "Term")
    Task = old.get_model("documents", "FollowUpTask")
    Event = old.get_model("audit", "AuditEvent")
    kind, _ = Kind.objects.get_or_create(
        code="chi-bo-co-so", defaults={"name": "Chi bộ cơ sở", "level": 3, "holds_members": True}
    )
    organization = Organization.objects.create(
        path="0001", depth=1, numchild=0, code="HN-TH-C01", name="Chi bộ Kho bạc", kind=kind
    )
    term, _ = Term.objects.get_or_create(
        name="2020–2025",
        defaults={"starts_on": D(2020, 1, 1), "ends_on": D(2025, 12, 31)},
    )
    common = {"organization": organization, "org_path": "0001", "term": term, "kind": "other",
              "title": "Việc", "owner": "Văn phòng", "deadline": D(2025, 12, 31),
              "created_on": D(2025, 4, 1)}  # fmt: skip
    moved = Task.objects.create(**common, status="in_progress")
    created_underway = Task.objects.create(**common, status="in_progress")
    straight_done = Task.objects.create(**common, status="done", done_on=D(2025, 6, 1))
    reopened = Task.objects.create(**common, status="in_progress")
    silent = Task.objects.create(**common, status="in_progress")
    to_do = Task.objects.create(**common)

    def event(task, action, data, day):
        row = Event.objects.create(
            action=action, target_type="documents.followuptask", target_id=str(task.pk),
            target_repr="Việc", organization_path="0001", data=data,
        )  # fmt: skip
        Event.objects.filter(pk=row.pk).update(created_at=at(day))

    def moved_to(task, before, after, day, **extra):
        data = {"before": {"status": before}, "after": {"status": after, **extra}}
        event(task, "follow_up.updated", data, day)

    for task in (moved, straight_done, reopened, to_do):
        event(task, "follow_up.created", {"status": "todo", "created_on": "2025-04-01"},
              D(2025, 4, 1))  # fmt: skip
    event(created_underway, "follow_up.created",
          {"status": "in_progress", "created_on": "2025-04-02"}, D(2025, 4, 2))  # fmt: skip
    moved_to(moved, "todo", "in_progress", D(2025, 5, 3))
    moved_to(straight_done, "todo", "done", D(2025, 6, 2), done_on="2025-06-01")
    moved_to(reopened, "todo", "in_progress", D(2025, 5, 5))
    moved_to(reopened, "in_progress", "done", D(2025, 6, 5), done_on="2025-06-05")
    moved_to(reopened, "done", "in_progress", D(2025, 6, 9), done_on=None)
    moved_to(to_do, "todo", "in_progress", D(2025, 5, 3))
    moved_to(to_do, "in_progress", "todo", D(2025, 5, 9))

    new = migrate([("documents", "0004_followup_started_on")])
    started = dict(
        new.get_model("documents", "FollowUpTask").objects.values_list("pk", "started_on")
    )

    assert started[moved.pk] == D(2025, 5, 3)
    assert started[created_underway.pk] == D(2025, 4, 2)
    assert started[straight_done.pk] == D(2025, 6, 1)
    assert started[reopened.pk] == D(2025, 5, 5)
    assert started[silent.pk] is None
    assert started[to_do.pk] is None
