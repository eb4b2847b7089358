"""Issue 21, item 8: a user's report requests are limited per minute, and an identical request
within the minute gets the job already made instead of a new one."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.choices import FileFormat, JobStatus, ReportKind
from reports.models import ReportJob
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ask(user, organization, **overrides):
    values = {
        "user": user,
        "organization": organization,
        "kind": ReportKind.TEST,
        "language": "vi",
        "parameters": {"year": 2020},
        "file_format": FileFormat.PDF,
    } | overrides
    return services.request_report(**values)


def test_an_identical_request_within_a_minute_reuses_the_job(tree):
    user = UserFactory(scope=tree["tay_ho"], role="leader")

    first = ask(user, tree["tay_ho"])
    again = ask(user, tree["tay_ho"], parameters={"year": 2020})

    assert again.pk == first.pk
    assert ReportJob.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"language": "en"},
        {"file_format": FileFormat.XLSX},
        {"parameters": {"year": 2021}},
        {"kind": ReportKind.CONGRESS_SUMMARY},
    ],
)
def test_a_request_that_differs_makes_a_new_job(tree, change):
    user = UserFactory(scope=tree["tay_ho"], role="leader")

    first = ask(user, tree["tay_ho"])
    other = ask(user, tree["tay_ho"], **change)

    assert other.pk != first.pk


def test_an_older_finished_or_someone_elses_job_is_not_reused(tree):
    """A finished job may show data changed since: a new job is made (and gets the finished
    file without rendering when the data are unchanged, the fingerprint rule)."""
    user = UserFactory(scope=tree["tay_ho"], role="leader")
    old = ask(user, tree["tay_ho"])
    ReportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    failed = ask(user, tree["tay_ho"])
    ReportJob.objects.filter(pk=failed.pk).update(status=JobStatus.FAILED)
    done = ask(user, tree["tay_ho"])
    ReportJob.objects.filter(pk=done.pk).update(status=JobStatus.DONE)
    running = ask(user, tree["tay_ho"])
    ReportJob.objects.filter(pk=running.pk).update(status=JobStatus.RUNNING)
    colleague = ask(UserFactory(scope=tree["tay_ho"], role="leader"), tree["tay_ho"])

    assert ask(user, tree["tay_ho"]).pk == running.pk
    assert len({old.pk, failed.pk, done.pk, running.pk, colleague.pk}) == 5


def test_requests_past_the_limit_per_minute_are_refused(tree, settings):
    settings.REPORT_JOBS_PER_USER_PER_MINUTE = 3
    user = UserFactory(scope=tree["tay_ho"], role="leader")
    for year in (2020, 2021, 2022):
        ask(user, tree["tay_ho"], parameters={"year": year})

    with pytest.raises(services.TooManyReports):
        ask(user, tree["tay_ho"], parameters={"year": 2023})
    # Identical to one already made: the job is given back, nothing is counted.
    assert ask(user, tree["tay_ho"], parameters={"year": 2021}).parameters == {"year": 2021}
    # Another user has a limit of their own; a minute later the user may ask again.
    ask(UserFactory(scope=tree["tay_ho"], role="leader"), tree["tay_ho"])
    ReportJob.objects.update(created_at=timezone.now() - timedelta(seconds=61))
    ask(user, tree["tay_ho"], parameters={"year": 2023})
    assert ReportJob.objects.count() == 5


def test_a_flood_of_requests_is_answered_429_with_a_translated_page(client, tree, settings):
    settings.REPORT_JOBS_PER_USER_PER_MINUTE = 2
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    url = reverse("reports:job-request")

    def post(year):
        data = {"organization": tree["tay_ho"].pk, "kind": ReportKind.TEST, "year": year}
        return client.post(url, data)

    statuses = [post(year).status_code for year in (2020, 2021, 2022)]
    again = post(2020)
    refused = post(2023)

    assert statuses == [302, 302, 429]
    assert again.status_code == 302  # the job already made
    assert refused.status_code == 429
    assert ReportJob.objects.count() == 2
    assert "Mỗi phút chỉ được yêu cầu tối đa 2 báo cáo." in refused.content.decode()
