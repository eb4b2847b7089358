import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from congresses import services
from congresses.choices import Stage
from congresses.models import Congress, ProgressEntry
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def group_member(wave, term):
    user = UserFactory(username="totacong")
    services.save_working_group(
        term=term,
        owner=wave["tree"]["tay_ho"],
        name="Tổ công tác số 3",
        leader_name="",
        members=[user],
        organizations=[wave["tree"]["xuan_la"]],
        actor=None,
    )
    return user


def test_working_group_member_lands_on_a_worklist_sorted_by_urgency(client, wave, group_member):
    congresses = wave["congresses"]
    Congress.objects.filter(pk=congresses["HN-TH-P07-CB2"].pk).update(planned_date=YESTERDAY)
    Congress.objects.filter(pk=congresses["HN-TH-P07"].pk).update(
        planned_date=timezone.localdate() + datetime.timedelta(days=30)
    )
    client.force_login(group_member)

    home = client.get(reverse("home"))
    response = client.get(home["Location"])

    assert home["Location"] == reverse("congresses:worklist")
    assert [congress.organization.code for congress in response.context["page"]] == [
        "HN-TH-P07-CB2",
        "HN-TH-P07",
        "HN-TH-P07-CB1",
    ]


def test_working_group_member_records_progress_and_the_stage_moves(client, wave, group_member):
    cell = wave["congresses"]["HN-TH-P07-CB1"]
    client.force_login(group_member)

    response = client.post(
        reverse("congresses:progress-create", args=[cell.pk]),
        {
            "reported_on": YESTERDAY.strftime("%d/%m/%Y"),
            "stage_reached": "documents_approved",
            "note": "Đã thông qua văn kiện",
            "difficulties": "Thiếu hội trường",
        },
    )

    cell.refresh_from_db()
    assert response.status_code == 302
    assert cell.stage == Stage.DOCUMENTS_APPROVED
    assert ProgressEntry.objects.get().difficulties == "Thiếu hội trường"


def test_working_group_member_cannot_reach_an_unassigned_organization(client, wave, group_member):
    district = wave["congresses"]["HN-TH"]
    client.force_login(group_member)

    response = client.post(
        reverse("congresses:progress-create", args=[district.pk]),
        {"reported_on": YESTERDAY.strftime("%d/%m/%Y"), "stage_reached": "preparing"},
    )

    district.refresh_from_db()
    assert response.status_code == 404
    assert district.stage == Stage.PLANNED


def test_held_refusal_is_shown_to_the_user(client, wave):
    ward = wave["congresses"]["HN-TH-P07"]
    client.force_login(UserFactory(scope=wave["tree"]["tay_ho"], role="staff"))

    response = client.post(
        reverse("congresses:progress-create", args=[ward.pk]),
        {"reported_on": YESTERDAY.strftime("%d/%m/%Y"), "stage_reached": "held"},
        follow=True,
    )

    messages = [str(message) for message in response.context["messages"]]
    assert messages[0].startswith("Đại hội cấp dưới phải tổ chức trước: còn 2 đại hội")
    ward.refresh_from_db()
    assert ward.stage == Stage.PLANNED


def test_staff_plan_a_subtree_after_confirming(client, tree, term):
    OrganizationFactory.create_batch(2, parent=tree["xuan_la"])
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("congresses:plan-create", args=[tree["tay_ho"].pk]) + f"?term={term.pk}"

    confirm = client.get(url)
    assert Congress.objects.count() == 0
    response = client.post(url)

    assert confirm.context["missing"] == 4
    assert response.status_code == 302
    assert Congress.objects.filter(term=term).count() == 4


def test_stale_plan_edit_is_refused(client, wave):
    cell = wave["congresses"]["HN-TH-P07-CB1"]
    client.force_login(UserFactory(scope=wave["tree"]["tay_ho"], role="staff"))
    loaded = cell.version
    services.update_congress(
        congress=cell, actor=None, expected_version=loaded, venue="Nhà văn hóa"
    )

    response = client.post(
        reverse("congresses:congress-edit", args=[cell.pk]),
        {"ordinal": 3, "kind": "all_member", "content": "four", "version": loaded},
    )

    cell.refresh_from_db()
    assert response.context["form"].non_field_errors() == [
        "Đại hội này vừa được người khác thay đổi. Hãy tải lại trang và thử lại."
    ]
    assert (cell.ordinal, cell.venue) == (1, "Nhà văn hóa")


@pytest.mark.parametrize("cells", [1, 15])
def test_congress_list_query_count_is_constant(
    client, tree, term, cells, django_assert_num_queries
):
    OrganizationFactory.create_batch(cells, parent=tree["xuan_la"])
    services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("congresses:congress-list", args=[tree["tay_ho"].pk])

    # session, user, grants, organization, current term, terms (filter), count of plan,
    # page count, page
    with django_assert_num_queries(9):
        response = client.get(url)

    assert response.context["page"].paginator.count == 2 + cells


def test_staff_record_a_training_session(client, wave):
    cell = wave["congresses"]["HN-TH-P07-CB1"]
    client.force_login(UserFactory(scope=wave["tree"]["tay_ho"], role="staff"))

    response = client.post(
        reverse("congresses:training-create", args=[cell.pk]),
        {"held_on": "10/01/2020", "audience": "Bí thư chi bộ", "attendance": 45},
        follow=True,
    )

    sessions = list(response.context["training"].values_list("audience", "attendance"))
    assert sessions == [("Bí thư chi bộ", 45)]
    assert "45 người dự" in response.content.decode()
