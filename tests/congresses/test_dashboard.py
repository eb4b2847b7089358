import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from congresses import dashboard, services
from congresses.choices import Stage
from congresses.models import Term, WorkingGroup
from tests.factories import OrganizationFactory, UserFactory, kind, make_congress

pytestmark = pytest.mark.django_db

D = datetime.date
AS_OF = D(2025, 6, 15)


def make_group(name, *, term, owner, organizations):
    group = WorkingGroup.objects.create(term=term, owner=owner, owner_path=owner.path, name=name)
    group.organizations.set(organizations)
    return group


@pytest.fixture
def term_2025():
    return Term.objects.get(name="2025–2030")


@pytest.fixture
def wave_2025(tree, term_2025):
    """Tây Hồ: itself, Xuân La (two cells below it) and a grassroots cell; Long Biên apart."""
    cell_1 = OrganizationFactory(code="HN-TH-P07-CB1", name="Chi bộ 1", parent=tree["xuan_la"])
    cell_2 = OrganizationFactory(code="HN-TH-P07-CB2", name="Chi bộ 2", parent=tree["xuan_la"])
    treasury = OrganizationFactory(
        code="HN-TH-C01", name="Chi bộ Kho bạc", parent=tree["tay_ho"], kind=kind("chi-bo-co-so")
    )
    make_congress(tree["tay_ho"], term=term_2025, planned=D(2025, 8, 20))
    make_congress(
        tree["xuan_la"], term=term_2025, stage=Stage.PREPARING, planned=D(2025, 5, 10), pilot=True
    )
    make_congress(
        cell_1,
        term=term_2025,
        stage=Stage.HELD,
        planned=D(2025, 3, 5),
        ended=D(2025, 3, 6),
        pilot=True,
    )
    make_congress(cell_2, term=term_2025, planned=D(2025, 3, 20))
    make_congress(
        treasury,
        term=term_2025,
        stage=Stage.RESULTS_APPROVED,
        planned=D(2025, 4, 10),
        ended=D(2025, 4, 11),
    )
    make_congress(tree["long_bien"], term=term_2025, planned=D(2025, 3, 1))
    # The previous term does not count.
    previous = Term.objects.get(name="2020–2025")
    make_congress(
        tree["xuan_la"], term=previous, stage=Stage.HELD, planned=D(2020, 5, 1), ended=D(2020, 5, 2)
    )
    make_group(
        "Tổ 1", term=term_2025, owner=tree["tay_ho"], organizations=[tree["xuan_la"], cell_2]
    )
    make_group(
        "Tổ 2",
        term=term_2025,
        owner=tree["tay_ho"],
        organizations=[cell_1, treasury, tree["long_bien"]],
    )
    make_group("Tổ cũ", term=previous, owner=tree["tay_ho"], organizations=[tree["xuan_la"]])
    return {**tree, "cell_1": cell_1, "cell_2": cell_2, "treasury": treasury}


def counts(row):
    return (row["planned"], row["held"], row["overdue"], row["pilots"], row["pilots_held"])


def test_wave_figures_count_the_subtree_in_the_term(wave_2025, term_2025):
    figures = dashboard.wave_figures(organization=wave_2025["tay_ho"], term=term_2025, as_of=AS_OF)

    assert figures["totals"] == {
        "planned": 5,
        "held": 2,
        "overdue": 2,
        "pilots": 2,
        "pilots_held": 1,
        "share": Decimal("40.00"),
    }
    assert [(row["level"], row["label"], *counts(row)) for row in figures["by_level"]] == [
        (2, "Cấp trên cơ sở, xã, phường", 1, 0, 0, 0, 0),
        (3, "Cấp cơ sở", 2, 1, 1, 1, 0),
        (5, "Chi bộ trực thuộc", 2, 1, 1, 1, 1),
    ]
    assert [(row["organization"], *counts(row), row["share"]) for row in figures["by_child"]] == [
        (wave_2025["xuan_la"], 3, 1, 2, 2, 1, Decimal("33.33")),
        (wave_2025["treasury"], 1, 1, 0, 0, 0, Decimal("100.00")),
    ]
    assert [(row["name"], *counts(row)) for row in figures["by_group"]] == [
        ("Tổ 1", 2, 0, 2, 1, 0),
        ("Tổ 2", 2, 2, 0, 1, 1),
    ]
    assert [congress.organization for congress in figures["overdue"]] == [
        wave_2025["cell_2"],
        wave_2025["xuan_la"],
    ]
    assert [congress.organization for congress in figures["pilots"]] == [
        wave_2025["xuan_la"],
        wave_2025["cell_1"],
    ]


