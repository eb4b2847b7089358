import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from organizations import services
from organizations.models import Member, Organization

pytestmark = pytest.mark.django_db


def seed_small():
    call_command("seed_scale", districts=2, grassroots=4, cells=8, members=100, root_code="SMK")
    return Organization.objects.get(code="SMK")


def test_seed_scale_builds_a_consistent_treebeard_tree():
    root = seed_small()

    per_kind = dict(
        Organization.objects.in_subtree(root)
        .values_list("kind__code")
        .annotate(count=Count("pk"))
        .order_by()
    )
    assert per_kind == {
        "dang-bo-tinh": 1,
        "dang-bo-huyen": 2,
        "dang-bo-co-so": 4,
        "chi-bo-truc-thuoc": 8,
    }
    assert Member.objects.in_subtree(root).count() == 100
    assert not Member.objects.exclude(org_path=F("organization__path")).exists()
    assert services.tree_problems() == []
    districts = list(Organization.objects.get_children(root))
    assert [district.code for district in districts] == ["SMK-Q01", "SMK-Q02"]
    assert {district.kind.code for district in districts} == {"dang-bo-huyen"}
    # Cells hold the members, spread evenly: 100 over 8 cells.
    per_cell = Member.objects.values("organization").annotate(count=Count("pk"))
    assert sorted({row["count"] for row in per_cell}) == [12, 13]


def test_seed_scale_places_a_second_root_after_the_first_and_refuses_a_taken_code():
    first = seed_small()

    call_command("seed_scale", districts=1, grassroots=1, cells=1, members=3, root_code="SMK2")
    with pytest.raises(CommandError, match="already exists"):
        call_command("seed_scale", districts=1, grassroots=1, cells=1, members=1, root_code="SMK")

    second = Organization.objects.get(code="SMK2")
    assert [node.code for node in Organization.objects.get_root_nodes()] == ["SMK", "SMK2"]
    assert Organization.objects.get_next_sibling(first) == second
    assert services.tree_problems() == []
