import pytest
from django.urls import reverse

from reports import services
from reports.choices import JobStatus, ReportKind
from reports.models import ReportJob
from tests.factories import UserFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # published on commit
def test_request_in_scope_renders_and_downloads(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))

    response = client.post(
        reverse("reports:job-request"),
        {"organization": tree["tay_ho"].pk, "kind": ReportKind.TEST},
        headers={"HX-Request": "true"},
    )

    job = ReportJob.objects.get()
    assert response.status_code == 200
    assert job.status == JobStatus.DONE
    assert reverse("reports:job-download", args=[job.pk]) in response.content.decode()
    download = client.get(reverse("reports:job-download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="test-HN-TH-')
    assert "Đảng bộ quận Tây Hồ" in pdf_text(b"".join(download.streaming_content))


def test_request_for_another_district_is_404_and_creates_nothing(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    response = client.post(
        reverse("reports:job-request"),
        {"organization": tree["long_bien"].pk, "kind": ReportKind.TEST},
    )

    assert response.status_code == 404
    assert ReportJob.objects.count() == 0


def test_request_for_the_parent_is_404_and_creates_nothing(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    response = client.post(
        reverse("reports:job-request"), {"organization": tree["city"].pk, "kind": ReportKind.TEST}
    )

    assert response.status_code == 404
    assert ReportJob.objects.count() == 0


def rendered_report(organization):
    """A done report about `organization`, requested by its own staff."""
    owner = UserFactory(scope=organization, role="staff")
    job = services.request_report(
        user=owner, organization=organization, kind=ReportKind.TEST, language="vi"
    )
    services.render_report(job_id=job.pk)
    return job


def test_status_and_download_of_another_districts_report_are_404(client, tree):
    job = rendered_report(tree["long_bien"])
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))

    status = client.get(reverse("reports:job-status", args=[job.pk]))
    download = client.get(reverse("reports:job-download", args=[job.pk]))

    assert (status.status_code, download.status_code) == (404, 404)


def test_city_staff_see_a_district_report(client, tree):
    job = rendered_report(tree["long_bien"])
    client.force_login(UserFactory(scope=tree["city"], role="leader"))

    download = client.get(reverse("reports:job-download", args=[job.pk]))

    assert download.status_code == 200


def test_status_of_pending_job_keeps_polling(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    job = services.request_report(
        user=user, organization=tree["tay_ho"], kind=ReportKind.TEST, language="vi"
    )  # queued: on_commit does not fire inside the test transaction
    client.force_login(user)

    response = client.get(reverse("reports:job-status", args=[job.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert 'hx-trigger="every 2s"' in body
    assert "Đang chờ" in body


def test_download_of_unfinished_job_is_404(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    job = services.request_report(
        user=user, organization=tree["tay_ho"], kind=ReportKind.TEST, language="vi"
    )
    client.force_login(user)

    response = client.get(reverse("reports:job-download", args=[job.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("jobs", [1, 4])
def test_job_list_query_count_is_constant(client, tree, jobs, django_assert_num_queries):
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    for year in range(2020, 2020 + jobs):  # different requests: identical ones share a job
        services.request_report(
            user=user,
            organization=tree["tay_ho"],
            kind=ReportKind.TEST,
            language="vi",
            parameters={"year": year},
        )
    client.force_login(user)

    # session, user, grants, count, page of jobs
    with django_assert_num_queries(5):
        response = client.get(reverse("reports:job-list"))

    assert len(response.context["page"]) == jobs


def test_the_organization_list_shows_the_users_own_recent_reports(client, tree):
    """The panel reports registers with organizations.hooks (organizations imports no reports)."""
    mine = rendered_report(tree["tay_ho"])
    theirs = rendered_report(tree["tay_ho"])
    client.force_login(mine.requested_by)

    response = client.get(reverse("organizations:organization-list"))

    assert list(response.context["recent_jobs"]) == [mine]
    assert f'id="job-{mine.pk}"' in response.content.decode()
    assert f'id="job-{theirs.pk}"' not in response.content.decode()
