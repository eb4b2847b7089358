"""Bulk scheduling (issue 18, item 10): the schedule grid, its window warnings and its xlsx
round trip; all or nothing, every change audited as the congress form audits it."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from congresses import services
from congresses.models import Congress
from tests.factories import OrganizationFactory, UserFactory, make_congress

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, wave):
    user = UserFactory(scope=wave["tree"]["tay_ho"], role="staff")
    client.force_login(user)
    return user


def grid_url(wave, term):
    return reverse("congresses:schedule-grid", args=[wave["tree"]["tay_ho"].pk]) + (
        f"?term={term.pk}"
    )


def ordered(wave):
    """Tây Hồ's congresses in the grid's (tree) order."""
    return list(Congress.objects.in_subtree(wave["tree"]["tay_ho"]).order_by("org_path"))


def payload(congresses, changes=None):
    changes = changes or {}
    """The grid's POST for `congresses`, as loaded, with `changes` ({pk: {field: value}})."""
    data = {
        "form-TOTAL_FORMS": str(len(congresses)),
        "form-INITIAL_FORMS": str(len(congresses)),
    }
    for index, congress in enumerate(congresses):
        values = {
            "congress": congress.pk,
            "version": congress.version,
            "planned_date": congress.planned_date.strftime("%d/%m/%Y")
            if congress.planned_date
            else "",
            "venue": congress.venue,
        }
        if congress.is_pilot:
            values["is_pilot"] = "on"
        values.update(changes.get(congress.pk, {}))
        data.update({f"form-{index}-{name}": value for name, value in values.items()})
    return data


def in_windows(wave):
    """A date inside each congress's level window (2020–2025)."""
    days = {
        2: "15/07/2020",
        3: "15/04/2020",
        4: "15/03/2020",
        5: "15/03/2020",
    }
    return {congress.pk: {"planned_date": days[congress.level]} for congress in ordered(wave)}


def snapshot():
    return (
        list(Congress.objects.order_by("pk").values_list("pk", "planned_date", "venue", "version")),
        AuditEvent.objects.count(),
    )


def test_the_grid_saves_many_congresses_at_once_each_audited(client, wave, term, staff):
    congresses = ordered(wave)
    changes = in_windows(wave)
    changes[congresses[0].pk]["venue"] = "Hội trường Quận ủy"

    response = client.post(grid_url(wave, term), payload(congresses, changes))

    assert response.status_code == 302
    saved = {congress.pk: congress for congress in ordered(wave)}
    assert all(saved[pk].planned_date is not None for pk in changes)
    assert saved[congresses[0].pk].venue == "Hội trường Quận ủy"
    events = AuditEvent.objects.filter(action="congress.updated")
    assert events.count() == len(congresses)
    assert {event.actor_id for event in events} == {staff.pk}


def test_one_bad_row_saves_nothing_names_the_row_and_keeps_what_was_typed(
    client, wave, term, staff
):
    congresses = ordered(wave)
    changes = in_windows(wave)
    bad = congresses[1]
    changes[bad.pk] = {"planned_date": "31/02/2020"}
    before = snapshot()

    response = client.post(grid_url(wave, term), payload(congresses, changes))

    assert response.status_code == 200
    assert snapshot() == before
    problems = response.context["problems"]
    assert [problem["name"] for problem in problems] == [bad.organization.name]
    assert problems[0]["label"] == "planned date" or problems[0]["label"]
    page = response.content.decode()
    assert 'value="31/02/2020"' in page
    assert 'value="15/04/2020"' in page or 'value="15/07/2020"' in page


def test_a_congress_changed_since_the_page_was_loaded_refuses_the_save(client, wave, term, staff):
    congresses = ordered(wave)
    other = congresses[2]
    services.update_congress(
        congress=Congress.objects.get(pk=other.pk),
        actor=None,
        expected_version=1,
        venue="Nhà văn hóa",
    )
    before = snapshot()

    response = client.post(grid_url(wave, term), payload(congresses, in_windows(wave)))

    assert response.status_code == 200
    assert snapshot() == before
    assert [problem["name"] for problem in response.context["problems"]] == [
        other.organization.name
    ]


def test_a_congress_out_of_scope_forged_in_the_post_is_refused(client, wave, term, staff):
    long_bien = make_congress(wave["tree"]["long_bien"], term=term)
    congresses = [*ordered(wave), long_bien]
    before = snapshot()

    response = client.post(
        grid_url(wave, term),
        payload(congresses, in_windows(wave) | {long_bien.pk: {"planned_date": "01/08/2020"}}),
    )

    assert response.status_code == 200
    assert snapshot() == before
    assert len(response.context["problems"]) == 1


