"""The subtree of an organization on a date (querysets.subtree_on_q, R-OR-06): a move or a
merger after that date does not rewrite the history of the units it moved."""

import datetime

import pytest
from django.urls import reverse

from congresses.models import Congress, Term
from organizations import services
from organizations.models import Member, MemberMove, Organization, OrganizationMove
from organizations.querysets import subtree_rules
from tests.factories import MemberFactory, OrganizationFactory, UserFactory, kind, make_congress

pytestmark = pytest.mark.django_db

BEFORE = datetime.date(2020, 6, 1)
MOVED_ON = datetime.date(2021, 3, 1)
LATER = datetime.date(2022, 9, 1)


def codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


def member_codes(queryset):
    return sorted(queryset.values_list("code", flat=True))


@pytest.fixture
def ward(tree):
    """A ward of Long Biên."""
    return OrganizationFactory(code="HN-LB-P01", parent=tree["long_bien"])


@pytest.fixture
def cell(tree, ward):
    """A cell of Xuân La (Tây Hồ) with a member, moved to Long Biên's ward on MOVED_ON."""
    cell = OrganizationFactory(code="CB", parent=tree["xuan_la"])
    MemberFactory(code="DV-CB", organization=cell)
    services.move_organization(organization=cell, new_parent=ward, actor=None, on=MOVED_ON)
    return Organization.objects.get(code="CB")


def test_a_move_is_recorded_with_its_day(tree, cell):
    move = OrganizationMove.objects.get()

    assert (move.organization, move.new_path, move.moved_on) == (cell, cell.path, MOVED_ON)
    assert move.old_path.startswith(tree["xuan_la"].path)


@pytest.mark.parametrize(
    ("day", "in_tay_ho", "in_long_bien"),
    [
        (BEFORE, True, False),
        (MOVED_ON - datetime.timedelta(days=1), True, False),
        (MOVED_ON, False, True),
        (LATER, False, True),
        (None, False, True),
    ],
)
def test_the_moved_cell_counts_where_it_stood_on_the_day(
    tree, ward, cell, day, in_tay_ho, in_long_bien
):
    expected = {True: ["DV-CB"], False: []}

    assert member_codes(Member.objects.in_subtree_on(tree["tay_ho"], day)) == expected[in_tay_ho]
    assert member_codes(Member.objects.in_subtree_on(tree["xuan_la"], day)) == expected[in_tay_ho]
    assert (
        member_codes(Member.objects.in_subtree_on(tree["long_bien"], day)) == expected[in_long_bien]
    )
    assert member_codes(Member.objects.in_subtree_on(tree["city"], day)) == ["DV-CB"]
    assert ("CB" in codes(Organization.objects.children_on(tree["xuan_la"], day))) is in_tay_ho
    assert ("CB" in codes(Organization.objects.children_on(ward, day))) is in_long_bien


def test_a_subtree_moved_twice_is_followed_through_both_moves(tree, ward, cell):
    other = OrganizationFactory(code="HN-LB-P02", parent=tree["long_bien"])
    services.move_organization(organization=cell, new_parent=other, actor=None, on=LATER)
    between = LATER - datetime.timedelta(days=1)

    assert member_codes(Member.objects.in_subtree_on(tree["xuan_la"], BEFORE)) == ["DV-CB"]
    assert member_codes(Member.objects.in_subtree_on(tree["long_bien"], BEFORE)) == []
    assert member_codes(Member.objects.in_subtree_on(tree["long_bien"], between)) == ["DV-CB"]
    assert member_codes(Member.objects.in_subtree_on(ward, between)) == ["DV-CB"]
    assert member_codes(Member.objects.in_subtree_on(other, between)) == []
    assert member_codes(Member.objects.in_subtree_on(ward, LATER)) == []
    assert member_codes(Member.objects.in_subtree_on(other, LATER)) == ["DV-CB"]
    assert codes(Organization.objects.children_on(tree["xuan_la"], BEFORE)) == ["CB"]
    assert codes(Organization.objects.children_on(ward, between)) == ["CB"]
    assert codes(Organization.objects.children_on(other, between)) == []
    # Nothing moved after LATER: today's single range.
    assert subtree_rules(tree["xuan_la"].path, LATER) == {tree["xuan_la"].path: True}


