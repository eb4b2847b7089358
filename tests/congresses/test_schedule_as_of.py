"""The schedule grid on a date (issue 15, core.asof): the stage badges and the "overdue"
filter read on the date asked, the date in the heading, and on a past date a note that a save
changes today's schedule."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congresses import services
from congresses.choices import Stage
from congresses.models import Congress
from tests.asof_helpers import UNREADABLE, day_text, messages_of
from tests.factories import OrganizationFactory, UserFactory, make_congress

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()


@pytest.fixture
def staff(client, wave):
    user = UserFactory(scope=wave["tree"]["tay_ho"], role="staff")
    client.force_login(user)
    return user


def grid(client, wave, term, **query):
    url = reverse("congresses:schedule-grid", args=[wave["tree"]["tay_ho"].pk])
    return client.get(url, {"term": term.pk, **query})


def stages(response):
    return {row.congress.organization.code: row.congress.stage for row in response.context["rows"]}


@pytest.fixture
def reported(wave):
    """Xuân La's first cell: preparing since a report of ten days ago."""
    cell = wave["congresses"]["HN-TH-P07-CB1"]
    services.record_progress(
        congress=cell,
        actor=None,
        reported_on=TODAY - datetime.timedelta(days=10),
        stage_reached=Stage.PREPARING,
        note="Đã lập kế hoạch",
    )
    return Congress.objects.get(pk=cell.pk)


def test_the_grid_on_a_past_date_shows_the_stage_then_and_says_saves_act_on_today(
    client, wave, term, staff, reported
):
    before = day_text(TODAY - datetime.timedelta(days=20))

    then = grid(client, wave, term, as_of=before)
    now = grid(client, wave, term)

    assert stages(then)["HN-TH-P07-CB1"] == Stage.PLANNED
    assert stages(now)["HN-TH-P07-CB1"] == Stage.PREPARING
    page = then.content.decode()
    assert f"tính đến ngày {before}" in page
    assert 'id="as-of" name="as_of" type="text"' in page
    assert f"Hiển thị như ngày {before}. Những gì thêm hoặc sửa tại đây được ghi vào" in page
    assert "Hiển thị như ngày" not in now.content.decode()
    assert then.context["as_of_past"] is True
    assert now.context["as_of_past"] is False
    # The saved congress itself is untouched: only the page's copy is dated.
    assert Congress.objects.get(pk=reported.pk).stage == Stage.PREPARING


def test_the_overdue_filter_reads_the_date_asked(client, wave, term, staff):
    cell = wave["congresses"]["HN-TH-P07-CB1"]
    Congress.objects.filter(pk=cell.pk).update(planned_date=D(2020, 3, 2))

    def overdue(day):
        response = grid(client, wave, term, overdue="on", as_of=day)
        return [row.congress.pk for row in response.context["rows"]]

    assert overdue("01/03/2020") == []
    assert overdue("03/03/2020") == [cell.pk]


def test_an_unreadable_date_shows_today_with_a_message(client, wave, term, staff, reported):
    response = grid(client, wave, term, as_of="31/02/2020")

    assert messages_of(response) == [UNREADABLE]
    assert response.context["as_of"] == TODAY
    assert stages(response)["HN-TH-P07-CB1"] == Stage.PREPARING


def grid_queries(client, wave, term, **query):
    with CaptureQueriesContext(connection) as queries:
        response = grid(client, wave, term, **query)
    assert response.status_code == 200
    return len(queries)


def test_the_grid_on_a_past_date_takes_the_same_queries_whatever_its_rows(
    client, wave, term, staff
):
    grid(client, wave, term)  # the session remembers the term
    few = grid_queries(client, wave, term, as_of="01/01/2020", stage=Stage.PLANNED)
    for number in range(20):
        cell = OrganizationFactory(code=f"HN-TH-P07-X{number}", parent=wave["tree"]["xuan_la"])
        make_congress(cell, term=term, planned=D(2020, 3, 2))

    many = grid_queries(client, wave, term, as_of="01/01/2020", stage=Stage.PLANNED)

    # session, user, grants, organization, term, the tree's moves (the subtree as it stood),
    # count, page (the stage on the date a subquery of it), level windows, level labels, the
    # filter's terms
    assert many == few == 11
