"""Pickers (core.pickers): candidates, move destinations and working-group members chosen by
typing a name, accents ignored, only among what the user may see; a code still works, and a
forged value out of scope is refused under its field (in Vietnamese, the default language)
with nothing written."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from congresses.models import Term, WorkingGroup
from organizations.models import Organization, RoleGrant
from personnel import services as personnel_services
from personnel.models import Candidate
from tests.factories import (
    OPENED,
    MemberFactory,
    OrganizationFactory,
    UserFactory,
    make_congress,
    open_congress,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(tree):
    """Tây Hồ (a cell of Xuân La with three members), Quận 10 of Hồ Chí Minh City (a member
    with the same family name), the staff of each district and a site administrator."""
    cell = OrganizationFactory(
        code="HN-TH-P07-CB1", name="Chi bộ Tổ dân phố 1", parent=tree["xuan_la"]
    )
    quan_10 = OrganizationFactory(
        code="HCM-Q10",
        name="Đảng bộ quận 10",
        parent=OrganizationFactory(code="HCM", name="Đảng bộ Thành phố Hồ Chí Minh"),
    )
    q10_ward = OrganizationFactory(code="HCM-Q10-P01", name="Đảng bộ phường 1", parent=quan_10)
    q10_cell = OrganizationFactory(code="HCM-Q10-P01-CB1", parent=q10_ward)
    OrganizationFactory(code="HN-TH-P08", name="Đảng bộ phường Nhật Tân", parent=tree["tay_ho"])
    members = {
        "duc": MemberFactory(code="TH0001", full_name="Nguyễn Văn Đức", organization=cell),
        "an": MemberFactory(code="TH0002", full_name="Nguyễn Văn An", organization=cell),
        "hoa": MemberFactory(code="TH0003", full_name="Trần Thị Hòa", organization=cell),
        "q10": MemberFactory(code="Q100001", full_name="Nguyễn Văn Bình", organization=q10_cell),
    }
    users = {
        "tayho": UserFactory(
            username="canbo.tayho", first_name="Nguyễn Thị Hòa", scope=tree["tay_ho"], role="staff"
        ),
        "xuanla": UserFactory(
            username="bithu.xuanla",
            first_name="Phạm Thị Lan",
            scope=tree["xuan_la"],
            role="secretary",
        ),
        "quan10": UserFactory(
            username="canbo.quan10", first_name="Võ Thị Thu", scope=quan_10, role="staff"
        ),
        "longbien": UserFactory(
            username="canbo.longbien",
            first_name="Đỗ Văn Long",
            scope=tree["long_bien"],
            role="staff",
        ),
        "admin": UserFactory(username="admin", is_superuser=True, is_staff=True),
    }
    term = Term.objects.get(name="2020–2025")
    congress = open_congress(make_congress(tree["tay_ho"], term=term), OPENED)
    ballot = personnel_services.add_ballot(congress=congress, actor=None, kind="secretary", seats=1)
    return {**tree, "cell": cell, "quan_10": quan_10, "members": members, "users": users,
            "ballot": ballot}  # fmt: skip


def found(response):
    assert response.status_code == 200
    return [result["value"] for result in response.json()["results"]]


# --- Candidates --------------------------------------------------------------------------


def candidate_search(client, place, query):
    return client.get(
        reverse("personnel:candidate-search", args=[place["ballot"].pk]), {"q": query}
    )


def test_candidates_are_found_by_part_of_the_name_without_accents(client, place):
    client.force_login(place["users"]["tayho"])

    assert found(candidate_search(client, place, "nguyen van")) == ["TH0002", "TH0001"]
    assert found(candidate_search(client, place, "DUC")) == ["TH0001"]
    assert found(candidate_search(client, place, "Đức")) == ["TH0001"]
    assert found(candidate_search(client, place, "hoa")) == ["TH0003"]
    assert found(candidate_search(client, place, "th0003")) == ["TH0003"]
    assert found(candidate_search(client, place, "n")) == []  # one letter: too short


def test_candidate_search_never_returns_another_districts_members(client, place):
    client.force_login(place["users"]["tayho"])

    assert "Q100001" not in found(candidate_search(client, place, "nguyen"))
    assert found(candidate_search(client, place, "binh")) == []
    assert found(candidate_search(client, place, "Q100001")) == []


def test_candidate_search_answers_a_page_in_constant_queries(
    client, place, django_assert_max_num_queries
):
    for number in range(25):
        MemberFactory(full_name=f"Lê Văn Nam {number:02d}", organization=place["cell"])
    client.force_login(place["users"]["tayho"])
    candidate_search(client, place, "le van")  # session and user read once

    # session, user, ballot, grants, the search itself.
    with django_assert_max_num_queries(5):
        response = candidate_search(client, place, "le van")

    names = [result["label"] for result in response.json()["results"]]
    assert len(names) == 20
    assert names == sorted(names)


def test_the_candidate_form_is_a_labelled_combobox(client, place):
    client.force_login(place["users"]["tayho"])

    page = client.get(reverse("personnel:ballot-detail", args=[place["ballot"].pk]))

    html = page.content.decode()
    url = reverse("personnel:candidate-search", args=[place["ballot"].pk])
    assert f'data-picker-url="{url}"' in html
    assert 'role="combobox"' in html
    assert '<label class="form-label" for="id_member_code">' in html
    assert 'role="listbox" id="id_member_code-options"' in html


def add_candidate(client, place, value):
    return client.post(
        reverse("personnel:ballot-detail", args=[place["ballot"].pk]),
        {"action": "add", "member_code": value, "nomination": "plan"},
    )


@pytest.mark.parametrize("value", ["TH0003", "Tran Thi Hoa", "trần thị hoà"])
def test_a_candidate_is_added_by_code_or_exact_name(client, place, value):
    client.force_login(place["users"]["tayho"])

    response = add_candidate(client, place, value)

    assert response.status_code == 302
    assert place["ballot"].candidates.get().member == place["members"]["hoa"]


def test_a_forged_member_code_from_another_district_is_refused(client, place):
    client.force_login(place["users"]["tayho"])
    audit = AuditEvent.objects.count()

    response = add_candidate(client, place, "Q100001")

    assert response.status_code == 200
    assert response.context["form"].errors["member_code"] == [
        "Q100001: không có đảng viên nào mang mã hoặc họ tên này ở đây."
    ]
    assert 'value="Q100001"' in response.content.decode()  # the input is kept
    assert not Candidate.objects.exists()
    assert AuditEvent.objects.count() == audit


def test_a_name_held_twice_asks_for_the_code(client, place):
    MemberFactory(code="TH0009", full_name="Nguyễn Văn An", organization=place["cell"])
    client.force_login(place["users"]["tayho"])

    response = add_candidate(client, place, "Nguyen Van An")

    assert response.context["form"].errors["member_code"] == [
        "Nguyen Van An: có nhiều đảng viên cùng họ tên này ở đây; đề nghị ghi mã đảng viên."
    ]
    assert not Candidate.objects.exists()


def test_candidate_search_is_refused_to_a_reader_and_outside_the_scope(client, place):
    client.force_login(UserFactory(scope=place["tay_ho"], role="leader"))
    assert candidate_search(client, place, "nguyen").status_code == 403
    client.force_login(place["users"]["quan10"])
    assert candidate_search(client, place, "nguyen").status_code == 404


# --- Move destinations -------------------------------------------------------------------


def destination_search(client, organization, query):
    return client.get(
        reverse("organizations:destination-search", args=[organization.pk]), {"q": query}
    )


def test_destinations_are_found_without_accents_where_the_tree_may_change(client, place):
    client.force_login(place["users"]["tayho"])

    assert found(destination_search(client, place["cell"], "dang bo")) == [
        "HN-TH-P08",
        "HN-TH-P07",
        "HN-TH",
    ]
    assert found(destination_search(client, place["cell"], "xuan la")) == ["HN-TH-P07"]
    # Long Biên (beside Tây Hồ) and Quận 10 are out of reach, the cell itself is no choice.
    assert found(destination_search(client, place["cell"], "long bien")) == []
    assert found(destination_search(client, place["cell"], "quan 10")) == []
    assert found(destination_search(client, place["cell"], "to dan pho")) == []


def test_merge_destinations_are_of_the_same_kind_in_constant_queries(
    client, place, django_assert_max_num_queries
):
    client.force_login(place["users"]["tayho"])
    url = reverse("organizations:destination-search", args=[place["xuan_la"].pk])
    client.get(url, {"q": "dang bo", "merge": "1"})

    # session, user, the organization merged, grants, the search itself.
    with django_assert_max_num_queries(5):
        response = client.get(url, {"q": "dang bo", "merge": "1"})

    assert found(response) == ["HN-TH-P08"]
    merge_page = client.get(reverse("organizations:organization-merge", args=[place["xuan_la"].pk]))
    assert f'data-picker-url="{url}?merge=1"' in merge_page.content.decode()


def test_destination_search_is_refused_outside_the_scope(client, place):
    client.force_login(place["users"]["quan10"])

    assert destination_search(client, place["cell"], "dang bo").status_code == 404


@pytest.mark.parametrize(
    "value", ["HN-TH-P08", "Đảng bộ phường Nhật Tân", "dang bo phuong nhat tan"]
)
def test_a_move_destination_is_named_by_code_or_exact_name(client, place, value):
    client.force_login(place["users"]["tayho"])
    cell = place["cell"]

    response = client.post(
        reverse("organizations:organization-move", args=[cell.pk]),
        {"destination": value, "version": cell.version, "confirmed": "1"},
    )

    assert response.status_code == 302
    new_parent = Organization.objects.get(code="HN-TH-P08")
    assert Organization.objects.get(pk=cell.pk).parent_path == new_parent.path


def test_a_forged_destination_out_of_reach_is_refused_and_kept(client, place):
    client.force_login(place["users"]["tayho"])
    cell = place["cell"]
    before = list(Organization.objects.values_list("pk", "path", "version"))

    response = client.post(
        reverse("organizations:organization-move", args=[cell.pk]),
        {"destination": "Đảng bộ quận 10", "version": cell.version, "confirmed": "1"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["destination"] == [
        "Đảng bộ quận 10: không có tổ chức đảng nào mang mã hoặc tên này trong phạm vi đồng chí"
        " được thay đổi cây tổ chức."
    ]
    assert 'value="Đảng bộ quận 10"' in response.content.decode()
    assert list(Organization.objects.values_list("pk", "path", "version")) == before


# --- Working groups ----------------------------------------------------------------------


def account_search(client, organization, query):
    return client.get(
        reverse("congresses:group-account-search", args=[organization.pk]), {"q": query}
    )


def test_the_working_group_form_never_offers_another_districts_accounts(client, place):
    """The site administrator editing a Tây Hồ group was offered canbo.quan10 (issue 18)."""
    fresh = UserFactory(username="totacong.moi")  # no grant yet: a new working-group account
    client.force_login(place["users"]["admin"])

    page = client.get(reverse("congresses:group-create", args=[place["tay_ho"].pk]))
    offered = set(page.context["form"].fields["members"].queryset)

    assert fresh in offered
    assert place["users"]["tayho"] in offered
    assert place["users"]["xuanla"] in offered
    assert place["users"]["quan10"] not in offered
    assert place["users"]["longbien"] not in offered
    assert "canbo.quan10" not in page.content.decode()


@pytest.mark.parametrize("role", ["tayho", "admin"])
def test_accounts_are_found_without_accents_in_the_district_only(client, place, role):
    """Only the site administrator also finds an account holding no grant at all."""
    UserFactory(username="totacong.moi", first_name="Lê Văn Tâm")
    client.force_login(place["users"][role])
    tay_ho = place["tay_ho"]

    assert found(account_search(client, tay_ho, "thi")) == ["canbo.tayho", "bithu.xuanla"]
    assert found(account_search(client, tay_ho, "nguyen thi hoa")) == ["canbo.tayho"]
    assert found(account_search(client, tay_ho, "canbo")) == ["canbo.tayho"]
    assert found(account_search(client, tay_ho, "totacong")) == (
        ["totacong.moi"] if role == "admin" else []
    )
    assert found(account_search(client, tay_ho, "vo thi thu")) == []
    assert found(account_search(client, tay_ho, "do van long")) == []


def test_account_search_answers_in_constant_queries(client, place, django_assert_max_num_queries):
    for number in range(25):
        UserFactory(first_name=f"Lê Văn Tổ {number:02d}", scope=place["xuan_la"], role="leader")
    client.force_login(place["users"]["tayho"])
    account_search(client, place["tay_ho"], "le van")

    # session, user, grants, the accounts in scope.
    with django_assert_max_num_queries(5):
        response = account_search(client, place["tay_ho"], "le van")

    assert len(response.json()["results"]) == 20


def test_account_search_is_refused_to_others(client, place):
    client.force_login(UserFactory(scope=place["tay_ho"], role="leader"))
    assert account_search(client, place["tay_ho"], "thi").status_code == 403
    client.force_login(place["users"]["quan10"])
    assert account_search(client, place["tay_ho"], "thi").status_code == 404


def test_group_members_are_saved_from_user_names_and_names(client, place):
    client.force_login(place["users"]["admin"])

    response = client.post(
        reverse("congresses:group-create", args=[place["tay_ho"].pk]),
        {"name": "Tổ công tác số 1", "members": "canbo.tayho, Pham Thi Lan,"},
    )

    assert response.status_code == 302
    group = WorkingGroup.objects.get()
    assert set(group.members.all()) == {place["users"]["tayho"], place["users"]["xuanla"]}
    edit = client.get(reverse("congresses:group-edit", args=[place["tay_ho"].pk, group.pk]))
    assert edit.context["form"]["members"].value() == "bithu.xuanla, canbo.tayho"


def test_a_forged_account_of_another_district_is_refused_under_the_field(client, place):
    client.force_login(place["users"]["admin"])
    grants = RoleGrant.objects.count()
    typed = "canbo.tayho, canbo.quan10"

    response = client.post(
        reverse("congresses:group-create", args=[place["tay_ho"].pk]),
        {"name": "Tổ công tác số 1", "members": typed},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["members"] == [
        "canbo.quan10: không có tài khoản nào mang tên đăng nhập hoặc họ tên này ở đây."
    ]
    assert f'value="{typed}"' in response.content.decode()
    assert not WorkingGroup.objects.exists()
    assert RoleGrant.objects.count() == grants
