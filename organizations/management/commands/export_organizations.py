from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.asof import parse_as_of, today
from organizations import spreadsheets
from organizations.models import Organization


class Command(BaseCommand):
    help = "Export an organization's subtree and its party members to an .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("--root", required=True, metavar="CODE", help="the subtree's top")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            type=parse_as_of,
            default=None,
            metavar="DATE",
            help="the date the export shows (dd/mm/yyyy or yyyy-mm-dd; default today)",
        )
        parser.add_argument("file", type=Path, help="the .xlsx file to write")

    def handle(self, *args, root, file, as_of, **options):
        try:
            organization = Organization.objects.get(code=root)
        except Organization.DoesNotExist:
            raise CommandError(f"No organization has the code {root!r}.") from None
        as_of = as_of or today()
        file.write_bytes(spreadsheets.export_workbook(root=organization, as_of=as_of))
        organizations, members = spreadsheets.export_rows(organization, as_of=as_of)
        self.stdout.write(f"{file}: {organizations} organization(s), {members} member(s).")
