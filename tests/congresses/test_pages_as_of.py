"""The congress pages on a date (issue 15, item 1; core.asof): the congress list, a congress,
the worklist and the working groups show the wave as it stood on the date asked."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from congresses import services, working_groups
from congresses.choices import Stage
from congresses.models import Congress, Term
from tests.asof_helpers import UNREADABLE, day_text, messages_of
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()


@pytest.mark.parametrize("cells", [1, 15])
def test_congress_list_on_a_date_query_count_is_constant(
    client, tree, term, cells, django_assert_num_queries
):
    OrganizationFactory.create_batch(cells, parent=tree["xuan_la"])
    services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("congresses:congress-list", args=[tree["tay_ho"].pk])

    # session, user, grants, organization, current term, terms (filter), the moves in the tree
    # since the date (read once per request: organizations.querysets.subtree_on_q), count of
    # plan, page count, page (the stage on the date a subquery of it)
    with django_assert_num_queries(10):
        response = client.get(url, {"as_of": "01/01/2020", "stage": Stage.PLANNED})

    assert response.context["page"].paginator.count == 2 + cells


# --- A congress, the worklist and the working groups ----------------------------------------


@pytest.fixture
def reported(wave):
    """Xuân La's first cell: documents approved by a report of ten days ago."""
    cell = wave["congresses"]["HN-TH-P07-CB1"]
    services.record_progress(
        congress=cell,
        actor=None,
        reported_on=TODAY - datetime.timedelta(days=10),
        stage_reached=Stage.DOCUMENTS_APPROVED,
        note="Đã thông qua văn kiện",
    )
    return Congress.objects.get(pk=cell.pk)


def test_a_congress_on_a_past_date_shows_its_state_then_without_forms(client, wave, reported):
    client.force_login(UserFactory(scope=wave["tree"]["tay_ho"], role="staff"))
    url = reverse("congresses:congress-detail", args=[reported.pk])
    before = day_text(TODAY - datetime.timedelta(days=20))

    then = client.get(url, {"as_of": before})
    now = client.get(url)

    assert then.context["congress"].stage == Stage.PLANNED
    assert list(then.context["progress"]) == list(then.context["transitions"]) == []
    assert then.context["stage_form"] is then.context["progress_form"] is None
    assert then.context["training_form"] is None
    page = then.content.decode()
    assert 'id="past-state"' in page
    assert f"tính đến ngày {before}" in page
    progress_url = reverse("congresses:progress-create", args=[reported.pk])
    assert f'action="{progress_url}"' not in page
    # The dossier requested from the page is true to the same date.
    assert f'name="as_of" value="{before}"' in page
    # The congress itself is today's: the page's copy only is dated.
    assert now.context["congress"].stage == Stage.DOCUMENTS_APPROVED
    assert [entry.note for entry in now.context["progress"]] == ["Đã thông qua văn kiện"]
    assert now.context["progress_form"] is not None
    assert 'id="past-state"' not in now.content.decode()


def test_a_congress_with_an_unreadable_date_shows_today_with_a_message(client, wave, reported):
    client.force_login(UserFactory(scope=wave["tree"]["tay_ho"], role="staff"))

    response = client.get(
        reverse("congresses:congress-detail", args=[reported.pk]), {"as_of": "99/99/2020"}
    )

    assert response.status_code == 200
    assert UNREADABLE in messages_of(response)
    assert response.context["congress"].stage == Stage.DOCUMENTS_APPROVED


@pytest.fixture
def group(wave, term):
    user = UserFactory(username="totacong")
    working_groups.save_working_group(
        term=term,
        owner=wave["tree"]["tay_ho"],
        name="Tổ công tác số 3",
        leader_name="",
        members=[user],
        organizations=[wave["tree"]["xuan_la"]],
        actor=None,
    )
    return user


