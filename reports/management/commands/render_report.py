"""Render a report synchronously, through the same code as the workers.

    python manage.py render_report congress-summary --org HN-TH --term 2020-2025 \\
        --output tay-ho.pdf [--language vi|en]
"""

import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from organizations.models import Organization
from reports.choices import FileFormat, ReportKind
from reports.models import ReportJob
from reports.services import build_files


class Command(BaseCommand):
    help = (
        "Render a report to a file without a worker. KIND is one of: "
        + ", ".join(kind.value for kind in ReportKind)
        + ". congress-summary and results-rollup take --term; congress-dossier, "
        "credentials-report, delegate-cards and quick-report --congress ID; "
        "classification-summary --period YEAR; commendations --period YEAR or --decision NUMBER; "
        "working-group --group ID; congress-programme and congress-file --congress ID (the "
        "congress file also writes the zip of its uploaded files next to the PDF, same name "
        ".zip). The format follows the output's extension (.pdf or .xlsx)."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=[kind.value for kind in ReportKind])
        parser.add_argument("--org", required=True, help="code of the organization")
        parser.add_argument("--output", required=True, help="file to write (.pdf or .xlsx)")
        parser.add_argument(
            "--term", help="term, e.g. 2020-2025 (congress-summary, results-rollup)"
        )
        parser.add_argument("--period", type=int, help="year (classification, commendations)")
        parser.add_argument("--decision", help="decision number (commendations)")
        parser.add_argument(
            "--congress",
            type=int,
            help="congress id (congress-dossier, credentials-report, delegate-cards, quick-report, "
            "congress-programme, congress-file)",
        )
        parser.add_argument("--group", type=int, help="working group id (working-group)")
        parser.add_argument("--language", choices=["vi", "en"], default="vi")
        parser.add_argument("--date", help="date of the document, DD/MM/YYYY (default today)")

    def handle(self, *args, **options):
        organization = Organization.objects.filter(code=options["org"]).first()
        if organization is None:
            raise CommandError(f"No organization with code {options['org']!r}.")
        output = Path(options["output"])
        file_format = FileFormat.XLSX if output.suffix.lower() == ".xlsx" else FileFormat.PDF
        parameters = {
            "term": options["term"],
            "year": options["period"],
            "decision": options["decision"],
            "congress": options["congress"],
            "group": options["group"],
        }
        if options["date"]:
            try:
                day_text, month_text, year_text = options["date"].split("/")
                day = datetime.date(int(year_text), int(month_text), int(day_text))
            except ValueError as error:
                raise CommandError("--date must be DD/MM/YYYY.") from error
            parameters["as_of"] = day.isoformat()
        # An unsaved job: the command renders, it does not queue or store anything.
        job = ReportJob(
            kind=options["kind"],
            organization=organization,
            parameters={name: value for name, value in parameters.items() if value},
            language=options["language"],
            file_format=file_format,
            created_at=timezone.now(),
        )
        try:
            data, _fingerprint, bundle = build_files(job)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        output.write_bytes(data)
        self.stdout.write(f"{output} ({len(data):,} bytes)")
        if bundle is not None:
            attached = output.with_suffix(".zip")
            attached.write_bytes(bundle)
            self.stdout.write(f"{attached} ({len(bundle):,} bytes)")
