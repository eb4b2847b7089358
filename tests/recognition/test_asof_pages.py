"""The recognition pages on a date (issue 15, item 4): the commendation list shows what was
proposed by the date, approved only when decided by then; the overview counts the ratings and
decisions dated by then; both print the date in their heading."""

import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from recognition import services
from recognition.choices import CommendationForm, Reason, RecipientKind
from recognition.models import Commendation
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def commendations(tree):
    """Proposed 01/08/2020 and approved 01/09/2020; proposed 01/10/2020, not decided."""
    wards = [OrganizationFactory(parent=tree["tay_ho"]) for _ in range(2)]
    common = {"granting": tree["tay_ho"], "actor": None, "form": CommendationForm.CERTIFICATE,
              "recipient_kind": RecipientKind.COLLECTIVE, "reason": Reason.CONGRESS}  # fmt: skip
    first = services.propose_commendation(
        **common, recipient_organization=wards[0], proposed_on=D(2020, 8, 1)
    )
    services.approve_commendations(
        commendations=Commendation.objects.filter(pk=first.pk), actor=None,
        decision_number="5-QĐ/QU", decision_date=D(2020, 9, 1),
    )  # fmt: skip
    second = services.propose_commendation(
        **common, recipient_organization=wards[1], proposed_on=D(2020, 10, 1)
    )
    return first, second


def listed(client, tree, **query):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    with translation.override("vi"):
        response = client.get(
            reverse("recognition:commendation-list", args=[tree["tay_ho"].pk]), query
        )
    assert response.status_code == 200
    return response, [(c.pk, c.approved_then) for c in response.context["page"]]


def test_the_commendation_list_shows_the_state_on_its_date(client, tree, commendations):
    first, second = commendations

    _response, before = listed(client, tree, as_of="31/07/2020")
    _response, proposed = listed(client, tree, as_of="15/08/2020")
    response, decided = listed(client, tree, as_of="15/09/2020")
    _response, today = listed(client, tree)
    _response, approved_then = listed(client, tree, as_of="15/08/2020", status="approved")
    _response, proposed_then = listed(client, tree, as_of="15/08/2020", status="proposed")

    assert before == []
    assert proposed == [(first.pk, False)]
    assert decided == [(first.pk, True)]
    assert sorted(today) == sorted([(first.pk, True), (second.pk, False)])
    assert approved_then == []
    assert proposed_then == [(first.pk, False)]
    page = response.content.decode()
    assert "tính đến ngày 15/09/2020" in page
    assert "5-QĐ/QU" in page
    assert "as_of=15/09/2020" in page


def test_the_overview_prints_its_date_and_counts_the_decisions_by_then(client, tree, commendations):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    url = reverse("recognition:overview", args=[tree["tay_ho"].pk])

    with translation.override("vi"):
        before = client.get(url, {"year": 2020, "as_of": "31/08/2020"})
        after = client.get(url, {"year": 2020, "as_of": "01/09/2020"})

    assert before.context["commendations"] == []
    assert [row["collectives"] for row in after.context["commendations"]] == [1]
    assert "tính đến ngày 31/08/2020" in before.content.decode()


@pytest.mark.parametrize("size", [1, 10])
def test_the_commendation_list_on_a_date_keeps_its_query_count(
    client, tree, size, django_assert_num_queries
):
    for _number in range(size):
        services.propose_commendation(
            granting=tree["tay_ho"], actor=None, form=CommendationForm.CERTIFICATE,
            recipient_kind=RecipientKind.COLLECTIVE, reason=Reason.CONGRESS,
            recipient_organization=OrganizationFactory(parent=tree["tay_ho"]),
            proposed_on=D(2020, 8, 1),
        )  # fmt: skip
    client.force_login(UserFactory(scope=tree["tay_ho"], role="leader"))
    url = reverse("recognition:commendation-list", args=[tree["tay_ho"].pk])

    # session, user, grants (read once for the scope and can_write), organization, count, page
    with django_assert_num_queries(6):
        response = client.get(url, {"as_of": "01/09/2020"})

    assert len(response.context["page"]) == size