def test_a_date_outside_its_window_warns_and_needs_confirming(client, wave, term, staff):
    """R-WV-02: Xuân La's grassroots window is 01/04–30/06/2020; a pilot on 19/03 warns."""
    congresses = ordered(wave)
    xuan_la = next(congress for congress in congresses if congress.level == 3)
    changes = {xuan_la.pk: {"planned_date": "19/03/2020", "is_pilot": "on"}}
    before = snapshot()

    asked = client.post(grid_url(wave, term), payload(congresses, changes))

    assert asked.status_code == 200
    assert snapshot() == before
    assert [warning["name"] for warning in asked.context["warnings"]] == [xuan_la.organization.name]
    assert "01/04/2020" in asked.content.decode()
    assert 'name="confirmed"' in asked.content.decode()

    confirmed = client.post(
        grid_url(wave, term), payload(congresses, changes) | {"confirmed": "on"}
    )

    assert confirmed.status_code == 302
    saved = Congress.objects.get(pk=xuan_la.pk)
    assert saved.planned_date == datetime.date(2020, 3, 19)
    assert saved.is_pilot
    # Loaded again, the row shows the warning of the date saved.
    page = client.get(grid_url(wave, term))
    row = next(row for row in page.context["rows"] if row.congress.pk == xuan_la.pk)
    assert row.warnings


def download(client, wave, term):
    url = reverse("congresses:schedule-download", args=[wave["tree"]["tay_ho"].pk])
    response = client.get(url, {"term": term.pk})
    assert response.status_code == 200
    return response.content


def upload(client, wave, term, data, **extra):
    url = reverse("congresses:schedule-upload", args=[wave["tree"]["tay_ho"].pk])
    return client.post(
        f"{url}?term={term.pk}", {"file": SimpleUploadedFile("lich.xlsx", data), **extra}
    )


def edited(data, edit):
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    edit(workbook.active)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_the_download_is_byte_identical_and_uploads_back_to_no_change(client, wave, term, staff):
    first = download(client, wave, term)
    before = snapshot()

    response = upload(client, wave, term, download(client, wave, term))

    assert download(client, wave, term) == first
    assert response.status_code == 302
    assert snapshot() == before


def test_an_edited_workbook_saves_dates_venues_and_pilots(client, wave, term, staff):
    xuan_la = next(congress for congress in ordered(wave) if congress.level == 3)

    def edit(sheet):
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == xuan_la.pk:
                row[6].value = datetime.date(2020, 5, 20)
                row[7].value = "Hội trường phường"
                row[8].value = "Có"
            elif row[0].value is not None:
                row[6].value = (
                    "15/03/2020" if row[4].value != "Cấp trên cơ sở (quận, huyện)" else ""
                )

    response = upload(
        client, wave, term, edited(download(client, wave, term), edit), confirmed="on"
    )

    assert response.status_code == 302
    saved = Congress.objects.get(pk=xuan_la.pk)
    assert (saved.planned_date, saved.venue, saved.is_pilot) == (
        datetime.date(2020, 5, 20),
        "Hội trường phường",
        True,
    )
    assert AuditEvent.objects.filter(action="congress.updated").count() == 3


def test_an_upload_with_a_bad_row_saves_nothing_and_names_row_and_column(client, wave, term, staff):
    def edit(sheet):
        sheet["G2"] = "15/04/2020"
        sheet["G3"] = "31/02/2020"

    before = snapshot()

    response = upload(client, wave, term, edited(download(client, wave, term), edit))

    assert response.status_code == 200
    assert snapshot() == before
    errors = [str(error) for error in response.context["errors"]]
    assert len(errors) == 1
    assert "Lịch đại hội" in errors[0]
    assert " 3" in errors[0]
    assert "Ngày đại hội" in errors[0]


def test_an_upload_naming_a_congress_of_another_district_is_refused(client, wave, term, staff):
    long_bien = make_congress(wave["tree"]["long_bien"], term=term)

    def edit(sheet):
        sheet["A2"] = long_bien.pk
        sheet["G2"] = "15/07/2020"

    before = snapshot()

    response = upload(client, wave, term, edited(download(client, wave, term), edit))

    assert response.status_code == 200
    assert snapshot() == before
    assert "Lịch đại hội" in str(response.context["errors"][0])


