"""Migration 0017 rebuilds the members moved by the mergers recorded before 0014 from the
members' audit rows (issue 15): where each member was when the merger ran."""

import datetime

from tests.migrating import latest_schema_after, migrate, migration_test  # noqa: F401 (an autouse fixture)

pytestmark = migration_test

BEFORE = [("organizations", "0016_member_plain_indexes"), ("audit", "0001_initial")]
AFTER = [("organizations", "0017_backfill_member_moves")]
EARLY = datetime.date(2021, 3, 1)
MERGED_ON = datetime.date(2025, 7, 1)


def _world(old):
    """Three wards and a successor; members created, edited and merged as the services of
    before 0014 did it (audit rows, no MemberMove)."""
    Organization = old.get_model("organizations", "Organization")
    Kind = old.get_model("organizations", "OrganizationKind")
    Member = old.get_model("organizations", "Member")
    Merge = old.get_model("organizations", "OrganizationMerge")
    AuditEvent = old.get_model("audit", "AuditEvent")
    kind, _ = Kind.objects.get_or_create(
        code="chi-bo-co-so", defaults={"name": "Chi bộ cơ sở", "level": 3}
    )

    def organization(path, code):
        return Organization.objects.create(
            path=path, depth=len(path) // 4, numchild=0, code=code, name=code, kind=kind
        )

    first, second, third, successor, elsewhere = (
        organization(path, code)
        for path, code in (
            ("0001", "P01"), ("0002", "P02"), ("0003", "P03"), ("0004", "NEW"), ("0005", "X"),
        )
    )  # fmt: skip

    def member(code, organization):
        return Member.objects.create(
            code=code, full_name=code, name_key=code.lower(), gender="male",
            birth_date=datetime.date(1980, 1, 1), ethnicity="Kinh",
            admitted_on=datetime.date(2010, 1, 1), organization=organization,
            org_path=organization.path,
        )  # fmt: skip

    def audit(action, target, data, path="0001"):
        AuditEvent.objects.create(
            action=action, target_type=target._meta.label_lower, target_id=str(target.pk),
            target_repr=str(target.pk), organization_path=path, data=data,
        )  # fmt: skip

    def created(code, organization):
        row = member(code, organization)
        audit("member.created", row, {"organization": organization.pk, "full_name": code})
        return row

    def moved(row, organization):
        change = {
            "before": {"organization": row.organization_id},
            "after": {"organization": organization.pk},
        }
        audit("member.updated", row, change)
        row.organization = organization
        row.save()

    def merged(predecessor, into, day, count):
        Merge.objects.create(predecessor=predecessor, successor=into, merged_on=day)
        audit("organization.merged", predecessor, {"successor": into.code, "members_moved": count})
        for row in Member.objects.filter(organization=predecessor):
            row.organization, row.org_path = into, into.path
            row.save()

    stays = created("DV-STAYS", first)  # in P01 when it merges: moved
    left = created("DV-LEFT", first)
    moved(left, elsewhere)  # edited out of P01 before the merger: not moved by it
    joined = created("DV-JOINED", elsewhere)
    moved(joined, second)  # edited into P02 before its merger: moved
    chained = created("DV-CHAIN", third)  # P03 → P01 early, then P01 → NEW: two moves
    silent = member("DV-NO-AUDIT", first)  # no audit row: cannot be placed
    merged(third, first, EARLY, 1)
    merged(first, successor, MERGED_ON, 3)
    merged(second, successor, MERGED_ON, 1)
    late = created("DV-LATE", successor)  # created in the successor after the merger
    return {
        "first": first, "second": second, "third": third, "successor": successor,
        "members": [stays, left, joined, chained, silent, late],
    }  # fmt: skip


def test_the_members_a_merger_moved_are_found_from_their_audit_rows():
    world = _world(migrate(BEFORE))

    new = migrate(AFTER)
    MemberMove = new.get_model("organizations", "MemberMove")

    rows = sorted(
        MemberMove.objects.values_list(
            "member__code", "from_organization__code", "to_organization__code", "moved_on"
        )
    )
    assert rows == [
        ("DV-CHAIN", "P01", "NEW", MERGED_ON),
        ("DV-CHAIN", "P03", "P01", EARLY),
        ("DV-JOINED", "P02", "NEW", MERGED_ON),
        ("DV-STAYS", "P01", "NEW", MERGED_ON),
    ]
    assert world["successor"].code == "NEW"


def test_the_backfill_is_idempotent_and_its_reverse_changes_nothing():
    _world(migrate(BEFORE))
    migrate(AFTER)

    back = migrate(BEFORE)
    kept = back.get_model("organizations", "MemberMove").objects.count()
    again = migrate(AFTER)

    assert kept == 4
    assert again.get_model("organizations", "MemberMove").objects.count() == 4
