"""How the tests render a report without the queue (the `rendering` fixture of tests/reports)."""

from django.utils import timezone, translation

from reports import services
from reports.choices import FileFormat, ReportKind
from reports.kinds import build_context
from reports.models import ReportJob
from tests.pdf import flat, pdf_text


class Rendering:
    """How the report tests render a report: an unsaved job (what the renderers take, without
    the queue), its context in its language, its sections, its PDF's text."""

    @staticmethod
    def job(
        organization,
        kind=ReportKind.TEST,
        language="vi",
        file_format=FileFormat.PDF,
        *,
        as_of=None,
        **parameters,
    ):
        """The job of `kind` for `organization`; `as_of` (a date or its ISO text) dates it."""
        if as_of is not None:
            parameters["as_of"] = as_of if isinstance(as_of, str) else as_of.isoformat()
        return ReportJob(
            kind=kind,
            organization=organization,
            parameters=parameters,
            language=language,
            file_format=file_format,
            created_at=timezone.now(),
        )

    @staticmethod
    def context(report):
        """The report's context, built in its language."""
        with translation.override(report.language):
            return build_context(report)

    @classmethod
    def sections(cls, report):
        """The report's sections by their heading, in order."""
        return {section.heading: section for section in cls.context(report)["sections"]}

    @classmethod
    def tables(cls, report):
        """Every table of the report's context, in order."""
        return [table for section in cls.context(report)["sections"] for table in section.tables]

    @staticmethod
    def lines(report):
        """The lines of the report's PDF, stripped."""
        return [line.strip() for line in pdf_text(services.build_pdf(report)).splitlines()]

    @staticmethod
    def text(report):
        """The text of the report's PDF as one line (see `flat`)."""
        return flat(pdf_text(services.build_pdf(report)))