def test_a_file_that_is_not_a_workbook_is_refused(client, wave, term, staff):
    response = upload(client, wave, term, b"PK\x03\x04 not really a zip")

    assert response.status_code == 200
    assert response.context["errors"]


def grid_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_grid_takes_the_same_queries_whatever_its_rows(client, wave, term, staff):
    url = grid_url(wave, term)
    client.get(url)  # the session remembers the term
    few = grid_queries(client, url)
    for number in range(20):
        cell = OrganizationFactory(code=f"HN-TH-P07-X{number}", parent=wave["tree"]["xuan_la"])
        make_congress(cell, term=term, planned=datetime.date(2020, 3, 2))

    many = grid_queries(client, url)

    assert many == few
    assert many <= 11  # 10 measured: session, user, grants, organization, term, count, page,
    # level windows, level labels, the filter's terms


def test_staff_find_the_grid_from_the_congress_list_and_the_wave(client, wave, term, staff):
    tay_ho = wave["tree"]["tay_ho"]
    grid = reverse("congresses:schedule-grid", args=[tay_ho.pk])

    listing = client.get(reverse("congresses:congress-list", args=[tay_ho.pk]), {"term": term.pk})
    dashboard = client.get(reverse("congresses:wave-dashboard", args=[tay_ho.pk]))

    assert grid in listing.content.decode()
    assert grid in dashboard.content.decode()


@pytest.mark.parametrize("role", ["working_group", "leader"])
def test_only_staff_schedule(client, wave, term, role):
    client.force_login(UserFactory(scope=wave["tree"]["tay_ho"], role=role))

    assert client.get(grid_url(wave, term)).status_code == 403


def test_another_districts_staff_do_not_see_the_grid(client, wave, term):
    client.force_login(UserFactory(scope=wave["tree"]["long_bien"], role="staff"))
    tay_ho = wave["tree"]["tay_ho"]

    for name in ("schedule-grid", "schedule-download", "schedule-upload"):
        assert client.get(reverse(f"congresses:{name}", args=[tay_ho.pk])).status_code == 404


def test_the_page_shows_the_problems_by_organization_and_field(client, wave, term, staff):
    congresses = ordered(wave)
    xuan_la = next(congress for congress in congresses if congress.level == 3)

    response = client.post(
        grid_url(wave, term), payload(congresses, {xuan_la.pk: {"planned_date": "01/01/2200"}})
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f"<strong>{xuan_la.organization.name}</strong> · Ngày dự kiến" in page
    assert 'value="01/01/2200"' in page


def test_an_upload_with_warnings_is_saved_by_its_confirmation(client, wave, term, staff):
    xuan_la = next(congress for congress in ordered(wave) if congress.level == 3)

    def edit(sheet):
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == xuan_la.pk:
                row[6].value = "19/03/2020"

    before = snapshot()
    url = reverse("congresses:schedule-upload", args=[wave["tree"]["tay_ho"].pk])

    asked = upload(client, wave, term, edited(download(client, wave, term), edit))
    unchanged = snapshot()
    confirmed = client.post(f"{url}?term={term.pk}", {"pending": "1", "confirmed": "on"})
    again = client.post(f"{url}?term={term.pk}", {"pending": "1", "confirmed": "on"})

    assert asked.status_code == 200
    assert unchanged == before
    assert "Lịch đại hội" in str(asked.context["warnings"][0])
    assert 'name="pending"' in asked.content.decode()
    assert confirmed.status_code == 302
    assert Congress.objects.get(pk=xuan_la.pk).planned_date == datetime.date(2020, 3, 19)
    assert again.status_code == 200  # the rows were taken: nothing waits any more
    assert again.context["errors"]


def test_a_confirmation_is_refused_when_the_congress_changed_since_the_upload(
    client, wave, term, staff
):
    xuan_la = next(congress for congress in ordered(wave) if congress.level == 3)

    def edit(sheet):
        for row in sheet.iter_rows(min_row=2):
            if row[0].value == xuan_la.pk:
                row[6].value = "19/03/2020"

    url = reverse("congresses:schedule-upload", args=[wave["tree"]["tay_ho"].pk])
    upload(client, wave, term, edited(download(client, wave, term), edit))
    services.update_congress(
        congress=Congress.objects.get(pk=xuan_la.pk), actor=None, expected_version=1, venue="Khác"
    )
    before = snapshot()

    response = client.post(f"{url}?term={term.pk}", {"pending": "1", "confirmed": "on"})

    assert response.status_code == 200
    assert snapshot() == before
    assert xuan_la.organization.name in str(response.context["errors"][0])
