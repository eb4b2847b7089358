"""Issue 15: a Celery task that computes dated figures reads the tree's moves once, as a request
does (organizations.querysets.moves_read_once), not again for every dated filter."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations import services
from organizations.models import ExportJob, Organization, OrganizationMove
from organizations.tasks import recount_figures_task, run_export_job_task
from reports.choices import ReportKind
from reports.models import ReportJob
from reports.tasks import render_report_task
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2020, 6, 1)
MOVED_ON = datetime.date(2021, 3, 1)
MOVES_TABLE = OrganizationMove._meta.db_table


@pytest.fixture
def moved(tree):
    """A cell of Xuân La with a member, moved to a ward of Long Biên on MOVED_ON: the figures of
    an earlier day replay the move."""
    ward = OrganizationFactory(code="HN-LB-P01", parent=tree["long_bien"])
    cell = OrganizationFactory(code="CB", parent=tree["xuan_la"])
    MemberFactory(code="DV-CB", organization=cell, admitted_on=datetime.date(2010, 1, 1))
    services.move_organization(organization=cell, new_parent=ward, actor=None, on=MOVED_ON)
    return Organization.objects.get(code="CB")


def reads_of_the_moves(run):
    with CaptureQueriesContext(connection) as captured:
        run()
    return sum(MOVES_TABLE in query["sql"] for query in captured.captured_queries)


def test_a_recount_of_dated_figures_reads_the_moves_once(tree, moved):
    params = {"as_of": BEFORE.isoformat()}

    reads = reads_of_the_moves(
        lambda: recount_figures_task.run(
            "organizations.statistics.count_subtree_figures", tree["tay_ho"].pk, params
        )
    )

    assert reads == 1


def test_an_export_of_a_past_day_reads_the_moves_once(tree, moved, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = UserFactory(scope=tree["tay_ho"], role="leader")
    job = ExportJob.objects.create(
        requested_by=user, organization=tree["tay_ho"], language="vi", as_of=BEFORE
    )

    reads = reads_of_the_moves(lambda: run_export_job_task.run(str(job.pk)))

    job.refresh_from_db()
    assert (job.status, reads) == ("done", 1)


def test_a_report_of_a_past_day_reads_the_moves_once(tree, moved, settings, tmp_path):
    # Already so before the tasks were wrapped: reports.services.build_files reads them once.
    settings.MEDIA_ROOT = tmp_path / "media"
    job = ReportJob.objects.create(
        kind=ReportKind.CONGRESS_SUMMARY,
        organization=tree["tay_ho"],
        parameters={"term": "2020-2025", "as_of": BEFORE.isoformat()},
        language="vi",
    )

    reads = reads_of_the_moves(lambda: render_report_task.run(job.pk))

    job.refresh_from_db()
    assert (job.status, reads) == ("done", 1)
