import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from core.text import search_key
from organizations import services
from organizations.models import Member, Organization, OrganizationMerge
from tests.factories import MemberFactory, OrganizationFactory, kind

pytestmark = pytest.mark.django_db


def test_search_key_ignores_accents_tone_placement_and_case():
    keys = {search_key(name) for name in ("Nguyễn Thị Hòa", "Nguyen Thi Hoa", "nguyễn thị hoà")}

    assert keys == {"nguyen thi hoa"}
    assert search_key("Đảng bộ phường Xuân La") == "dang bo phuong xuan la"


def test_create_organization_refuses_duplicate_code_and_writes_nothing(tree):
    before = (Organization.objects.count(), AuditEvent.objects.count())

    with pytest.raises(ValidationError) as error:
        services.create_organization(
            code="HN-TH", name="Trùng mã", kind=kind("dang-bo-huyen"), parent=tree["city"]
        )

    assert error.value.message_dict == {"code": ["Đã có tổ chức mang mã HN-TH."]}
    assert (Organization.objects.count(), AuditEvent.objects.count()) == before


def test_reform_of_2025_needs_data_not_code(tree):
    """Communes directly under the province: one more allowed parent for a kind."""
    commune = kind("dang-bo-co-so")
    with pytest.raises(ValidationError):
        services.create_organization(
            code="HN-XA1", name="Đảng bộ xã Một", kind=commune, parent=tree["city"]
        )

    commune.allowed_parents.add(kind("dang-bo-tinh"))
    created = services.create_organization(
        code="HN-XA1", name="Đảng bộ xã Một", kind=commune, parent=tree["city"]
    )

    assert Organization.objects.get_parent(created) == tree["city"]


def test_move_rewrites_paths_of_the_subtree_and_members(tree):
    cell = OrganizationFactory(code="HN-TH-P07-CB1", parent=tree["xuan_la"])
    member = MemberFactory(organization=cell)
    long_bien_ward = OrganizationFactory(code="HN-LB-P01", parent=tree["long_bien"])

    services.move_organization(organization=cell, new_parent=long_bien_ward, actor=None)

    cell.refresh_from_db()
    member.refresh_from_db()
    assert cell.path.startswith(long_bien_ward.path)
    assert member.org_path == cell.path
    assert list(Member.objects.in_subtree(tree["long_bien"])) == [member]
    assert list(Member.objects.in_subtree(tree["tay_ho"])) == []
    assert services.tree_problems() == []


def test_move_under_its_own_subtree_is_refused(tree):
    with pytest.raises(ValidationError) as error:
        services.move_organization(
            organization=tree["tay_ho"], new_parent=tree["xuan_la"], actor=None
        )

    assert error.value.message_dict == {
        "parent": ["Không thể chuyển một tổ chức vào chính nó hoặc tổ chức trực thuộc nó."]
    }


def test_merge_moves_members_and_flags_the_successor(tree):
    first = OrganizationFactory(code="CB1", parent=tree["xuan_la"])
    second = OrganizationFactory(code="CB2", parent=tree["xuan_la"])
    successor = OrganizationFactory(code="CB3", parent=tree["xuan_la"])
    members = [MemberFactory(organization=first), MemberFactory(organization=second)]

    services.merge_organizations(
        predecessors=[first, second],
        successor=successor,
        merged_on=datetime.date(2020, 1, 15),
        actor=None,
    )

    successor.refresh_from_db()
    first.refresh_from_db()
    assert successor.must_hold_congress is True
    assert first.valid_to == datetime.date(2020, 1, 15)
    assert sorted(Member.objects.filter(organization=successor).values_list("pk", flat=True)) == [
        member.pk for member in members
    ]
    assert set(Member.objects.values_list("org_path", flat=True)) == {successor.path}
    assert list(
        OrganizationMerge.objects.order_by("predecessor__code").values_list(
            "predecessor__code", "successor__code"
        )
    ) == [("CB1", "CB3"), ("CB2", "CB3")]
    assert services.tree_problems() == []


def test_merge_of_different_kinds_is_refused_and_changes_nothing(tree):
    cell = OrganizationFactory(code="CB1", parent=tree["xuan_la"])
    MemberFactory(organization=cell)

    with pytest.raises(ValidationError):
        services.merge_organizations(
            predecessors=[cell],
            successor=tree["xuan_la"],
            merged_on=datetime.date(2020, 1, 15),
            actor=None,
        )

    assert Member.objects.get().organization == cell
    assert OrganizationMerge.objects.count() == 0


def test_stale_organization_edit_is_refused(tree):
    organization = tree["xuan_la"]
    services.update_organization(
        organization=organization, actor=None, expected_version=1, name="Đảng bộ phường Xuân La mới"
    )

    with pytest.raises(services.StaleEditError):
        services.update_organization(
            organization=organization, actor=None, expected_version=1, name="Tên khác"
        )

    organization.refresh_from_db()
    assert (organization.name, organization.version) == ("Đảng bộ phường Xuân La mới", 2)
    assert organization.search_key == "dang bo phuong xuan la moi hn-th-p07"


def test_check_tree_reports_a_broken_member_path(tree, capsys):
    cell = OrganizationFactory(code="CB1", parent=tree["xuan_la"])
    member = MemberFactory(organization=cell, code="DV-LOST")
    Member.objects.filter(pk=member.pk).update(org_path="ZZZZ")

    with pytest.raises(CommandError, match="1 problem"):
        call_command("check_tree")

    assert (
        capsys.readouterr().out
        == "DV-LOST: member's path copy differs from its organization's path\n"
    )


def test_check_tree_passes_on_a_consistent_tree(tree, capsys):
    call_command("check_tree")

    assert capsys.readouterr().out == "The organization tree is consistent.\n"