def test_a_subtree_moved_in_does_not_count_before_its_move(tree, ward):
    """A whole ward (with its cell) moved from Long Biên to Tây Hồ."""
    cell = OrganizationFactory(code="CB", parent=ward)
    MemberFactory(code="DV-CB", organization=cell)
    xuan_la_cell = OrganizationFactory(code="XL-CB", parent=tree["xuan_la"])
    MemberFactory(code="DV-XL", organization=xuan_la_cell)
    services.move_organization(
        organization=ward, new_parent=tree["tay_ho"], actor=None, on=MOVED_ON
    )

    assert member_codes(Member.objects.in_subtree_on(tree["tay_ho"], BEFORE)) == ["DV-XL"]
    assert member_codes(Member.objects.in_subtree_on(tree["tay_ho"], MOVED_ON)) == [
        "DV-CB",
        "DV-XL",
    ]
    assert member_codes(Member.objects.in_subtree_on(tree["long_bien"], BEFORE)) == ["DV-CB"]
    ward.refresh_from_db()
    assert member_codes(Member.objects.in_subtree_on(ward, BEFORE)) == ["DV-CB"]
    assert codes(Organization.objects.children_on(tree["long_bien"], BEFORE)) == ["HN-LB-P01"]
    assert codes(Organization.objects.children_on(tree["tay_ho"], BEFORE)) == ["HN-TH-P07"]
    assert codes(Organization.objects.children_on(tree["tay_ho"], MOVED_ON)) == [
        "HN-LB-P01",
        "HN-TH-P07",
    ]


MERGED_ON = datetime.date(2025, 7, 1)


def test_a_merger_keeps_the_history_of_its_predecessors(tree, client):
    """Two wards merged into a third: their cells (moved, with their congress) count in the
    old wards before the merger, in the new one from it."""
    first = OrganizationFactory(code="P01", parent=tree["long_bien"])
    second = OrganizationFactory(code="P02", parent=tree["long_bien"])
    cell = OrganizationFactory(code="P01-CB", parent=first)
    MemberFactory(code="DV-CB", organization=cell)
    MemberFactory(code="DV-P02", organization=OrganizationFactory(code="P02-CB", parent=second))
    successor = OrganizationFactory(code="NEW", parent=tree["tay_ho"])
    MemberFactory(code="DV-NEW", organization=OrganizationFactory(code="NEW-CB", parent=successor))
    make_congress(cell, term=Term.objects.get(name="2020–2025"))
    services.merge_organizations(
        predecessors=[first, second], successor=successor, merged_on=MERGED_ON, actor=None
    )
    first.refresh_from_db()
    before = MERGED_ON - datetime.timedelta(days=1)

    assert member_codes(Member.objects.in_subtree_on(first, BEFORE)) == ["DV-CB"]
    assert member_codes(Member.objects.in_subtree_on(first, before)) == ["DV-CB"]
    assert member_codes(Member.objects.in_subtree_on(first, MERGED_ON)) == []
    assert member_codes(Member.objects.in_subtree_on(tree["long_bien"], BEFORE)) == [
        "DV-CB",
        "DV-P02",
    ]
    assert member_codes(Member.objects.in_subtree_on(successor, BEFORE)) == ["DV-NEW"]
    assert member_codes(Member.objects.in_subtree_on(successor, MERGED_ON)) == [
        "DV-CB",
        "DV-NEW",
        "DV-P02",
    ]
    assert member_codes(Member.objects.in_subtree_on(successor, None)) == member_codes(
        Member.objects.in_subtree(successor)
    )
    assert Congress.objects.in_subtree_on(first, BEFORE).count() == 1
    assert Congress.objects.in_subtree_on(tree["long_bien"], BEFORE).count() == 1
    assert Congress.objects.in_subtree_on(successor, BEFORE).count() == 0
    assert Congress.objects.in_subtree_on(successor, MERGED_ON).count() == 1
    assert codes(Organization.objects.children_on(first, BEFORE)) == ["P01-CB"]
    assert codes(Organization.objects.children_on(successor, BEFORE)) == ["NEW-CB"]
    assert codes(Organization.objects.children_on(successor, MERGED_ON)) == [
        "NEW-CB",
        "P01-CB",
        "P02-CB",
    ]

    # The tree on a date: the cell under its ward of then, under the new ward today.
    client.force_login(UserFactory(scope=tree["city"], role="leader"))
    url = reverse("organizations:organization-list")
    then = [
        row["organization"].code for row in client.get(url, {"as_of": "01/06/2020"}).context["tree"]
    ]
    now = [row["organization"].code for row in client.get(url).context["tree"]]
    assert then.index("P01-CB") == then.index("P01") + 1
    assert then.index("P02-CB") == then.index("P02") + 1
    assert now.index("NEW") < now.index("P01-CB") == now.index("NEW-CB") + 1


