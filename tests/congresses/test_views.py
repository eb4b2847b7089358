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
    )

    errors = response.context["progress_form"].errors
    assert any(
        message.startswith("Đại hội cấp dưới phải tổ chức trước: còn 2 đại hội")
        for messages in errors.values()
        for message in messages
    )
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


def test_a_leader_put_in_a_working_group_still_only_reads(client, wave, xuan_la_group):
    """A group never gives more than the member's own ceiling: a read-only leader in a group
    assigned Xuân La reads its members but gets no edit form and cannot post a change."""
    from organizations.models import Member
    from tests.factories import MemberFactory

    tree = wave["tree"]
    member = MemberFactory(organization=wave["cells"][0])
    leader = UserFactory(scope=tree["tay_ho"], role="leader")
    xuan_la_group([leader], "Tổ công tác số 5")
    client.force_login(leader)
    edit = reverse("organizations:member-edit", args=[member.pk])
    cell = wave["congresses"]["HN-TH-P07-CB1"]

    assert (
        client.get(reverse("organizations:member-list", args=[tree["xuan_la"].pk])).status_code
        == 200
    )
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"full_name": "Đổi tên", "version": member.version}).status_code == 403
    refused = client.post(
        reverse("congresses:progress-create", args=[cell.pk]),
        {"reported_on": YESTERDAY.strftime("%d/%m/%Y"), "stage_reached": "preparing"},
    )
    assert refused.status_code == 403
    assert Member.objects.get(pk=member.pk).full_name == member.full_name
    assert not ProgressEntry.objects.exists()


def test_a_secretary_put_in_a_working_group_writes_to_the_assignment(client, wave, xuan_la_group):
    """A writer's ceiling allows the working-group role: a secretary of the district's cell
    assigned Xuân La records its progress."""
    tree = wave["tree"]
    secretary = UserFactory(scope=tree["long_bien"], role="secretary")
    xuan_la_group([secretary], "Tổ công tác số 6")
    client.force_login(secretary)
    cell = wave["congresses"]["HN-TH-P07-CB1"]

    response = client.post(
        reverse("congresses:progress-create", args=[cell.pk]),
        {"reported_on": YESTERDAY.strftime("%d/%m/%Y"), "stage_reached": "preparing"},
    )

    assert response.status_code == 302
    assert ProgressEntry.objects.count() == 1


def test_adding_and_removing_group_members_is_audited(client, wave, term, group_member):
    from audit.models import AuditEvent
    from congresses.models import WorkingGroup

    tree = wave["tree"]
    staff = UserFactory(scope=tree["tay_ho"], role="staff")
    newcomer = UserFactory(scope=tree["xuan_la"], role="secretary")
    group = WorkingGroup.objects.get(name="Tổ công tác số 3")
    client.force_login(staff)

    response = client.post(
        reverse("congresses:group-edit", args=[tree["tay_ho"].pk, group.pk]),
        {
            "name": group.name,
            "members": newcomer.username,
            "organizations": [tree["xuan_la"].pk],
        },
    )

    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="working_group.updated").get()
    assert event.actor == staff
    assert event.data["members_added"] == [newcomer.pk]
    assert event.data["members_removed"] == [group_member.pk]


def test_the_group_form_offers_the_subtree_accounts_only(client, wave, term, group_member):
    """Working-group accounts (no grant of their own) whose groups stand in Tây Hồ and accounts
    with a role in Tây Hồ are offered; another district's staff and other groups' accounts not."""
    tree = wave["tree"]
    staff = UserFactory(scope=tree["tay_ho"], role="staff")
    elsewhere = UserFactory(scope=tree["long_bien"], role="staff")
    nobody = UserFactory()
    client.force_login(staff)

    form = client.get(reverse("congresses:group-create", args=[tree["tay_ho"].pk])).context["form"]
    offered = set(form.fields["members"].queryset)

    assert group_member in offered
    assert staff in offered
    assert elsewhere not in offered
    assert nobody not in offered


def test_the_stage_form_takes_the_date_the_stage_was_reached(client, wave, term):
    cell = wave["congresses"]["HN-TH-P07-CB1"]
    staff = UserFactory(scope=wave["congresses"]["HN-TH"].organization, role="staff")
    client.force_login(staff)
    url = reverse("congresses:congress-stage", args=[cell.pk])

    client.post(
        url,
        {
            "to_stage": "preparing",
            "version": cell.version,
            "effective_on": "02/03/2020",
            "confirmed": "on",
        },
    )
    cell.refresh_from_db()
    response = client.post(
        url,
        {
            "to_stage": "documents_approved",
            "version": cell.version,
            "effective_on": "01/03/2020",
            "confirmed": "on",
        },
        follow=True,
    )

    cell.refresh_from_db()
    assert cell.stage == Stage.PREPARING
    assert [(t.to_stage, t.effective_on) for t in cell.transitions.all()] == [
        (Stage.PREPARING, datetime.date(2020, 3, 2))
    ]
    assert "không được trước lần chuyển giai đoạn trước (02/03/2020)" in response.content.decode()


def test_a_refused_progress_report_keeps_what_was_typed(client, wave, group_member):
    """Issue 18, item 3: a progress note sent with 31/02/2020 is drawn again with the note and
    the error under the date, not lost behind a redirect."""
    cell = wave["congresses"]["HN-TH-P07-CB1"]
    client.force_login(group_member)

    response = client.post(
        reverse("congresses:progress-create", args=[cell.pk]),
        {
            "reported_on": "31/02/2020",
            "stage_reached": "documents_approved",
            "note": "Đã họp chi ủy chuẩn bị văn kiện",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert response.context["progress_form"].errors["reported_on"] == ["Nhập một ngày hợp lệ."]
    assert "Đã họp chi ủy chuẩn bị văn kiện</textarea>" in page
    assert 'value="31/02/2020"' in page
    assert not ProgressEntry.objects.exists()


def test_a_refused_training_session_keeps_what_was_typed(client, wave):
    cell = wave["congresses"]["HN-TH-P07-CB1"]
    client.force_login(UserFactory(scope=wave["tree"]["tay_ho"], role="staff"))

    response = client.post(
        reverse("congresses:training-create", args=[cell.pk]),
        {"held_on": "10/01/2020", "audience": "Bí thư chi bộ", "attendance": 0},
    )

    assert response.status_code == 200
    assert set(response.context["training_form"].errors) == {"attendance"}
    assert 'value="Bí thư chi bộ"' in response.content.decode()
