"""MemberMove rows for the mergers recorded before migration 0014 existed.

0014 rebuilt the moves of organizations from the audit ("organization.moved") but no
MemberMove: the audit row of a merger ("organization.merged") keeps only how many members it
moved. The members' own audit rows say which: "member.created" holds the organization a
member was created in (`data.organization`, its key) and "member.updated" the one an edit or
an import moved them to (`data.after.organization`). Replayed in the order they were written,
with the mergers (OrganizationMerge, at the time of their audit row), they give the
organization each member was in when a merger ran; the members then in a predecessor are the
ones the merger moved into its successor (services._move_members moved them all, gone
members included), on the merger's day.

Idempotent: a merger whose MemberMove rows are all there (as many as its audit row counts,
services.merge_organizations writes them since 0014) is left alone, and a (member, from
organization) pair already recorded is not added again; nothing is read when no merger lacks
its rows. A member with no audit row naming their organization before the merger (rows
written by SQL or by the demo's bulk insert) cannot be placed and gets no row: their history
before the merger stays where their path says (the successor), as before this migration.
Works on SQLite and PostgreSQL (the JSON key lookups are Django's). The reverse does nothing:
the rows it adds cannot be told from those the service wrote, and they are true history.
"""

from collections import Counter, defaultdict

from django.db import migrations
from django.db.models import Q

MEMBER = "organizations.member"
CHUNK = 500


def _merges(apps):
    """The mergers as (time, audit pk, predecessor, successor, merged_on, members moved or
    None), the time and count from their audit row when there is one."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    OrganizationMerge = apps.get_model("organizations", "OrganizationMerge")
    audited = {
        target_id: (created_at, pk, (data or {}).get("members_moved"))
        for target_id, data, created_at, pk in AuditEvent.objects.filter(
            action="organization.merged", target_type="organizations.organization"
        )
        .order_by("created_at", "pk")
        .values_list("target_id", "data", "created_at", "pk")
    }
    merges = []
    for predecessor, successor, merged_on, created_at in OrganizationMerge.objects.values_list(
        "predecessor_id", "successor_id", "merged_on", "created_at"
    ):
        at, pk, moved = audited.get(str(predecessor), (created_at, 0, None))
        merges.append((at, pk, predecessor, successor, merged_on, moved))
    return merges


def _organization_of(action, data):
    """The organization (key) an audit row of a member put them in, or None."""
    data = data or {}
    if action == "member.created":
        return data.get("organization")
    after = data.get("after") or {}
    return after.get("organization") if isinstance(after, dict) else None


def _member_events(apps, predecessors):
    """(time, audit pk, member pk, organization pk) of every audit row placing a member in an
    organization, for the members one of them ever placed in one of `predecessors`."""
    AuditEvent = apps.get_model("audit", "AuditEvent")
    rows = AuditEvent.objects.filter(
        target_type=MEMBER, action__in=("member.created", "member.updated")
    )
    named = rows.filter(
        Q(action="member.created", data__organization__in=predecessors)
        | Q(action="member.updated", data__after__organization__in=predecessors)
    )
    members = sorted(set(named.values_list("target_id", flat=True)))
    events = []
    for start in range(0, len(members), CHUNK):
        chunk = members[start : start + CHUNK]
        for target_id, action, data, created_at, pk in rows.filter(
            target_id__in=chunk
        ).values_list("target_id", "action", "data", "created_at", "pk"):
            organization = _organization_of(action, data)
            if organization is not None and str(target_id).isdigit():
                events.append((created_at, pk, int(target_id), int(organization)))
    return events


def backfill_member_moves(apps, schema_editor):
    Member = apps.get_model("organizations", "Member")
    MemberMove = apps.get_model("organizations", "MemberMove")
    merges = _merges(apps)
    recorded = Counter(MemberMove.objects.values_list("from_organization_id", flat=True))
    lacking = [
        merge for merge in merges if merge[5] is None or recorded[merge[2]] < merge[5]
    ]
    if not lacking:
        return
    predecessors = sorted({merge[2] for merge in merges})
    events = _member_events(apps, predecessors)
    existing = set(MemberMove.objects.values_list("member_id", "from_organization_id"))
    moved_before = defaultdict(set)  # predecessor: its members already recorded as moved
    for member, predecessor in existing:
        moved_before[predecessor].add(member)

    # The replay: (time, audit pk, 0, member, organization) and (time, audit pk, 1, merge).
    timeline = [(at, pk, 0, (member, organization)) for at, pk, member, organization in events]
    timeline += [(merge[0], merge[1], 1, merge) for merge in merges]
    timeline.sort(key=lambda entry: (entry[0], entry[1], entry[2]))
    where, members_of = {}, defaultdict(set)
    wanted = []
    for _at, _pk, is_merge, entry in timeline:
        if not is_merge:
            member, organization = entry
            members_of[where.get(member)].discard(member)
            where[member] = organization
            members_of[organization].add(member)
            continue
        _time, _audit, predecessor, successor, merged_on, _count = entry
        moved = members_of.pop(predecessor, set()) | moved_before[predecessor]
        for member in moved:
            where[member] = successor
            members_of[successor].add(member)
            if (member, predecessor) not in existing:
                wanted.append((member, predecessor, successor, merged_on))

    alive = set()
    keys = sorted({member for member, *_rest in wanted})
    for start in range(0, len(keys), CHUNK):
        alive.update(
            Member.objects.filter(pk__in=keys[start : start + CHUNK]).values_list("pk", flat=True)
        )
    MemberMove.objects.bulk_create(
        [
            MemberMove(
                member_id=member,
                from_organization_id=predecessor,
                to_organization_id=successor,
                moved_on=merged_on,
            )
            for member, predecessor, successor, merged_on in sorted(wanted)
            if member in alive
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("organizations", "0016_member_plain_indexes"),
    ]

    operations = [
        migrations.RunPython(backfill_member_moves, migrations.RunPython.noop, elidable=True),
    ]
