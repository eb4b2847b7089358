"""Property tests of "as of" on the pages (issue 15, items 4 and 5): for a random date, the
figures of the pages that take one agree with the report contexts for that date, and no event
after the date appears on them."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.asof import member_on
from documents.choices import TaskStatus
from documents.models import FollowUpTask
from organizations import statistics
from organizations.models import Member
from recognition import selectors as recognition
from recognition.models import Period
from reports.choices import FileFormat, ReportKind
from reports.kinds import build_context
from reports.models import ReportJob
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CODES = ("HN-TH", "HN-LB", "HCM-Q9", "HCM-Q10", "CT-TN")
DAYS = st.dates(datetime.date(2016, 1, 1), datetime.date(2022, 6, 30))
RATINGS = ("excellent", "good", "complete", "failed")
SHOWN_DATE = re.compile(r"\b(\d{2})/(\d{2})/(\d{4})\b")
SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def context_of(organization, kind, day, **parameters):
    job = ReportJob(
        kind=kind,
        organization=organization,
        parameters={"as_of": day.isoformat(), **parameters},
        language="vi",
        file_format=FileFormat.PDF,
        created_at=timezone.now(),
    )
    with translation.override("vi"):
        return build_context(job)


def page(client, organization, name, day, **query):
    """The page `name` of `organization` on `day`, asked as dd/mm/yyyy, by a leader of it."""
    user = UserFactory(scope=organization, role="leader")
    client.force_login(user)
    with translation.override("vi"):
        response = client.get(
            reverse(name, args=[organization.pk]), {"as_of": f"{day:%d/%m/%Y}", **query}
        )
    assert response.status_code == 200
    assert response.context["as_of"] == day
    return response


def main_html(response):
    html = response.content.decode()
    return html[html.index("<main") :]


def later_dates(html, day):
    return [
        shown
        for shown in (
            datetime.date(int(year), int(month), int(number))
            for number, month, year in SHOWN_DATE.findall(html)
        )
        if shown > day
    ]


def section(context, heading):
    """The section of `context` headed `heading` (English, as the code names it)."""
    with translation.override("vi"):
        heading = translation.gettext(heading)
    return next(part for part in context["sections"] if part.heading == heading)


@SETTINGS
@given(code=st.sampled_from(CODES), day=DAYS, data=st.data())
def test_the_recognition_page_agrees_with_the_classification_summary(client, demo, code, day, data):
    years = sorted(Period.objects.filter(kind="year").values_list("year", flat=True))
    year = data.draw(st.sampled_from(years))
    organization = demo[code]

    response = page(client, organization, "recognition:overview", day, year=year)
    context = context_of(organization, ReportKind.CLASSIFICATION_SUMMARY, day, year=year)

    summary = response.context["summary"]
    organizations = section(context, "Party organizations")
    expected_rows = [
        [row["label"], *(row[key] for key in RATINGS), row["exemplary"], row["total"]]
        for row in summary["organizations"]
    ]
    assert (organizations.tables[0].rows if organizations.tables else []) == expected_rows
    members = section(context, "Party members")
    if summary["members_total"]:
        assert members.tables[0].rows == [
            [*(summary["members"][rating] for rating in RATINGS), summary["members_total"]]
        ]
    else:
        assert members.no_data
    assert [rating.pk for rating in response.context["exemplary"]] == [
        rating.pk
        for rating in recognition.exemplary_list(
            organization=organization,
            period=Period.objects.get(kind="year", year=year),
            as_of=day,
        )
    ]
    granted = sum(
        row["collectives"] + row["individuals"] for row in response.context["commendations"]
    )
    assert granted == len(recognition.approved_commendations(organization, year=year, as_of=day))
    # The year's regulation and the decisions it lists may name later years' dates only as
    # text of the period; no decision, rating or commendation dated after `day` is shown.
    assert later_dates(main_html(response), day) == []


@SETTINGS
@given(code=st.sampled_from(CODES), day=DAYS)
def test_the_follow_up_page_agrees_with_the_congress_summary(client, demo, code, day):
    organization = demo[code]

    response = page(client, organization, "documents:followup-list", day)
    context = context_of(organization, ReportKind.CONGRESS_SUMMARY, day, term="2020-2025")

    counts = response.context["counts"]
    follow_up = section(context, "Follow-up tasks")
    rows = [] if follow_up.no_data else follow_up.tables[0].rows
    with translation.override("vi"):
        summary = {str(label): count for label, count in rows}
        shown = {
            str(TaskStatus(key).label): counts[key]
            for key in ("todo", "in_progress", "done")
            if counts[key]
        }
    assert shown == summary
    assert counts["total"] == sum(summary.values())
    listed = list(response.context["page"])
    assert all(task.created_on <= day for task in listed)
    assert all(task.status_on != "done" or task.done_on <= day for task in listed)
    assert counts["total"] == FollowUpTask.objects.in_subtree(organization).on(day).count()


@SETTINGS
@given(code=st.sampled_from(CODES), day=DAYS)
def test_the_organization_page_counts_the_members_on_the_date(client, demo, code, day):
    organization = demo[code]

    response = page(client, organization, "organizations:organization-detail", day)

    figures = response.context["members"]
    on_the_day = Member.objects.in_subtree_on(organization, day).filter(member_on(day))
    assert figures["total"] == on_the_day.count()
    assert figures["official"] == on_the_day.filter(official_on__lte=day).count()
    assert figures == statistics.member_statistics(organization, as_of=day)
    assert sum(count for _ethnicity, count in response.context["ethnicities"]) == figures["total"]