# --- The rating grid and the campaigns on a date (issue 15, item 1) ---------------------------


def decide(organizations, levels, day):
    from recognition.models import Period

    entries = [
        {"organization": o, "level": level, "is_exemplary": False, "version": None,
         "label": o.name}
        for o, level in zip(organizations, levels, strict=True)
    ]  # fmt: skip
    services.save_ratings(
        period=Period.objects.get(kind="year", year=2020), actor=None, step="decided",
        entries=entries, decision_body="Ban Thường vụ Quận ủy", decision_number="12-QĐ/QU",
        decision_date=day,
    )  # fmt: skip


def test_the_rating_grid_on_a_past_date_shows_the_decisions_of_then_read_only(client, tree):
    wards = [OrganizationFactory(parent=tree["tay_ho"]) for _ in range(2)]
    decide(wards, ["good", "excellent"], D(2021, 1, 20))
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("recognition:rating-grid", args=[tree["tay_ho"].pk])
    query = {"year": 2020, "subject": "organizations", "step": "decided"}

    with translation.override("vi"):
        before = client.get(url, query | {"as_of": "31/12/2020"})
        after = client.get(url, query | {"as_of": "20/01/2021"})
        today = client.get(url, query)

    def column(response, name):
        rows = {row["item"].pk: row[name] for row in response.context["grid"]}
        return [rows[ward.pk] for ward in wards]

    assert column(before, "decided") == ["", ""]
    assert column(before, "level") == ["", ""]
    assert column(after, "decided") == ["good", "excellent"]
    assert not before.context["can_enter"]
    assert today.context["can_enter"]
    page = before.content.decode()
    assert "tính đến ngày 31/12/2020" in page
    assert "Hiển thị như ngày 31/12/2020" in page
    assert "Lưu trang này" not in page
    assert "12-QĐ/QU" not in page
    assert "Lưu trang này" in today.content.decode()
    assert "12-QĐ/QU" in after.content.decode()


@override_settings(RECOGNITION_ORG_CAP_PERCENT=20, RECOGNITION_ORG_CAP_BASE="rated")
def test_the_cap_warnings_count_the_decisions_dated_by_the_date(tree):
    from recognition import selectors
    from recognition.models import Period

    wards = [OrganizationFactory(parent=tree["tay_ho"], kind=tree["xuan_la"].kind)
             for _ in range(2)]  # fmt: skip
    decide(wards, ["excellent", "excellent"], D(2021, 1, 20))
    period = Period.objects.get(kind="year", year=2020)

    def warned(day):
        return selectors.organization_cap_warnings(
            period=period, organization=tree["city"], as_of=day
        )

    assert warned(D(2021, 1, 19)) == []
    assert len(warned(D(2021, 1, 20))) == 1


@pytest.mark.parametrize("size", [2, 12])
def test_the_rating_grid_on_a_date_keeps_its_query_count(
    client, tree, size, django_assert_num_queries
):
    wards = [OrganizationFactory(parent=tree["tay_ho"]) for _ in range(size)]
    decide(wards, ["good"] * size, D(2021, 1, 20))
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("recognition:rating-grid", args=[tree["tay_ho"].pk])

    # session, user, grants, organization (with its kind), the yearly periods (the year's and
    # the choice of years), count, page, the moves in the tree since the date (read once per
    # request: organizations.querysets.subtree_on_q), ratings, organization cap counts (no
    # name to read: nothing passes the cap)
    with django_assert_num_queries(10):
        response = client.get(
            url, {"year": 2020, "subject": "organizations", "as_of": "01/02/2021"}
        )

    assert sum(row["decided"] == "good" for row in response.context["grid"]) == size


