"""The 2025 reform as data (R-OR-05, R-OR-06): kinds valid from/until a date."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from organizations import services
from organizations.models import Organization, OrganizationKind, OrganizationMerge
from tests.factories import OrganizationFactory, kind

pytestmark = pytest.mark.django_db

REFORM_DAY = datetime.date(2025, 7, 1)


def test_the_reform_kinds_are_seeded_under_the_province_from_1_july_2025():
    rows = {
        row.code: (row.name, row.name_en, row.level, row.valid_from, row.valid_until)
        for row in OrganizationKind.objects.filter(valid_from__isnull=False)
    }

    assert rows == {
        "dang-bo-xa": ("Đảng bộ xã", "Commune party organization", 2, REFORM_DAY, None),
        "dang-bo-phuong": ("Đảng bộ phường", "Ward party organization", 2, REFORM_DAY, None),
        "dang-bo-dac-khu": (
            "Đảng bộ đặc khu",
            "Special-zone party organization",
            2,
            REFORM_DAY,
            None,
        ),
    }
    assert list(kind("dang-bo-phuong").allowed_parents.values_list("code", flat=True)) == [
        "dang-bo-tinh"
    ]
    assert kind("dang-bo-huyen").valid_until == datetime.date(2025, 6, 30)
    assert kind("dang-bo-co-so").allowed_parents.filter(code="dang-bo-phuong").exists()


def test_kinds_valid_on_a_day():
    before = set(
        OrganizationKind.objects.valid_on(datetime.date(2025, 6, 30)).values_list("code", flat=True)
    )
    after = set(OrganizationKind.objects.valid_on(REFORM_DAY).values_list("code", flat=True))

    assert before - after == {"dang-bo-huyen"}
    assert after - before == {"dang-bo-xa", "dang-bo-phuong", "dang-bo-dac-khu"}


def test_creating_a_district_after_the_reform_is_refused_citing_r_or_05(tree):
    before = (Organization.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationError) as error:
        services.create_organization(
            code="HN-NEW", name="Đảng bộ quận Mới", kind=kind("dang-bo-huyen"), parent=tree["city"],
            valid_from=REFORM_DAY,
        )  # fmt: skip

    assert error.value.message_dict == {
        "kind": [
            "Không tổ chức nào có thể là Đảng bộ quận/huyện vào ngày 01/07/2025: loại này có "
            "hiệu lực đến 30/06/2025 (R-OR-05, Hướng dẫn 31-HD/BTCTW)."
        ]
    }
    assert (Organization.objects.count(), AuditEvent.objects.count()) == before


def test_a_ward_committee_before_the_reform_is_refused_and_after_it_created(tree):
    ward = kind("dang-bo-phuong")
    with pytest.raises(ValidationError):
        services.create_organization(
            code="HN-P1", name="Đảng bộ phường Một", kind=ward, parent=tree["city"],
            valid_from=datetime.date(2025, 6, 1),
        )  # fmt: skip

    created = services.create_organization(
        code="HN-P1", name="Đảng bộ phường Một", kind=ward, parent=tree["city"],
        valid_from=REFORM_DAY,
    )  # fmt: skip

    assert (created.valid_from, Organization.objects.get_parent(created)) == (
        REFORM_DAY,
        tree["city"],
    )


def test_existing_districts_stay_and_their_grassroots_still_move(tree):
    """Existing organizations are unaffected; a district is no longer moved after the reform."""
    ward = OrganizationFactory(code="HN-TH-P01", parent=tree["tay_ho"])

    services.move_organization(organization=ward, new_parent=tree["long_bien"], actor=None)
    with pytest.raises(ValidationError) as error:
        services.move_organization(
            organization=tree["long_bien"], new_parent=tree["city"], actor=None,
            on=REFORM_DAY,
        )  # fmt: skip

    assert list(error.value.message_dict) == ["kind"]
    assert Organization.objects.get(code="HN-TH").kind.code == "dang-bo-huyen"


def test_changing_to_a_kind_not_valid_yet_is_refused(tree):
    ward = OrganizationFactory(code="HN-TH-P01", parent=tree["tay_ho"])

    with pytest.raises(ValidationError) as error:
        services.update_organization(
            organization=tree["tay_ho"], actor=None, expected_version=tree["tay_ho"].version,
            kind=kind("dang-bo-phuong"), valid_from=datetime.date(2025, 1, 1),
        )  # fmt: skip

    assert list(error.value.message_dict) == ["kind"]
    assert ward.kind.code == "dang-bo-co-so"


def test_grassroots_wards_merge_into_a_new_ward_committee_of_the_reform(tree):
    old = [
        OrganizationFactory(code=f"HN-TH-P0{number}", parent=tree["tay_ho"]) for number in (1, 2)
    ]
    cell = OrganizationFactory(code="HN-TH-P01-CB1", parent=old[0])
    new_ward = services.create_organization(
        code="HN-PN", name="Đảng bộ phường Mới", kind=kind("dang-bo-phuong"),
        parent=tree["city"], valid_from=REFORM_DAY,
    )  # fmt: skip

    services.merge_organizations(
        predecessors=old, successor=new_ward, merged_on=REFORM_DAY, actor=None
    )

    cell.refresh_from_db()
    assert cell.path.startswith(new_ward.path)
    assert OrganizationMerge.objects.filter(successor=new_ward).count() == 2
    assert services.tree_problems() == []


def test_a_merge_into_another_kind_without_a_reform_is_still_refused(tree):
    ward = OrganizationFactory(code="HN-TH-P01", parent=tree["tay_ho"])

    with pytest.raises(ValidationError):
        services.merge_organizations(
            predecessors=[ward], successor=tree["long_bien"], merged_on=REFORM_DAY, actor=None
        )

    assert not OrganizationMerge.objects.exists()


def test_the_merge_picker_offers_the_ward_committees_of_the_reform(client, tree):
    from django.urls import reverse

    from tests.factories import UserFactory

    ward = OrganizationFactory(code="HN-TH-P01", name="Đảng bộ phường Một", parent=tree["tay_ho"])
    services.create_organization(
        code="HN-PN", name="Đảng bộ phường Mới", kind=kind("dang-bo-phuong"),
        parent=tree["city"], valid_from=REFORM_DAY,
    )  # fmt: skip
    client.force_login(UserFactory(scope=tree["city"], role="staff"))

    response = client.get(
        reverse("organizations:destination-search", args=[ward.pk]),
        {"q": "dang bo phuong", "merge": "1"},
    )

    codes = [item["value"] for item in response.json()["results"]]
    assert sorted(codes) == ["HN-PN", "HN-TH-P07"]
