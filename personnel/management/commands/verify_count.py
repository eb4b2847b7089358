from django.core.management.base import BaseCommand, CommandError

from congresses.models import Congress
from personnel.tally.verify import verify_congress


class Command(BaseCommand):
    help = (
        "Verify a congress's count log: the hash chain, and every round recomputed from the "
        "log with count_round against the stored rounds. Exits non-zero on any mismatch."
    )

    def add_arguments(self, parser):
        parser.add_argument("congress", type=int, help="the congress's id")
        parser.add_argument(
            "--require-log",
            action="store_true",
            help="a round recorded from the paper minutes, not in the log, is a mismatch too",
        )

    def handle(self, *args, congress, require_log, **options):
        instance = Congress.objects.filter(pk=congress).select_related("organization").first()
        if instance is None:
            raise CommandError(f"There is no congress {congress}.")
        report = verify_congress(instance, require_log=require_log)
        self.stdout.write(f"Congress {instance.pk}: {instance.organization.name}")
        for ok, text in report.findings:
            self.stdout.write(f"{'OK' if ok else 'MISMATCH'}  {text}")
        self.stdout.write(f"Final hash: {report.head} ({report.entries} entries)")
        mismatches = sum(1 for ok, _text in report.findings if not ok)
        if mismatches:
            raise CommandError(f"{mismatches} mismatch(es) in the count of congress {congress}.")
        self.stdout.write("The count log verifies.")
