import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from core.editing import StaleEditError
from recognition import selectors, services
from recognition.choices import CommendationForm, Level, Reason, RecipientKind, Step, WorkStatus
from recognition.models import Commendation, Period, Rating
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db
DECISION = {
    "decision_body": "Ban Thường vụ Quận ủy",
    "decision_number": "12-QĐ/QU",
    "decision_date": datetime.date(2021, 1, 20),
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def period(db):
    return Period.objects.get(kind="year", year=2020)


@pytest.fixture
def wards(tree):
    """Xuân La and four more grassroots committees under Tây Hồ."""
    return [tree["xuan_la"]] + [
        OrganizationFactory(parent=tree["tay_ho"], name=f"Đảng bộ phường {n}") for n in range(4)
    ]


@pytest.fixture
def cell(tree):
    return OrganizationFactory(parent=tree["xuan_la"], name="Chi bộ khu dân cư số 1")


def org_entries(organizations, levels, exemplary=()):
    return [
        {"organization": o, "level": level, "is_exemplary": i in exemplary, "version": None,
         "label": o.name}
        for i, (o, level) in enumerate(zip(organizations, levels, strict=True))
    ]  # fmt: skip


def test_ratings_are_decided_and_summarised_per_level(tree, wards, period):
    services.save_ratings(
        period=period, actor=None, step=Step.DECIDED,
        entries=org_entries(wards, [Level.EXCELLENT, Level.EXCELLENT, Level.GOOD, Level.GOOD,
                                    Level.COMPLETE], exemplary={0}),
        **DECISION,
    )  # fmt: skip
    summary = selectors.rating_summary(organization=tree["tay_ho"], period=period)
    (row,) = summary["organizations"]
    assert (row["excellent"], row["good"], row["complete"], row["failed"]) == (2, 2, 1, 0)
    assert (row["exemplary"], row["total"]) == (1, 5)
    assert [r.organization for r in selectors.exemplary_list(
        organization=tree["tay_ho"], period=period)] == [wards[0]]  # fmt: skip
    assert AuditEvent.objects.filter(action="recognition.rating_saved").count() == 5


def test_one_bad_row_saves_nothing_and_every_problem_is_named(wards, period):
    entries = org_entries(wards[:3], [Level.GOOD, Level.GOOD, Level.EXCELLENT], exemplary={0})
    entries[2]["score"] = Decimal("150")
    with pytest.raises(ValidationError) as caught:
        services.save_ratings(period=period, actor=None, step=Step.DECIDED, entries=entries,
                              **DECISION)  # fmt: skip
    text = " ".join(caught.value.messages)
    assert (wards[0].name in text and "exemplary" in text.lower()) or "Only an organization" in text
    assert "between 0 and 100" in text
    assert not Rating.objects.exists()


def test_a_decision_needs_its_number_and_date(wards, period):
    with pytest.raises(ValidationError, match="A decision needs"):
        services.save_ratings(
            period=period, actor=None, step=Step.DECIDED,
            entries=org_entries(wards[:1], [Level.GOOD]),
        )  # fmt: skip
    assert not Rating.objects.exists()


def test_scores_bound_the_level_when_the_period_uses_points(wards):
    period = Period.objects.get(kind="year", year=2025)
    entries = org_entries(wards[:1], [Level.EXCELLENT])
    with pytest.raises(ValidationError, match="enter the score"):
        services.save_ratings(period=period, actor=None, step=Step.DECIDED, entries=entries,
                              **DECISION)  # fmt: skip
    entries[0]["score"] = Decimal("88.5")
    with pytest.raises(ValidationError, match="below the 90 points"):
        services.save_ratings(period=period, actor=None, step=Step.DECIDED, entries=entries,
                              **DECISION)  # fmt: skip
    entries[0]["score"] = Decimal("92")
    services.save_ratings(period=period, actor=None, step=Step.DECIDED, entries=entries,
                          **DECISION)  # fmt: skip
    assert Rating.objects.get().score == Decimal("92")


def test_steps_keep_their_own_levels_and_a_stale_grid_is_refused(wards, period):
    services.save_ratings(period=period, actor=None, step=Step.SELF,
                          entries=org_entries(wards[:1], [Level.EXCELLENT]))  # fmt: skip
    rating = Rating.objects.get()
    entries = org_entries(wards[:1], [Level.GOOD])
    entries[0]["version"] = rating.version
    services.save_ratings(period=period, actor=None, step=Step.PROPOSED, entries=entries)
    rating.refresh_from_db()
    assert (rating.self_level, rating.proposed_level, rating.level, rating.step) == (
        Level.EXCELLENT, Level.GOOD, "", Step.PROPOSED)  # fmt: skip
    with pytest.raises(StaleEditError):  # still the version of the first load
        services.save_ratings(period=period, actor=None, step=Step.PROPOSED, entries=entries)


def test_member_cap_warns_per_grassroots_organization(tree, cell, period):
    members = [MemberFactory(organization=cell) for _ in range(7)]
    levels = [Level.EXCELLENT, Level.EXCELLENT] + [Level.GOOD] * 5
    services.save_ratings(
        period=period, actor=None, step=Step.DECIDED,
        entries=[{"member": m, "level": lv, "version": None, "label": m.full_name}
                 for m, lv in zip(members, levels, strict=True)],
        **DECISION,
    )  # fmt: skip
    for organization in (tree["tay_ho"], cell):
        (warning,) = selectors.member_cap_warnings(period=period, organization=organization)
        assert tree["xuan_la"].name in warning
        assert "2 members" in warning


def test_member_cap_counts_of_a_high_organization_are_cached_until_ratings_are_saved(
    tree, cell, period, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """A high organization's cap counts come from the figure cache (recognition.figures); saving
    ratings of the period starts a new generation, counted again on commit."""
    settings.STATS_CACHE_MAX_DEPTH = tree["tay_ho"].depth
    members = [MemberFactory(organization=cell) for _ in range(7)]

    def rate(subjects, levels):
        with django_capture_on_commit_callbacks(execute=True):
            services.save_ratings(
                period=period, actor=None, step=Step.DECIDED,
                entries=[{"member": m, "level": lv, "version": None, "label": m.full_name}
                         for m, lv in zip(subjects, levels, strict=True)],
                **DECISION,
            )  # fmt: skip

    rate(members[:4], [Level.EXCELLENT, Level.EXCELLENT, Level.GOOD, Level.GOOD])
    (warning,) = selectors.member_cap_warnings(period=period, organization=tree["tay_ho"])
    assert "2 members" in warning
    assert "2 rated good" in warning
    with django_assert_num_queries(1):  # the name of the one over the cap; the counts cached
        assert selectors.member_cap_warnings(period=period, organization=tree["tay_ho"]) == [
            warning
        ]
    rate(members[4:], [Level.EXCELLENT, Level.GOOD, Level.GOOD])
    # Counted again on commit by a task (recognition.tasks, run in process here), not by the
    # first page after saving: it reads them from the cache.
    with django_assert_num_queries(1):
        (warning,) = selectors.member_cap_warnings(period=period, organization=tree["tay_ho"])
    assert "3 members" in warning
    assert "4 rated good" in warning
    # A past date before the decision counts nothing yet, under its own key.
    day_before = DECISION["decision_date"] - datetime.timedelta(days=1)
    assert (
        selectors.member_cap_warnings(period=period, organization=tree["tay_ho"], as_of=day_before)
        == []
    )


def test_organization_cap_base_is_a_setting(tree, wards, period):
    """R-CL-06: 2 excellent of 5 rated (40 %) but also of 2 good: both bases warn at 20 %;
    1 of 5 (20 %) passes on all rated, fails on the 2 good (50 %)."""
    services.save_ratings(
        period=period, actor=None, step=Step.DECIDED,
        entries=org_entries(wards, [Level.EXCELLENT, Level.GOOD, Level.GOOD, Level.COMPLETE,
                                    Level.COMPLETE]),
        **DECISION,
    )  # fmt: skip
    assert selectors.organization_cap_warnings(period=period, organization=tree["tay_ho"]) == []
    with override_settings(RECOGNITION_ORG_CAP_BASE="good"):
        (warning,) = selectors.organization_cap_warnings(period=period, organization=tree["tay_ho"])
    assert tree["tay_ho"].name in warning


def test_streaks_need_every_year(tree, cell):
    member, broken = MemberFactory(organization=cell), MemberFactory(organization=cell)
    for year in range(2016, 2021):
        entries = [{"member": member, "level": Level.EXCELLENT, "version": None, "label": "a"}]
        if year != 2018:
            entries.append(
                {"member": broken, "level": Level.EXCELLENT, "version": None, "label": "b"}
            )
        services.save_ratings(period=Period.objects.get(kind="year", year=year), actor=None,
                              step=Step.DECIDED, entries=entries, **DECISION)  # fmt: skip
    rows = selectors.streaks(organization=tree["tay_ho"], year=2020)
    assert [row["member"] for row in rows] == [member.pk]
    assert rows[0]["commended_status"] is None
    assert selectors.streaks(organization=tree["tay_ho"], year=2021) == []


def test_a_streak_already_commended_shows_the_decision_instead_of_a_new_proposal(
    client, tree, cell
):
    member = MemberFactory(organization=cell)
    for year in range(2016, 2021):
        entries = [{"member": member, "level": Level.EXCELLENT, "version": None, "label": "a"}]
        services.save_ratings(period=Period.objects.get(kind="year", year=year), actor=None,
                              step=Step.DECIDED, entries=entries, **DECISION)  # fmt: skip
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("recognition:overview", args=[tree["tay_ho"].pk]) + "?year=2020"
    assert "reason=streak" in client.get(url).content.decode()
    services.propose_commendation(
        granting=tree["tay_ho"], actor=None, form=CommendationForm.CERTIFICATE,
        recipient_kind=RecipientKind.INDIVIDUAL, recipient_member=member, reason=Reason.STREAK,
        period=Period.objects.get(kind="year", year=2020), decision_number="12-QĐ/QU",
        decision_date=datetime.date(2021, 1, 20),
    )  # fmt: skip
    (row,) = selectors.streaks(organization=tree["tay_ho"], year=2020)
    assert (row["commended_status"], row["commended_decision"]) == ("approved", "12-QĐ/QU")
    page = client.get(url).content.decode()
    assert "reason=streak" not in page
    assert "12-QĐ/QU" in page


def test_a_district_grants_giay_khen_not_bang_khen(tree, wards):
    common = {"granting": tree["tay_ho"], "actor": None, "recipient_kind": RecipientKind.COLLECTIVE,
              "recipient_organization": wards[1], "reason": Reason.CONGRESS,
              "proposed_on": datetime.date(2020, 8, 1)}  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.propose_commendation(form=CommendationForm.MERIT, **common)
    message = caught.value.message_dict["form"][0]
    assert "may not grant a diploma of merit" in message
    assert "Certificate of merit" in message
    commendation = services.propose_commendation(form=CommendationForm.CERTIFICATE, **common)
    assert commendation.status == "proposed"
    count = services.approve_commendations(
        commendations=Commendation.objects.all(), actor=None, decision_number="5-QĐ/QU",
        decision_date=datetime.date(2020, 9, 1),
    )  # fmt: skip
    assert count == 1
    assert selectors.commendation_summary(organization=tree["city"]) == [
        {"form": "certificate", "reason": "congress", "collectives": 1, "individuals": 0,
         "form_label": "Certificate of merit", "reason_label": "Congress work"}
    ]  # fmt: skip


def test_recipients_stand_under_the_granting_committee(tree):
    with pytest.raises(ValidationError) as caught:
        services.propose_commendation(
            granting=tree["xuan_la"], actor=None, form=CommendationForm.CERTIFICATE,
            recipient_kind=RecipientKind.COLLECTIVE, recipient_organization=tree["long_bien"],
            reason=Reason.OTHER,
        )  # fmt: skip
    assert "recipient_organization" in caught.value.message_dict
    assert not Commendation.objects.exists()


def test_campaign_works(tree, wards):
    campaign = services.create_campaign(
        organizer=tree["tay_ho"], actor=None, name="Thi đua 200 ngày",
        starts_on=datetime.date(2020, 3, 1), ends_on=datetime.date(2020, 9, 30),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.register_work(campaign=campaign, organization=tree["long_bien"], actor=None,
                               title="X", registered_on=datetime.date(2020, 3, 2))  # fmt: skip
    work = services.register_work(campaign=campaign, organization=wards[0], actor=None,
                                  title="Tuyến phố văn minh",
                                  registered_on=datetime.date(2020, 3, 2))  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.update_work(work=work, actor=None, expected_version=1,
                             status=WorkStatus.COMPLETED, progress=80)  # fmt: skip
    assert set(caught.value.message_dict) == {"progress", "completed_on"}
    services.update_work(work=work, actor=None, expected_version=1, status=WorkStatus.COMPLETED,
                         progress=100, completed_on=datetime.date(2020, 9, 1))  # fmt: skip
    (row,) = selectors.campaign_summary(organization=tree["tay_ho"])
    assert (row["status"], row["works"], row["progress"]) == ("completed", 1, 100)


# --- views -----------------------------------------------------------------------------------


def test_staff_save_a_grid_page_and_a_bad_row_keeps_everything_out(client, tree, cell):
    members = [MemberFactory(organization=cell) for _ in range(3)]
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("recognition:rating-grid", args=[cell.pk]) + "?year=2020&subject=members"
    payload = {"step": "proposed"} | {f"level-{m.pk}": "good" for m in members}
    payload[f"score-{members[1].pk}"] = "abc"

    with translation.override("vi"):
        response = client.post(url, payload)
    assert response.status_code == 200
    assert "không phải là số" in response.content.decode()
    assert not Rating.objects.exists()

    payload[f"score-{members[1].pk}"] = "75,5"
    response = client.post(url, payload)
    assert response.status_code == 302
    assert Rating.objects.filter(proposed_level="good").count() == 3
    assert Rating.objects.get(member=members[1]).score == Decimal("75.5")


def test_leader_reads_the_grid_but_cannot_save_and_others_get_404(client, tree, cell):
    member = MemberFactory(organization=cell)
    url = reverse("recognition:rating-grid", args=[cell.pk]) + "?year=2020"
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    assert client.get(url).status_code == 200
    assert client.post(url, {"step": "proposed", f"level-{member.pk}": "good"}).status_code == 403
    client.force_login(UserFactory(scope=tree["long_bien"], role="staff"))
    assert client.get(url).status_code == 404
    assert not Rating.objects.exists()


@pytest.mark.parametrize("size", [2, 12])
def test_overview_query_count_is_constant(client, tree, period, size, django_assert_num_queries):
    organizations = [OrganizationFactory(parent=tree["tay_ho"]) for _ in range(size)]
    entries = org_entries(organizations, [Level.GOOD] * size)
    services.save_ratings(period=period, actor=None, step=Step.DECIDED, entries=entries, **DECISION)
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("recognition:overview", args=[tree["tay_ho"].pk]) + "?year=2020"
    client.get(url)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(url)
    assert response.context["summary"]["organizations"][0]["good"] == size


# Session, user, grants, organization, the yearly periods (the year's and the choice of years),
# summary ×2, exemplary, streaks ×2, member cap (grassroots list, counts), organization cap
# (counts, names), commendations, campaigns, write check, the names of the levels of the tree
# (the year's level rules).
OVERVIEW_QUERIES = 18


def test_a_decision_dated_before_its_proposal_is_refused(tree, wards):
    common = {"granting": tree["tay_ho"], "actor": None, "recipient_kind": RecipientKind.COLLECTIVE,
              "recipient_organization": wards[1], "reason": Reason.CONGRESS,
              "form": CommendationForm.CERTIFICATE}  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.propose_commendation(
            proposed_on=datetime.date(2020, 9, 1), decision_number="7-QĐ/QU",
            decision_date=datetime.date(2020, 8, 25), **common,
        )  # fmt: skip
    assert caught.value.message_dict == {
        "decision_date": [
            "The decision date (25/08/2020) cannot be before the date of the proposal (01/09/2020)."
        ]
    }
    assert not Commendation.objects.exists()

    proposal = services.propose_commendation(proposed_on=datetime.date(2020, 9, 1), **common)
    with pytest.raises(ValidationError) as caught:
        services.approve_commendations(
            commendations=Commendation.objects.all(), actor=None, decision_number="7-QĐ/QU",
            decision_date=datetime.date(2020, 8, 25),
        )  # fmt: skip
    assert "decision_date" in caught.value.message_dict
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_date) == ("proposed", None)


def test_the_grid_of_a_high_organization_takes_its_member_count_from_the_figure_cache(
    client, tree, cell, settings
):
    """A city's grid counts its 450,000 members once per STATS_CACHE_SECONDS (or beat's
    warm-up), not in each request: the paginator's count is the cached figure."""
    settings.STATS_CACHE_MAX_DEPTH = tree["tay_ho"].depth
    members = [MemberFactory(organization=cell) for _ in range(3)]
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("recognition:rating-grid", args=[tree["tay_ho"].pk]) + "?year=2020"
    assert client.get(url).context["page"].paginator.count == 3

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.context["page"].paginator.count == 3
    assert {row["item"].pk for row in response.context["grid"]} == {m.pk for m in members}
    member_counts = [
        query["sql"]
        for query in queries
        if "COUNT(*)" in query["sql"] and '"organizations_member"' in query["sql"]
    ]
    assert member_counts == []