def test_wave_figures_timeline_is_weekly_and_cumulative(wave_2025, term_2025):
    figures = dashboard.wave_figures(organization=wave_2025["tay_ho"], term=term_2025, as_of=AS_OF)

    timeline = [(point["week"], point["planned"], point["held"]) for point in figures["timeline"]]
    # From the week of 5 March (first planned date) to that of 20 August (last planned date).
    assert len(timeline) == 25
    assert timeline[:7] == [
        (D(2025, 3, 3), 1, 1),
        (D(2025, 3, 10), 1, 1),
        (D(2025, 3, 17), 2, 1),
        (D(2025, 3, 24), 2, 1),
        (D(2025, 3, 31), 2, 1),
        (D(2025, 4, 7), 3, 2),
        (D(2025, 4, 14), 3, 2),
    ]
    # Held is known up to the week of AS_OF (Sunday 15/06), planned runs on to August.
    assert timeline[14:16] == [(D(2025, 6, 9), 4, 2), (D(2025, 6, 16), 4, None)]
    assert timeline[-1] == (D(2025, 8, 18), 5, None)


def test_the_chart_stops_the_held_line_at_the_date_asked_and_its_caption_gives_it(
    client, wave_2025, term_2025
):
    """As of a date before the first congress was held, nothing is drawn as held after it
    and the caption names the date asked, not the last planned week."""
    client.force_login(UserFactory(scope=wave_2025["tay_ho"], role="leader"))
    url = reverse("congresses:wave-dashboard", args=[wave_2025["tay_ho"].pk])

    with translation.override("vi"):
        early = client.get(url, {"term": term_2025.pk, "as_of": "01/03/2025"})
        later = client.get(url, {"term": term_2025.pk, "as_of": "15/06/2025"})

    early_chart = str(early.context["timeline_chart"])
    later_chart = str(later.context["timeline_chart"])
    assert 'class="chart-held"' not in early_chart
    assert "(đến 18/08/2025)" in early_chart
    assert "0 (tính đến ngày 01/03/2025)" in early_chart
    held_line = later_chart.split('class="chart-held"')[1].split("/>")[0]
    planned_line = later_chart.split('class="chart-planned"')[1].split("/>")[0]
    # Weeks 03/03 to 09/06 held, the 25 weeks up to 18/08 planned.
    assert (held_line.count(","), planned_line.count(",")) == (15, 25)
    assert "2 (tính đến ngày 15/06/2025)" in later_chart
    assert 'class="chart-as-of-label"' in later_chart


def test_wave_figures_of_a_leaf_with_nothing_planned_are_zero(wave_2025, term_2025):
    empty = OrganizationFactory(parent=wave_2025["tay_ho"], kind=kind("chi-bo-co-so"))

    figures = dashboard.wave_figures(organization=empty, term=term_2025, as_of=AS_OF)

    assert figures["totals"] == {
        "planned": 0,
        "held": 0,
        "overdue": 0,
        "pilots": 0,
        "pilots_held": 0,
        "share": Decimal("0.00"),
    }
    assert (figures["by_level"], figures["by_child"], figures["timeline"]) == ([], [], [])


def test_level_without_rule_falls_back_to_its_number(wave_2025, term_2025):
    term_2025.level_rules.filter(level=5).delete()

    # English here: the Vietnamese "Cấp 5" comes from the catalog.
    with translation.override("en"):
        figures = dashboard.wave_figures(
            organization=wave_2025["xuan_la"], term=term_2025, as_of=AS_OF
        )

    assert [row["label"] for row in figures["by_level"]] == ["Cấp cơ sở", "Level 5"]


def dashboard_url(organization):
    return reverse("congresses:wave-dashboard", args=[organization.pk])


