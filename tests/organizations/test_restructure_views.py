"""Moving and merging organizations in the browser: a form, a page saying what will change,
then the change; only where the user may change the tree, never silently over a newer state."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from audit.models import AuditEvent
from congresses.choices import Stage
from congresses.models import Term
from organizations.models import Member, Organization, OrganizationMerge
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, make_congress

pytestmark = pytest.mark.django_db


@pytest.fixture
def cells(tree):
    """Two cells of Xuân La with members, a ward of Long Biên with a cell."""
    first = OrganizationFactory(
        code="HN-TH-P07-CB1", name="Chi bộ Tổ dân phố 1", parent=tree["xuan_la"]
    )
    second = OrganizationFactory(
        code="HN-TH-P07-CB2", name="Chi bộ Tổ dân phố 2", parent=tree["xuan_la"]
    )
    for cell in (first, second, second):
        MemberFactory(organization=cell)
    long_bien_ward = OrganizationFactory(code="HN-LB-P01", parent=tree["long_bien"])
    return {"first": first, "second": second, "long_bien_ward": long_bien_ward}


def staff_client(client, organization, language="vi"):
    client.force_login(UserFactory(scope=organization, role="staff"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def post(client, name, organization, **data):
    return client.post(reverse(f"organizations:{name}", args=[organization.pk]), data)


def test_merging_cells_asks_first_then_moves_members_and_keeps_history(client, tree, cells):
    staff_client(client, tree["tay_ho"])
    second = cells["second"]
    form = {"destination": "HN-TH-P07-CB1", "merged_on": "01/03/2025", "version": second.version}

    asked = post(client, "organization-merge", second, **form)
    assert asked.status_code == 200
    assert "Chuyển sang Chi bộ Tổ dân phố 1: đảng viên 2" in asked.content.decode()
    assert Member.objects.filter(organization=second).count() == 2  # nothing done yet

    done = post(client, "organization-merge", second, **form, confirmed="1")

    assert done.status_code == 302
    assert done["Location"] == reverse(
        "organizations:organization-detail", args=[cells["first"].pk]
    )
    second.refresh_from_db()
    cells["first"].refresh_from_db()
    assert Member.objects.filter(organization=cells["first"]).count() == 3
    assert str(second.valid_to) == "2025-03-01"
    assert cells["first"].must_hold_congress
    assert OrganizationMerge.objects.filter(predecessor=second, successor=cells["first"]).exists()
    assert AuditEvent.objects.filter(action="organization.merged").count() == 1


def test_merging_into_a_cell_that_held_its_congress_says_so_before_confirming(client, tree, cells):
    first = cells["first"]
    term = Term.objects.get(name="2020–2025")
    make_congress(first, term=term, stage=Stage.HELD, ended=datetime.date(2020, 3, 5))
    staff_client(client, tree["tay_ho"], language="en")
    second = cells["second"]

    def asked(merged_on):
        form = {"destination": first.code, "merged_on": merged_on, "version": second.version}
        return post(client, "organization-merge", second, **form).content.decode()

    assert (
        "Chi bộ Tổ dân phố 1 already held its congress of the 2020–2025 term on 05/03/2020. "
        "After the merger it holds a congress after the merger"
    ) in asked("01/04/2020")
    assert 'id="merger-congress-held"' not in asked("01/03/2020")  # merged before it was held


def test_moving_a_ward_moves_its_subtree(client, tree, cells):
    client.force_login(UserFactory(scope=tree["city"], role="staff"))
    ward = tree["xuan_la"]
    form = {"destination": "HN-LB", "version": ward.version}

    asked = post(client, "organization-move", ward, **form)
    assert "đảng viên 3" in asked.content.decode()
    done = post(client, "organization-move", ward, **form, confirmed="1")

    assert done.status_code == 302
    ward.refresh_from_db()
    assert ward.path.startswith(tree["long_bien"].path)
    member_paths = set(Member.objects.values_list("org_path", flat=True))
    assert member_paths == {
        Organization.objects.get(pk=cells[name].pk).path for name in ("first", "second")
    }
    assert all(path.startswith(ward.path) for path in member_paths)
    assert AuditEvent.objects.filter(action="organization.moved").count() == 1


def test_a_destination_out_of_reach_is_named_and_nothing_changes(client, tree, cells):
    staff_client(client, tree["tay_ho"], "en")
    ward = tree["xuan_la"]
    before = Organization.objects.values_list("pk", "path", "version")

    response = post(
        client,
        "organization-move",
        ward,
        destination="HN-LB",
        version=ward.version,
        confirmed="1",
    )

    assert response.status_code == 200
    assert response.context["form"].errors["destination"] == [
        "HN-LB: no organization with this code or name stands where you may change the tree."
    ]
    assert list(Organization.objects.values_list("pk", "path", "version")) == list(before)


def test_rules_of_the_tree_are_shown_before_confirming(client, tree, cells):
    staff_client(client, tree["tay_ho"], "en")

    under_itself = post(
        client, "organization-move", tree["xuan_la"], destination="HN-TH-P07-CB1",
        version=tree["xuan_la"].version,
    )  # fmt: skip
    other_kind = post(
        client, "organization-merge", cells["second"], destination="HN-TH-P07",
        merged_on="01/03/2025", version=cells["second"].version,
    )  # fmt: skip

    assert under_itself.context["impact"] is None
    assert under_itself.context["form"].errors["__all__"] == [
        "An organization cannot be moved under itself or its own subtree."
    ]
    assert other_kind.context["form"].non_field_errors() == [
        "Chi bộ Tổ dân phố 2 is a Chi bộ trực thuộc and cannot be merged into a Đảng bộ cơ sở."
    ]


def test_a_confirmation_over_a_changed_organization_is_refused(client, tree, cells):
    staff_client(client, tree["tay_ho"], "en")
    second = cells["second"]
    stale_version = second.version
    Organization.objects.filter(pk=second.pk).update(version=stale_version + 1)

    response = post(
        client, "organization-merge", second, destination="HN-TH-P07-CB1",
        merged_on="01/03/2025", version=stale_version, confirmed="1",
    )  # fmt: skip

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Someone else changed this organization. Reload and try again."
    ]
    assert Member.objects.filter(organization=second).count() == 2
    assert not OrganizationMerge.objects.exists()


def test_a_grant_over_an_organization_does_not_reach_its_place(client, tree):
    staff_client(client, tree["tay_ho"])

    own = client.get(reverse("organizations:organization-move", args=[tree["tay_ho"].pk]))
    below = client.get(reverse("organizations:organization-move", args=[tree["xuan_la"].pk]))
    detail = client.get(reverse("organizations:organization-detail", args=[tree["tay_ho"].pk]))

    assert (own.status_code, below.status_code) == (403, 200)
    assert reverse("organizations:organization-move", args=[tree["tay_ho"].pk]) not in (
        detail.content.decode()
    )


def test_leaders_and_secretaries_cannot_restructure(client, tree):
    for role in ("leader", "secretary", "working_group"):
        client.force_login(UserFactory(scope=tree["city"], role=role))
        response = client.get(
            reverse("organizations:organization-merge", args=[tree["xuan_la"].pk])
        )
        assert response.status_code == 403, role
