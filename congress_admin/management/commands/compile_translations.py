from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/django.po to .mo with polib (no GNU gettext needed)."

    def handle(self, *args, **options):
        try:
            import polib
        except ImportError:
            raise CommandError("polib is missing: install the dev extras (./dev install)") from None
        for po_path in sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/*.po")):
            catalog = polib.pofile(str(po_path))
            catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(f"{po_path}: {catalog.percent_translated()} % translated")
