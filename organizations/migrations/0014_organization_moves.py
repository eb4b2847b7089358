import django.db.models.deletion
import organizations.paths
from django.db import migrations, models
from django.utils import timezone


def backfill_moves(apps, schema_editor):
    """One OrganizationMove per audit row "organization.moved" (its data holds the old path, its
    organization path the new one), dated by the merger it was part of (the moved
    organization's parent before the move merged away: OrganizationMerge.merged_on) or else by
    the audit row's day. The members a merger moved directly cannot be told apart afterwards
    (the audit keeps only their number): no MemberMove is backfilled."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    Organization = apps.get_model("organizations", "Organization")
    OrganizationMerge = apps.get_model("organizations", "OrganizationMerge")
    OrganizationMove = apps.get_model("organizations", "OrganizationMove")
    merged_on = {
        predecessor_path: day
        for predecessor_path, day in OrganizationMerge.objects.values_list(
            "predecessor__path", "merged_on"
        )
    }
    events = AuditEvent.objects.filter(action="organization.moved").order_by("created_at", "pk")
    organizations = {
        str(pk): pk for pk in Organization.objects.values_list("pk", flat=True)
    }
    moves = []
    for event in events.iterator():
        data = event.data or {}
        old_path = data.get("old_path")
        pk = organizations.get(str(event.target_id))
        if not old_path or pk is None or not event.organization_path:
            continue
        day = merged_on.get(data.get("from_parent_path") or old_path[:-4])
        moves.append(
            OrganizationMove(
                organization_id=pk,
                old_path=old_path,
                new_path=event.organization_path,
                moved_on=day or timezone.localtime(event.created_at).date(),
            )
        )
    OrganizationMove.objects.bulk_create(moves, batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("organizations", "0013_organization_valid_to_label"),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganizationMove",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("old_path", organizations.paths.PathField(max_length=255, verbose_name="path before")),
                ("new_path", organizations.paths.PathField(max_length=255, verbose_name="path after")),
                ("moved_on", models.DateField(verbose_name="moved on")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="moves",
                        to="organizations.organization",
                        verbose_name="organization",
                    ),
                ),
            ],
            options={
                "verbose_name": "move in the tree",
                "verbose_name_plural": "moves in the tree",
                "ordering": ["pk"],
            },
        ),
        migrations.CreateModel(
            name="MemberMove",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("moved_on", models.DateField(verbose_name="moved on")),
                (
                    "member",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="moves",
                        to="organizations.member",
                        verbose_name="member",
                    ),
                ),
                (
                    "from_organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="from",
                    ),
                ),
                (
                    "to_organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organizations.organization",
                        verbose_name="to",
                    ),
                ),
            ],
            options={
                "verbose_name": "member moved by a merger",
                "verbose_name_plural": "members moved by mergers",
                "indexes": [models.Index(fields=["moved_on"], name="member_move_day")],
            },
        ),
        migrations.RunPython(backfill_moves, migrations.RunPython.noop),
    ]
