from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from organizations import import_jobs, spreadsheets


class Command(BaseCommand):
    help = (
        "Import organizations and party members from an .xlsx file (sheets “Tổ chức” and "
        "“Đảng viên”). All or nothing: any error and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the .xlsx file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and print the counts only"
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="import as this user, within their scope (default: the system, full scope)",
        )
        parser.add_argument(
            "--max-size-mb",
            type=int,
            default=spreadsheets.MAX_FILE_SIZE // (1024 * 1024),
            help="largest file accepted, in MB (default: %(default)s, as for web uploads)",
        )

    def handle(self, *args, file, dry_run, user, max_size_mb, **options):
        importer = None
        if user:
            try:
                importer = get_user_model().objects.get(username=user, is_active=True)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No active user named {user!r}.") from None
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        plan = spreadsheets.import_workbook(
            source=file,
            user=importer,
            dry_run=dry_run,
            name=file.name,
            max_size=max_size_mb * 1024 * 1024,
            # Never beside an import job applying to an overlapping subtree (as the web import).
            before_apply=import_jobs.refuse_when_busy,
        )
        for error in plan.errors:
            self.stderr.write(str(error))
        if plan.errors:
            raise CommandError(
                _("%(count)s errors; nothing was imported.") % {"count": len(plan.errors)}
            )
        counts = plan.counts
        for kind, label in (("organizations", _("Organizations")), ("members", _("Members"))):
            self.stdout.write(
                _("%(label)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % {"label": label, **counts[kind]}
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