def test_the_worklist_shows_the_stage_and_urgency_on_the_date(client, wave, reported, group):
    Congress.objects.filter(pk=reported.pk).update(planned_date=TODAY - datetime.timedelta(days=5))
    client.force_login(group)
    url = reverse("congresses:worklist")

    then = client.get(url, {"as_of": day_text(TODAY - datetime.timedelta(days=20))})
    now = client.get(url)

    cell_then = next(c for c in then.context["page"] if c.pk == reported.pk)
    first_now = next(iter(now.context["page"]))
    assert cell_then.stage == Stage.PLANNED
    # Not yet overdue twenty days ago (urgency 1: planned ahead); overdue (planned five days
    # ago, not held) today, first.
    assert (cell_then.urgency, first_now.urgency) == (1, 0)
    assert first_now.pk == reported.pk
    assert first_now.stage == Stage.DOCUMENTS_APPROVED
    assert "tính đến ngày" in now.content.decode()


def test_the_working_groups_count_their_congresses_on_the_date(client, wave, group, term):
    for code, days in (("HN-TH-P07-CB1", 3), ("HN-TH-P07-CB2", 3), ("HN-TH-P07", 2)):
        services.record_progress(congress=Congress.objects.get(pk=wave["congresses"][code].pk),
                                 actor=None, stage_reached=Stage.HELD,
                                 reported_on=TODAY - datetime.timedelta(days=days))  # fmt: skip
    client.force_login(UserFactory(scope=wave["tree"]["tay_ho"], role="staff"))
    url = reverse("congresses:group-list", args=[wave["tree"]["tay_ho"].pk])

    then = client.get(url, {"as_of": day_text(TODAY - datetime.timedelta(days=4))})
    now = client.get(url)

    # Only the ward is assigned directly (as the dashboard's table of working groups counts):
    # held two days ago.
    (group_then,) = then.context["groups"]
    (group_now,) = now.context["groups"]
    assert (group_then.progress["planned"], group_then.progress["held"]) == (1, 0)
    assert (group_now.progress["planned"], group_now.progress["held"]) == (1, 1)
    assert f'name="as_of" value="{day_text(TODAY - datetime.timedelta(days=4))}"' in (
        then.content.decode()
    )


def test_the_stage_on_today_is_the_stage_itself_without_a_subquery(wave, reported):
    """No stage change is dated in the future: today's pages read the stage column."""
    congresses = Congress.objects.filter(term=reported.term)

    today = congresses.with_stage_on(TODAY)
    before = congresses.with_stage_on(TODAY - datetime.timedelta(days=20))

    assert "stagetransition" not in str(today.query).lower()
    assert "stagetransition" in str(before.query).lower()
    assert {c.pk: c.stage_on for c in today} == {c.pk: c.stage for c in congresses}
    assert {c.pk: c.stage_on for c in before}[reported.pk] == Stage.PLANNED