def test_dashboard_page_for_a_leader_in_scope(client, wave_2025, term_2025):
    client.force_login(UserFactory(scope=wave_2025["tay_ho"], role="leader"))

    response = client.get(dashboard_url(wave_2025["tay_ho"]), {"as_of": "15/06/2025"})

    assert response.status_code == 200
    assert response.context["term"] == term_2025
    assert response.context["as_of"] == AS_OF
    assert response.context["totals"]["held"] == 2
    content = response.content.decode()
    assert '<div id="dashboard">' in content
    assert "<html" in content
    assert content.count('role="img"') == 3
    assert reverse("organizations:organization-detail", args=[wave_2025["xuan_la"].pk]) in content
    assert "40,00" in content


def test_dashboard_of_another_district_is_404(client, wave_2025):
    client.force_login(UserFactory(scope=wave_2025["tay_ho"], role="leader"))

    response = client.get(dashboard_url(wave_2025["long_bien"]))

    assert response.status_code == 404


def test_dashboard_asks_anonymous_users_to_log_in(client, wave_2025):
    url = dashboard_url(wave_2025["tay_ho"])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_dashboard_refuses_post(client, wave_2025):
    client.force_login(UserFactory(scope=wave_2025["tay_ho"], role="leader"))

    response = client.post(dashboard_url(wave_2025["tay_ho"]))

    assert response.status_code == 405


