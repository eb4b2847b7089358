"""Issue 18, item 12: a request form per report kind with only the fields that kind reads, a
spinner once sent, and a list that says kind, organization, term or year, date, language and
format; file names in local time."""

import datetime

import pytest
from django.urls import reverse

from reports.models import ReportJob
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def names(page):
    return {
        name
        for name in ("term", "year", "decision", "as_of", "file_format")
        if f'name="{name}"' in page
    }


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("congress-summary", {"term", "as_of", "file_format"}),
        ("results-rollup", {"term", "as_of", "file_format"}),
        ("classification-summary", {"year", "as_of", "file_format"}),
        ("commendations", {"year", "decision", "as_of", "file_format"}),
    ],
)
def test_each_kind_asks_only_for_its_own_fields(client, tree, kind, fields):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    url = reverse("reports:report-new", args=[tree["tay_ho"].pk])

    page = client.get(url, {"kind": kind}).content.decode()
    fragment = client.get(url, {"kind": kind}, headers={"HX-Request": "true"}).content.decode()

    assert names(page) == names(fragment) == fields
    assert f'name="kind" value="{kind}"' in fragment
    assert "<html" not in fragment
    assert "data-busy-on-submit" in fragment


def test_an_unknown_kind_falls_back_to_the_first(client, tree):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    url = reverse("reports:report-new", args=[tree["tay_ho"].pk])

    page = client.get(url, {"kind": "test"}).content.decode()

    assert 'name="kind" value="congress-summary"' in page


def test_the_list_says_date_language_format_and_local_file_name(client, tree):
    user = UserFactory(scope=tree["tay_ho"], role="leader")
    requested = datetime.datetime(2026, 12, 3, 20, 30, tzinfo=datetime.UTC)
    job = ReportJob.objects.create(
        kind="results-rollup",
        organization=tree["tay_ho"],
        requested_by=user,
        parameters={"term": "2020–2025", "as_of": "2020-12-31"},
        language="en",
        file_format="xlsx",
    )
    ReportJob.objects.filter(pk=job.pk).update(created_at=requested)
    job.refresh_from_db()
    client.force_login(user)

    page = " ".join(client.get(reverse("reports:job-list")).content.decode().split())

    assert "nhiệm kỳ 2020–2025" in page
    assert "tính đến ngày 31/12/2020" in page
    assert "English · Excel" in page
    # 20:30 UTC is 03:30 the next day in Hồ Chí Minh City.
    assert job.filename == f"results-rollup-{tree['tay_ho'].code}-20261204-0330.xlsx"


@pytest.mark.parametrize(
    ("kind", "dated"),
    [("quick-report", False), ("credentials-report", False), ("congress-dossier", True)],
)
def test_a_past_date_is_taken_only_by_a_report_true_to_it(tree, kind, dated):
    """Issue 15, item 1: a congress-day document reads today's records, so a request for a
    past date is refused (its date would be printed over today's figures); the dossier is
    drawn up as of the date asked for."""
    from congresses.models import Term
    from reports.forms import ReportRequestForm
    from tests.factories import make_congress

    congress = make_congress(tree["tay_ho"], term=Term.objects.get(name="2020–2025"))
    user = UserFactory(scope=tree["tay_ho"], role="staff")
    data = {"organization": tree["tay_ho"].pk, "kind": kind, "congress": congress.pk}

    past = ReportRequestForm({**data, "as_of": "01/07/2020"}, user=user)
    today = ReportRequestForm(data, user=user)

    assert past.is_valid() is dated
    assert ("as_of" in past.errors) is not dated
    assert today.is_valid()