@pytest.fixture
def campaign(tree):
    """Tây Hồ's campaign (01/03–30/09/2020): a work registered 02/03 and completed 01/09, one
    registered 01/06; a commendation of the campaign decided 15/09/2020."""
    from recognition.choices import WorkStatus

    ward = OrganizationFactory(parent=tree["tay_ho"])
    campaign = services.create_campaign(
        organizer=tree["tay_ho"], actor=None, name="Thi đua 200 ngày",
        starts_on=D(2020, 3, 1), ends_on=D(2020, 9, 30),
    )  # fmt: skip
    first = services.register_work(
        campaign=campaign, organization=ward, actor=None, title="Tuyến phố văn minh",
        registered_on=D(2020, 3, 2),
    )  # fmt: skip
    services.update_work(work=first, actor=None, expected_version=1, status=WorkStatus.COMPLETED,
                         progress=100, completed_on=D(2020, 9, 1))  # fmt: skip
    services.register_work(campaign=campaign, organization=ward, actor=None,
                           title="Vườn hoa", registered_on=D(2020, 6, 1))  # fmt: skip
    services.propose_commendation(
        granting=tree["tay_ho"], actor=None, form=CommendationForm.CERTIFICATE,
        recipient_kind=RecipientKind.COLLECTIVE, reason=Reason.EMULATION,
        recipient_organization=ward, campaign=campaign, proposed_on=D(2020, 9, 10),
        decision_number="9-QĐ/QU", decision_date=D(2020, 9, 15),
    )  # fmt: skip
    return campaign


def test_the_campaign_pages_show_the_works_and_commendations_of_their_date(client, tree, campaign):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    listing = reverse("recognition:campaign-list", args=[tree["tay_ho"].pk])
    detail = reverse("recognition:campaign-detail", args=[campaign.pk])

    with translation.override("vi"):
        early = client.get(listing, {"as_of": "15/04/2020"})
        late = client.get(listing, {"as_of": "20/09/2020"})
        not_yet = client.get(listing, {"as_of": "01/01/2020"})
        works_early = client.get(detail, {"as_of": "15/07/2020"})
        works_today = client.get(detail)

    (row,) = early.context["campaigns"]
    assert (row.works_then, row.completed_then, row.commendations_then) == (1, 0, 0)
    (row,) = late.context["campaigns"]
    assert (row.works_then, row.completed_then, row.commendations_then) == (2, 1, 1)
    assert not not_yet.context["campaigns"][0].started_then
    assert "Đến ngày này chưa bắt đầu" in not_yet.content.decode()
    assert "công trình đăng ký: 2, hoàn thành: 1; khen thưởng: 1" in late.content.decode()
    assert "tính đến ngày 15/04/2020" in early.content.decode()
    shown = [(w.title, w.status_on, w.progress_on) for w in works_early.context["page"]]
    assert shown == [("Tuyến phố văn minh", "in_progress", None), ("Vườn hoa", "registered", None)]
    assert list(works_early.context["commendations"]) == []
    page = works_early.content.decode()
    assert "9-QĐ/QU" not in page
    assert "Hiển thị như ngày 15/07/2020" in page
    shown = [(w.title, w.status_on, w.progress_on) for w in works_today.context["page"]]
    assert shown == [("Tuyến phố văn minh", "completed", 100), ("Vườn hoa", "registered", 0)]
    assert "9-QĐ/QU" in works_today.content.decode()


def test_the_overview_counts_the_works_of_its_date(tree, campaign):
    from recognition import selectors

    def rows(day):
        return [
            (row["status"], row["works"])
            for row in selectors.campaign_summary(organization=tree["tay_ho"], as_of=day)
        ]

    assert rows(D(2020, 3, 1)) == []
    assert rows(D(2020, 7, 1)) == [("in_progress", 1), ("registered", 1)]
    assert rows(None) == [("completed", 1), ("registered", 1)]