def test_dashboard_with_htmx_renders_only_the_partial(client, wave_2025, term_2025):
    client.force_login(UserFactory(scope=wave_2025["tay_ho"], role="leader"))

    response = client.get(
        dashboard_url(wave_2025["tay_ho"]),
        {"term": term_2025.pk, "as_of": "15/06/2025"},
        headers={"HX-Request": "true"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<div id="dashboard">')
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]


def test_dashboard_history_restore_gets_the_whole_page(client, wave_2025):
    client.force_login(UserFactory(scope=wave_2025["tay_ho"], role="leader"))

    response = client.get(
        dashboard_url(wave_2025["tay_ho"]),
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"},
    )

    assert "<html" in response.content.decode()


def test_dashboard_ignores_a_date_it_cannot_read(client, wave_2025, term_2025, settings):
    client.force_login(UserFactory(scope=wave_2025["tay_ho"], role="leader"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(
        dashboard_url(wave_2025["tay_ho"]), {"as_of": "31/02/2025", "term": "999"}
    )

    assert response.status_code == 200
    assert response.context["errors"] == [
        "The date could not be read (dd/mm/yyyy); figures are as of today.",
        "There is no such term; the current term is shown.",
    ]
    assert response.context["term"] == term_2025  # today (2026) lies in 2025–2030
    assert response.context["as_of"] == timezone.localdate()
    assert "The date could not be read" in response.content.decode()


def test_dashboard_shows_the_chosen_term(client, wave_2025):
    previous = Term.objects.get(name="2020–2025")
    client.force_login(UserFactory(scope=wave_2025["tay_ho"], role="leader"))

    response = client.get(
        dashboard_url(wave_2025["tay_ho"]), {"term": previous.pk, "as_of": "01/06/2020"}
    )

    assert response.context["term"] == previous
    assert response.context["totals"]["planned"] == 1
    assert response.context["totals"]["held"] == 1


def test_dashboard_without_any_term_says_so(client, tree, settings):
    Term.objects.all().delete()
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(dashboard_url(tree["tay_ho"]))

    assert response.status_code == 200
    assert response.context["term"] is None
    assert "No term has been set up yet" in response.content.decode()


@pytest.mark.parametrize("size", [1, 12])
def test_dashboard_query_count_is_constant(
    client, tree, term_2025, size, django_assert_num_queries
):
    for number in range(size):
        grassroots = OrganizationFactory(parent=tree["tay_ho"])
        cell = OrganizationFactory(parent=grassroots)
        make_congress(grassroots, term=term_2025, planned=D(2025, 4, 1), pilot=number % 2 == 0)
        make_congress(
            cell, term=term_2025, stage=Stage.HELD, planned=D(2025, 3, 1), ended=D(2025, 3, 2)
        )
        make_group(
            f"Tổ {number}", term=term_2025, owner=tree["tay_ho"], organizations=[grassroots, cell]
        )
    client.force_login(UserFactory(scope=tree["city"], role="leader"))

    # session, user, grants, organization, ancestors, terms, the default term (the wave under
    # way, congresses.terms); the moves in the tree since the date (read once per request:
    # organizations.querysets.subtree_on_q); level rules, by level, by child, children, by
    # group, overdue, pilots, timeline, the other occasions
    with django_assert_num_queries(17):
        response = client.get(dashboard_url(tree["tay_ho"]), {"as_of": "15/06/2025"})

    assert response.context["totals"]["planned"] == 2 * size
    assert len(response.context["by_child"]) == size
    assert len(response.context["by_group"]) == size


def test_city_wave_is_counted_once_a_minute(client, tree, term_2025, django_assert_max_num_queries):
    services.create_term_plan(term=term_2025, root=tree["city"], actor=None)
    client.force_login(UserFactory(scope=tree["city"], role="leader"))
    url = reverse("congresses:wave-dashboard", args=[tree["city"].pk]) + f"?term={term_2025.pk}"
    first = client.get(url)
    services.create_term_plan(term=term_2025, root=tree["city"], actor=None)

    # session, user, grants, organization, terms: the wave's figures come from the cache
    with django_assert_max_num_queries(6):
        second = client.get(url)

    assert second.context["totals"] == first.context["totals"]
    assert "được đếm mỗi phút một lần" in second.content.decode()


def test_overdue_list_names_the_unit_above_and_links_to_the_full_list(client, wave_2025, term_2025):
    """Issue 18, item 8: "Chi bộ 2" says whose it is, and the list goes on in the congress
    list filtered to the overdue ones, sortable by planned date."""
    client.force_login(UserFactory(scope=wave_2025["tay_ho"], role="leader"))

    response = client.get(dashboard_url(wave_2025["tay_ho"]), {"as_of": "15/06/2025"})
    listing = client.get(
        reverse("congresses:congress-list", args=[wave_2025["tay_ho"].pk]),
        {"term": term_2025.pk, "overdue": "1", "sort": "planned"},
    )

    overdue = {congress.organization.name: congress.parent_name for congress in
               response.context["overdue"]}  # fmt: skip
    assert overdue == {"Chi bộ 2": "Đảng bộ phường Xuân La", "Đảng bộ phường Xuân La":
                       "Đảng bộ quận Tây Hồ"}  # fmt: skip
    link = (
        reverse("congresses:congress-list", args=[wave_2025["tay_ho"].pk])
        + f"?term={term_2025.pk}&amp;overdue=1&amp;sort=planned"
    )
    assert link in response.content.decode()
    assert [congress.organization.name for congress in listing.context["page"]] == [
        "Chi bộ 2",
        "Đảng bộ phường Xuân La",
        "Đảng bộ quận Tây Hồ",
    ]
    assert "· Đảng bộ phường Xuân La" in listing.content.decode()


def test_a_city_wave_on_a_past_date_is_counted_once_too(
    client, tree, term_2025, django_assert_max_num_queries
):
    """A past date goes through the cache like today's, under its own key."""
    services.create_term_plan(term=term_2025, root=tree["city"], actor=None)
    client.force_login(UserFactory(scope=tree["city"], role="leader"))
    url = reverse("congresses:wave-dashboard", args=[tree["city"].pk])
    params = {"term": term_2025.pk, "as_of": "01/06/2025"}
    first = client.get(url, params)
    OrganizationFactory(parent=tree["xuan_la"])
    services.create_term_plan(term=term_2025, root=tree["city"], actor=None)

    # session, user, grants, organization, terms: the wave's figures come from the cache
    with django_assert_max_num_queries(6):
        second = client.get(url, params)
    today = client.get(url, {"term": term_2025.pk})

    assert second.context["totals"] == first.context["totals"]
    assert second.context["as_of"] == datetime.date(2025, 6, 1)
    # Today's figures are another key, counted now: the congress planned since is there.
    assert today.context["totals"]["planned"] == first.context["totals"]["planned"] + 1
