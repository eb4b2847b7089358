"""Migration 0014 rebuilds the moves of the past from the audit: a merger's moves dated by the
merger, other moves by their audit row's day (issue 15, items 1 and 5)."""

import datetime

from django.utils import timezone

from tests.migrating import latest_schema_after, migrate, migration_test  # noqa: F401 (an autouse fixture)

pytestmark = migration_test

BEFORE = [("organizations", "0013_organization_valid_to_label"), ("audit", "0001_initial")]
AFTER = [("organizations", "0014_organization_moves")]
MERGED_ON = datetime.date(2025, 7, 1)


def test_the_moves_of_the_audit_become_dated_moves():
    old = migrate(BEFORE)
    Organization = old.get_model("organizations", "Organization")
    Kind = old.get_model("organizations", "OrganizationKind")
    AuditEvent = old.get_model("audit", "AuditEvent")
    kind, _ = Kind.objects.get_or_create(
        code="chi-bo-co-so", defaults={"name": "Chi bộ cơ sở", "level": 3}
    )

    def organization(path, code, **values):
        return Organization.objects.create(
            path=path, depth=len(path) // 4, numchild=0, code=code, name=code, kind=kind, **values
        )

    predecessor = organization("0001", "OLD", valid_to=MERGED_ON)
    organization("0002", "NEW")
    merged_cell = organization("00020001", "CELL-MERGED")
    moved_cell = organization("00020002", "CELL-MOVED")
    old.get_model("organizations", "OrganizationMerge").objects.create(
        predecessor=predecessor, successor_id=Organization.objects.get(code="NEW").pk,
        merged_on=MERGED_ON,
    )  # fmt: skip
    for cell, old_path, parent in (
        (merged_cell, "00010001", "0001"),
        (moved_cell, "00030001", "0003"),
    ):
        AuditEvent.objects.create(
            action="organization.moved", target_type="organizations.organization",
            target_id=str(cell.pk), target_repr=cell.code, organization_path=cell.path,
            data={"from_parent_path": parent, "old_path": old_path, "to": "NEW"},
        )  # fmt: skip
    AuditEvent.objects.create(
        action="organization.created", target_type="organizations.organization",
        target_id=str(moved_cell.pk), target_repr="x", organization_path="0002", data={},
    )  # fmt: skip

    new = migrate(AFTER)
    moves = new.get_model("organizations", "OrganizationMove").objects.order_by("pk")

    assert [(move.organization_id, move.old_path, move.new_path) for move in moves] == [
        (merged_cell.pk, "00010001", "00020001"),
        (moved_cell.pk, "00030001", "00020002"),
    ]
    assert moves[0].moved_on == MERGED_ON
    audit_day = AuditEvent.objects.get(target_id=str(moved_cell.pk), action="organization.moved")
    assert moves[1].moved_on == timezone.localtime(audit_day.created_at).date()
