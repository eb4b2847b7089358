from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organizations import spreadsheets
from organizations.models import Member, Organization


class Command(BaseCommand):
    help = "Export an organization's subtree and its party members to an .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("--root", required=True, metavar="CODE", help="the subtree's top")
        parser.add_argument("file", type=Path, help="the .xlsx file to write")

    def handle(self, *args, root, file, **options):
        try:
            organization = Organization.objects.get(code=root)
        except Organization.DoesNotExist:
            raise CommandError(f"No organization has the code {root!r}.") from None
        file.write_bytes(spreadsheets.export_workbook(root=organization))
        organizations = Organization.objects.in_subtree(organization).count()
        members = Member.objects.in_subtree(organization).count()
        self.stdout.write(f"{file}: {organizations} organization(s), {members} member(s).")
