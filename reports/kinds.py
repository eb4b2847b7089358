"""What each kind of report shows: a template and a function that gathers its data.

Each context function reads through querysets that aggregate in the database; the later
report kinds (congress summary, dossier, classification, commendations, working group) plug
in here without touching the job plumbing.
"""

from dataclasses import dataclass

from django.db.models import Count

from organizations.models import Organization
from reports.choices import ReportKind


@dataclass(frozen=True)
class KindSpec:
    template: str
    build_context: object


def issuing_lines(organization):
    """The issuing committee's lines for the letterhead: its parent, then itself, in capitals."""
    parent = Organization.objects.get_parent(organization) if organization.depth > 1 else None
    lines = [parent.name.upper()] if parent else []
    lines.append(organization.name.upper())
    return lines


def test_report_context(job):
    organization = job.organization
    kind_counts = list(
        Organization.objects.in_subtree(organization)
        .values("kind__name", "kind__level")
        .annotate(count=Count("pk"))
        .order_by("kind__level", "kind__name")
    )
    return {
        "organization": organization,
        "issuing_lines": issuing_lines(organization),
        "kind_counts": kind_counts,
        "total": sum(row["count"] for row in kind_counts),
    }


KINDS = {
    ReportKind.TEST: KindSpec("reports/pdf/test_report.html", test_report_context),
}
