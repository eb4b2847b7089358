"""`manage.py seed_demo`: every app's demo data, in order, and one demo account per role.

It calls the demo builders of every app, so it is wiring and lives in the project package,
the top layer (docs/architecture.md, "Layers")."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from congress_day.demo import build_demo_congress_day
from congresses.demo import build_demo_reform_congress, build_demo_waves
from core.audit import record_audit
from delegates.demo import build_demo_delegates, build_demo_member_roll
from documents.demo import build_demo_documents
from organizations.choices import Role
from organizations.demo import build_demo_members, build_demo_reform, build_demo_tree
from organizations.models import RoleGrant
from personnel.demo import build_demo_appointed_committee, build_demo_personnel
from recognition.demo import build_demo_recognition
from reports.demo import (
    build_demo_political_report,
    build_demo_quick_report,
    build_demo_summary_text,
)

DEMO_PASSWORD = "demo-congress-2025"

# username, full name, role, organization code (None: site administrator of everything)
DEMO_ACCOUNTS = [
    ("admin", "Quản trị hệ thống", Role.ADMIN, None),
    ("canbo.tayho", "Nguyễn Thị Hòa", Role.STAFF, "HN-TH"),
    ("lanhdao.tayho", "Trần Văn Minh", Role.LEADER, "HN-TH"),
    # A working-group member: the grants follow the group's assignments (Xuân La's group).
    ("totacong.tayho", "Lê Văn Tâm", Role.WORKING_GROUP, None),
    ("bithu.xuanla", "Phạm Thị Lan", Role.SECRETARY, "HN-TH-P07"),
    ("canbo.quan10", "Võ Thị Thu", Role.STAFF, "HCM-Q10"),
    # Quận 9's staff and the three members of its counting committee who enter the tally of
    # the congress day (congress_day.demo; synthetic names).
    ("canbo.quan9", "Đỗ Thị Hạnh", Role.STAFF, "HCM-Q9"),
    ("kiemphieu1.quan9", "Trần Văn Kiểm", Role.STAFF, "HCM-Q9"),
    ("kiemphieu2.quan9", "Lê Thị Phiếu", Role.STAFF, "HCM-Q9"),
    ("kiemphieu3.quan9", "Ngô Văn Đếm", Role.STAFF, "HCM-Q9"),
]


class Command(BaseCommand):
    help = "Load the demo organization tree and one demo account per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-uploads",
            action="store_true",
            help="Leave out the uploaded files (Quận 9's 40-page political report, rendered "
            "once and kept in the storage): the test suite's demo.",
        )

    @transaction.atomic
    def handle(self, *args, without_uploads=False, **options):
        organizations = build_demo_tree()
        created_members = build_demo_members(organizations)
        User = get_user_model()
        for username, full_name, role, code in DEMO_ACCOUNTS:
            # Vietnamese names are family name first: keep the whole name in one field so that
            # get_full_name() does not reverse it.
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": full_name}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                if role == Role.ADMIN:
                    user.is_staff = user.is_superuser = True
                user.save()
            if code is not None:
                RoleGrant.objects.get_or_create(
                    user=user, role=role, organization=organizations[code]
                )
        users = {user.username: user for user in User.objects.all()}
        created_congresses = build_demo_waves(
            staff_user=users["canbo.tayho"], group_user=users["totacong.tayho"]
        )
        build_demo_documents(actor=users["canbo.tayho"])
        build_demo_personnel()
        build_demo_delegates()
        build_demo_member_roll()
        build_demo_congress_day()
        build_demo_quick_report()
        if not without_uploads:
            build_demo_political_report()
        build_demo_summary_text()
        build_demo_recognition()
        # The 2025 reform on one branch, after the 2020 demo it leaves as it was (R-OR-05).
        ward = build_demo_reform()
        build_demo_appointed_committee(build_demo_reform_congress(ward))
        if created_members:
            root = organizations["HN"]
            record_audit(
                actor=None,
                action="demo.seeded",
                target=root,
                data={"members_created": created_members},
                organization_path="",
            )
        if connection.vendor == "postgresql":
            # Planner statistics for the tables just filled, as autovacuum would give them a
            # minute later: without them the member list sorted a district's 4,300 members for
            # each page (9 ms instead of 0.9 ms) during the first minute of the load test.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Demo data ready: {len(organizations)} organizations, {created_members} new members, "
            f"{created_congresses} new congresses, "
            f"{len(DEMO_ACCOUNTS)} accounts (password {DEMO_PASSWORD})."
        )
