"""What each kind of report shows: a template and a function that gathers its data.

A context function returns the report's title and its sections; a section holds paragraphs,
tables (`Table`: a title, column headings, rows of cells) and, for charts, SVG built by
congresses.charts. The PDF templates and the Excel export read the same tables, so both show
the same figures. Every figure comes from a selector of the app reported on (a grouped query
over the subtree); what an issue has not built yet, or what has no rows, is an explicit
"no data" section. One module per kind; `KINDS` is the registry.
"""

from reports.choices import ReportKind
from reports.kinds.classification_summary import classification_summary_context
from reports.kinds.commendations import commendations_context
from reports.kinds.common import CLOSING, OPENING, KindSpec, Section, Table, _header
from reports.kinds.congress_dossier import congress_dossier_context
from reports.kinds.congress_file import congress_file_context
from reports.kinds.congress_programme import congress_programme_context
from reports.kinds.congress_summary import congress_summary_context, test_report_context
from reports.kinds.credentials_report import credentials_report_context
from reports.kinds.delegate_cards import delegate_cards_context
from reports.kinds.quick_report import quick_report_context
from reports.kinds.results_rollup import results_rollup_context
from reports.kinds.working_group import working_group_context


def _assemble_congress_file(job, **renderers):
    from reports.congress_file import assemble

    return assemble(job, **renderers)


__all__ = ["KINDS", "KindSpec", "Section", "Table", "build_context"]

KINDS = {
    ReportKind.TEST: KindSpec("reports/pdf/report.html", test_report_context),
    ReportKind.CONGRESS_SUMMARY: KindSpec(
        "reports/pdf/congress_summary.html", congress_summary_context, ("term",)
    ),
    ReportKind.CONGRESS_DOSSIER: KindSpec(
        # A dossier is a file of documents, not a numbered document: no "Số …" line.
        "reports/pdf/congress_dossier.html",
        congress_dossier_context,
        ("congress",),
        "",
    ),
    ReportKind.CLASSIFICATION_SUMMARY: KindSpec(
        "reports/pdf/classification_summary.html", classification_summary_context, ("year",)
    ),
    ReportKind.COMMENDATIONS: KindSpec(
        "reports/pdf/commendations.html", commendations_context, ("year", "decision"), "DS"
    ),
    ReportKind.WORKING_GROUP: KindSpec(
        "reports/pdf/working_group.html", working_group_context, ("group",)
    ),
    ReportKind.RESULTS_ROLLUP: KindSpec(
        "reports/pdf/report.html", results_rollup_context, ("term",)
    ),
    ReportKind.CREDENTIALS_REPORT: KindSpec(
        "reports/pdf/report.html",
        credentials_report_context,
        ("congress",),
        dated=False,
        congress_day=OPENING,
    ),
    ReportKind.DELEGATE_CARDS: KindSpec(
        "reports/pdf/delegate_cards.html",
        delegate_cards_context,
        ("congress",),
        signed=False,
        dated=False,
        congress_day=OPENING,
    ),
    ReportKind.QUICK_REPORT: KindSpec(
        "reports/pdf/report.html",
        quick_report_context,
        ("congress",),
        dated=False,
        congress_day=CLOSING,
    ),
    ReportKind.CONGRESS_PROGRAMME: KindSpec(
        "reports/pdf/report.html",
        congress_programme_context,
        ("congress",),
        dated=False,
        congress_day=OPENING,
    ),
    # A file of documents (R-RP-01), assembled from the other kinds and the uploads.
    ReportKind.CONGRESS_FILE: KindSpec(
        "reports/pdf/congress_file_part.html",
        congress_file_context,
        ("congress",),
        "",
        assemble=_assemble_congress_file,
        dated=False,
        congress_day=CLOSING,
    ),
}


def build_context(job):
    """The context common to every kind (letterhead, date) and the kind's own."""
    spec = KINDS[job.kind]
    return {**_header(job, spec), **spec.build_context(job)}
