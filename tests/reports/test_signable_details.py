"""Issue 19, the verifier's gaps in documents a committee signs and files: the same bytes from
two jobs for the same data, document symbols kept on one line, the zero of zero, the place,
the programme's own type, the working group's recipients, the roll-up's table breaking."""

import datetime
import io
import zipfile

import pytest
from pypdf import PdfReader

from reports import services
from reports.choices import FileFormat, ReportKind
from reports.models import ReportJob

pytestmark = pytest.mark.django_db


def _saved_job(organization, requested, **fields):
    """A job saved with its own creation time, as two requests at different times make."""
    job = ReportJob.objects.create(organization=organization, **fields)
    ReportJob.objects.filter(pk=job.pk).update(created_at=requested)
    job.refresh_from_db()
    return job


def _two_jobs(demo, file_format):
    day = datetime.date(2020, 6, 30)
    parameters = {"term": "2020-2025", "as_of": day.isoformat()}
    early = datetime.datetime(2026, 12, 3, 1, 15, 7, tzinfo=datetime.UTC)
    return [
        _saved_job(
            demo["HCM-Q9"],
            requested,
            kind=ReportKind.CONGRESS_SUMMARY,
            parameters=parameters,
            language="vi",
            file_format=file_format,
        )
        for requested in (early, early + datetime.timedelta(hours=3, minutes=41, seconds=13))
    ]


def test_two_jobs_for_the_same_data_give_the_same_pdf_dated_the_report_date(demo):
    first, second = _two_jobs(demo, FileFormat.PDF)

    data = services.build_pdf(first)
    assert services.build_pdf(second) == data  # was different: the jobs' creation times

    info = PdfReader(io.BytesIO(data)).metadata
    assert info["/CreationDate"].startswith("D:20200630000000")
    assert info["/ModDate"] == info["/CreationDate"]


def test_two_jobs_for_the_same_data_give_the_same_workbook_dated_in_utc(demo):
    first, second = _two_jobs(demo, FileFormat.XLSX)

    data = services.build_document(first)[0]
    assert services.build_document(second)[0] == data

    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    # Midnight of 30 June 2020 in Hồ Chí Minh City (+07) is 17:00 UTC the day before.
    assert "2020-06-29T17:00:00Z" in core
    assert "2026-12-03" not in core