@pytest.mark.parametrize("size", [1, 6])
def test_the_campaign_pages_on_a_date_keep_their_query_counts(
    client, tree, size, django_assert_num_queries
):
    ward = OrganizationFactory(parent=tree["tay_ho"])
    campaigns = [
        services.create_campaign(organizer=tree["tay_ho"], actor=None, name=f"Đợt {number}",
                                 starts_on=D(2020, 3, 1), ends_on=D(2020, 9, 30))
        for number in range(size)
    ]  # fmt: skip
    for number in range(size):
        services.register_work(
            campaign=campaigns[0], organization=ward, actor=None, title=f"Công trình {number}",
            registered_on=D(2020, 3, 2),
        )  # fmt: skip
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    # session, user, grants, organization, the moves in the tree since the date (read once per
    # request: organizations.querysets.subtree_on_q), campaigns with their counts, write check
    with django_assert_num_queries(6):
        listing = client.get(
            reverse("recognition:campaign-list", args=[tree["tay_ho"].pk]), {"as_of": "01/08/2020"}
        )
    # session, user, grants, campaign, count, works, commendations
    with django_assert_num_queries(7):
        detail = client.get(
            reverse("recognition:campaign-detail", args=[campaigns[0].pk]), {"as_of": "01/08/2020"}
        )

    assert len(listing.context["campaigns"]) == size
    assert len(detail.context["page"]) == size


@override_settings(RECOGNITION_ORG_CAP_PERCENT=20, RECOGNITION_ORG_CAP_BASE="rated")
def test_the_classification_summarys_cap_warnings_follow_its_date(tree):
    from reports.choices import ReportKind
    from tests.reports.conftest import Rendering

    rendering = Rendering()

    wards = [OrganizationFactory(parent=tree["tay_ho"], kind=tree["xuan_la"].kind)
             for _ in range(2)]  # fmt: skip
    decide(wards, ["excellent", "excellent"], D(2021, 1, 20))

    def cap_sections(day):
        report = rendering.job(
            tree["city"], ReportKind.CLASSIFICATION_SUMMARY, year=2020, as_of=day
        )
        sections = rendering.context(report)["sections"]
        return [
            section for section in sections if section.heading == "Vượt tỷ lệ hướng dẫn (cảnh báo)"
        ]

    # Was counted with every decision, whatever the summary's date.
    assert cap_sections("2021-01-19") == []
    assert len(cap_sections("2021-01-20")) == 1


@override_settings(RECOGNITION_ORG_CAP_PERCENT=20, RECOGNITION_ORG_CAP_BASE="rated")
def test_a_decision_without_a_date_counts_from_today_as_on_the_grid(tree):
    from recognition import selectors
    from recognition.models import Period, Rating

    wards = [OrganizationFactory(parent=tree["tay_ho"], kind=tree["xuan_la"].kind)
             for _ in range(2)]  # fmt: skip
    decide(wards, ["excellent", "excellent"], D(2021, 1, 20))
    Rating.objects.filter(organization__in=wards).update(decision_date=None)  # older data
    period = Period.objects.get(kind="year", year=2020)

    def warned(day):
        return selectors.organization_cap_warnings(
            period=period, organization=tree["city"], as_of=day
        )

    def excellent(day):
        summary = selectors.rating_summary(organization=tree["city"], period=period, as_of=day)
        return sum(row["excellent"] for row in summary["organizations"])

    # Was: left out of today's warnings and summary while the grid showed them decided.
    assert len(warned(timezone.localdate())) == 1
    assert excellent(timezone.localdate()) == 2
    assert warned(D(2021, 6, 1)) == []
    assert excellent(D(2021, 6, 1)) == 0


def test_the_campaign_figures_count_the_works_of_the_subtree_only(tree, campaign):
    """One join of the subtree's works grouped per campaign: another ward's works and a
    campaign without works in the subtree count nothing."""
    from recognition import selectors
    from recognition.models import Campaign

    other_ward = OrganizationFactory(parent=tree["tay_ho"])
    services.register_work(campaign=campaign, organization=other_ward, actor=None,
                           title="Ngõ xanh", registered_on=D(2020, 4, 1))  # fmt: skip
    empty = services.create_campaign(
        organizer=tree["tay_ho"], actor=None, name="Thi đua khác",
        starts_on=D(2020, 3, 1), ends_on=D(2020, 9, 30),
    )  # fmt: skip
    rows = {
        row.pk: (row.works_then, row.completed_then, row.commendations_then)
        for row in selectors.campaigns_on(
            Campaign.objects.all(), organization=other_ward, as_of=D(2020, 9, 20)
        )
    }
    assert rows == {campaign.pk: (1, 0, 0), empty.pk: (0, 0, 0)}