def test_the_members_a_merger_moves_directly_count_in_the_predecessor_before_it(tree):
    """Grassroots cells merged: their members move straight into the successor (MemberMove)."""
    cell = kind("chi-bo-co-so")
    first = OrganizationFactory(code="CB1", kind=cell, parent=tree["long_bien"])
    successor = OrganizationFactory(code="CB2", kind=cell, parent=tree["tay_ho"])
    MemberFactory(code="DV-1", organization=first)
    MemberFactory(code="DV-2", organization=successor)
    services.merge_organizations(
        predecessors=[first], successor=successor, merged_on=MERGED_ON, actor=None
    )

    assert list(MemberMove.objects.values_list("member__code", "moved_on")) == [("DV-1", MERGED_ON)]
    assert member_codes(Member.objects.in_subtree_on(first, BEFORE)) == ["DV-1"]
    assert member_codes(Member.objects.in_subtree_on(tree["long_bien"], BEFORE)) == ["DV-1"]
    assert member_codes(Member.objects.in_subtree_on(successor, BEFORE)) == ["DV-2"]
    assert member_codes(Member.objects.in_subtree_on(tree["tay_ho"], BEFORE)) == ["DV-2"]
    assert member_codes(Member.objects.in_subtree_on(first, MERGED_ON)) == []
    assert member_codes(Member.objects.in_subtree_on(successor, MERGED_ON)) == ["DV-1", "DV-2"]


def test_the_query_on_a_date_is_one_query_for_the_moves_and_one_for_the_rows(
    tree, cell, django_assert_num_queries
):
    with django_assert_num_queries(2):
        assert Member.objects.in_subtree_on(tree["tay_ho"], BEFORE).count() == 1
    with django_assert_num_queries(2):
        assert Organization.objects.in_subtree_on(tree["tay_ho"], BEFORE).count() == 3
    with django_assert_num_queries(1):
        assert Member.objects.in_subtree_on(tree["tay_ho"], None).count() == 0


def test_the_organization_list_counts_the_children_each_had_on_the_date(tree, client):
    """Two wards of Long Biên merged into a ward of Tây Hồ: on a date before the merger each
    counts the cells it had then, the successor only its own; today the successor counts them
    all (not treebeard's numchild, which is today's and counts the wards merged away)."""
    first = OrganizationFactory(code="P01", parent=tree["long_bien"])
    second = OrganizationFactory(code="P02", parent=tree["long_bien"])
    OrganizationFactory(code="P01-CB1", parent=first)
    OrganizationFactory(code="P01-CB2", parent=first)
    OrganizationFactory(code="P02-CB", parent=second)
    successor = OrganizationFactory(code="NEW", parent=tree["tay_ho"])
    OrganizationFactory(code="NEW-CB", parent=successor)
    services.merge_organizations(
        predecessors=[first, second], successor=successor, merged_on=MERGED_ON, actor=None
    )
    client.force_login(UserFactory(scope=tree["city"], role="leader"))
    url = reverse("organizations:organization-list")

    def counts(params):
        rows = client.get(url, params).context["tree"]
        return {
            row["organization"].code: row["children_count"] for row in rows if row["parent_here"]
        }

    assert counts({"as_of": "01/06/2020"}) == {
        "HN": 2,
        "HN-TH": 2,
        "NEW": 1,
        "HN-LB": 2,
        "P01": 2,
        "P02": 1,
    }
    assert counts({}) == {"HN": 2, "HN-TH": 2, "NEW": 4}