def _queries(client, url, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("cells", [1, 12])
def test_the_dated_pages_read_a_constant_number_of_queries(client, tree, term, cells):
    """The worklist, the working groups and a congress's page on a past date: as many
    queries for one cell as for twelve, with their progress reports."""
    tay_ho = tree["tay_ho"]
    new = OrganizationFactory.create_batch(cells, parent=tree["xuan_la"])
    services.create_term_plan(term=term, root=tay_ho, actor=None)
    user = UserFactory(scope=tay_ho, role="staff")
    for organization in new:
        working_groups.save_working_group(
            term=term, owner=tay_ho, name=f"Tổ {organization.code}", leader_name="",
            members=[user], organizations=[organization], actor=None,
        )  # fmt: skip
        congress = Congress.objects.get(organization=organization, term=term)
        services.record_progress(
            congress=congress, actor=None, reported_on=TODAY - datetime.timedelta(days=3),
            stage_reached=Stage.DOCUMENTS_APPROVED,
        )  # fmt: skip
    client.force_login(user)
    past = {"as_of": day_text(TODAY - datetime.timedelta(days=1))}
    ward = Congress.objects.get(organization=tree["xuan_la"], term=term)

    counts = {
        "worklist": _queries(client, reverse("congresses:worklist"), past),
        "groups": _queries(client, reverse("congresses:group-list", args=[tay_ho.pk]), past),
        "congress": _queries(client, reverse("congresses:congress-detail", args=[ward.pk]), past),
    }

    # worklist: session, user, grants, term, count, page, terms; working groups: session, user,
    # grants, organization, term, groups, their members, their organizations, their progress
    # on the date, terms; the congress: session, user, grants, congress, stage changes,
    # progress reports, training sessions, the delegate quota.
    assert counts == {"worklist": 7, "groups": 10, "congress": 8}


# --- An organization not yet founded on the date ----------------------------------------------


@pytest.fixture
def new_ward(tree):
    """A ward committee founded on 01/07/2025 under the city, its 2025–2030 congress planned
    (as the demo's merged ward HN-PBD): on 01/06/2020 neither it nor its congress existed."""
    from tests.factories import kind, make_congress

    ward = OrganizationFactory(
        code="HN-PBD",
        name="Đảng bộ phường Bồ Đề",
        parent=tree["city"],
        kind=kind("dang-bo-phuong"),
        valid_from=D(2025, 7, 1),
    )
    term = Term.objects.get(name="2025–2030")
    congress = make_congress(ward, term=term, planned=D(2025, 8, 12))
    return {"ward": ward, "term": term, "congress": congress}


def test_a_congress_of_an_organization_not_yet_founded_is_not_on_the_pages_of_that_date(
    client, tree, new_ward
):
    from congresses import dashboard

    client.force_login(UserFactory(scope=tree["city"], role="staff"))
    term = new_ward["term"]
    then = {"as_of": "01/06/2020", "term": term.pk}
    now = {"term": term.pk}
    congress_list = reverse("congresses:congress-list", args=[tree["city"].pk])
    worklist = reverse("congresses:worklist")

    listed_then = [c.pk for c in client.get(congress_list, then).context["page"]]
    listed_now = [c.pk for c in client.get(congress_list, now).context["page"]]
    worklist_then = [c.pk for c in client.get(worklist, then).context["page"]]
    worklist_now = [c.pk for c in client.get(worklist, now).context["page"]]
    figures_then = dashboard.wave_figures(organization=tree["city"], term=term, as_of=D(2020, 6, 1))
    figures_now = dashboard.wave_figures(organization=tree["city"], term=term, as_of=TODAY)

    assert listed_then == []
    assert listed_now == [new_ward["congress"].pk]
    assert worklist_then == []
    assert worklist_now == [new_ward["congress"].pk]
    assert figures_then["totals"]["planned"] == 0
    assert figures_then["by_child"] == []
    assert figures_now["totals"]["planned"] == 1
    assert [row["organization"] for row in figures_now["by_child"]] == [new_ward["ward"]]


def test_a_working_group_does_not_count_a_congress_of_an_organization_not_yet_founded(
    tree, new_ward
):
    from congresses import selectors
    from congresses.models import WorkingGroup

    group = WorkingGroup.objects.create(
        term=new_ward["term"], owner=tree["city"], owner_path=tree["city"].path, name="Tổ 1"
    )
    group.organizations.set([new_ward["ward"]])

    then = selectors.group_progress([group], new_ward["term"], as_of=D(2020, 6, 1))
    now = selectors.group_progress([group], new_ward["term"], as_of=TODAY)

    assert then == {}
    assert now[group.pk]["planned"] == 1
    assert selectors.group_congresses(group, as_of=D(2020, 6, 1)) == []
    assert selectors.group_congresses(group, as_of=TODAY) == [new_ward["congress"]]


def test_a_congress_after_a_merger_is_not_planned_before_the_merger(tree):
    """Issue 15, Deliver 2: a congress after a merger dated 01/06/2021 (its window starts on
    the merger's day) is not counted "planned" on 20/02/2020; from the merger on it is."""
    from congresses import dashboard
    from congresses.choices import CongressOccasion
    from tests.factories import make_congress

    term = Term.objects.get(name="2020–2025")
    merger_day = D(2021, 6, 1)
    congress = make_congress(tree["xuan_la"], term=term)
    Congress.objects.filter(pk=congress.pk).update(
        occasion=CongressOccasion.MERGER, window_start=merger_day, ordinal=2
    )

    def planned(day):
        rows = dashboard.other_occasions(organization=tree["tay_ho"], term=term, as_of=day)
        return [(row["occasion"], row["planned"]) for row in rows]

    assert planned(D(2020, 2, 20)) == []
    assert planned(merger_day - datetime.timedelta(days=1)) == []
    assert planned(merger_day) == [("merger", 1)]
    assert planned(TODAY) == [("merger", 1)]
