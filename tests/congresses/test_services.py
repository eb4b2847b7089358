import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from audit.models import AuditEvent
from congresses import rulepacks, services, working_groups
from congresses.choices import CongressContent, CongressKind, Stage
from congresses.models import Congress, StageTransition, Term
from organizations import services as organization_services
from organizations.models import OrganizationMerge, RoleGrant
from organizations.services import StaleEditError
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("number", "numeral"), [(1, "I"), (4, "IV"), (6, "VI"), (9, "IX"), (12, "XII"), (14, "XIV")]
)
def test_roman_numerals_of_congress_ordinals(number, numeral):
    assert services.roman(number) == numeral


def test_plan_creates_one_congress_per_organization_with_windows(wave, term):
    congresses = wave["congresses"]

    assert sorted(congresses) == ["HN-TH", "HN-TH-P07", "HN-TH-P07-CB1", "HN-TH-P07-CB2"]
    ward = congresses["HN-TH-P07"]
    assert (ward.level, ward.ordinal, ward.kind, ward.content) == (
        3,
        1,
        CongressKind.ALL_MEMBER,
        CongressContent.FOUR,
    )
    assert (ward.window_start, ward.window_end) == (
        datetime.date(2020, 4, 1),
        datetime.date(2020, 6, 30),
    )
    assert congresses["HN-TH"].window_end == datetime.date(2020, 8, 31)
    assert services.create_term_plan(term=term, root=wave["tree"]["tay_ho"], actor=None) == 0


def test_plan_continues_ordinals_suggests_kind_and_restarts_after_a_merger(tree, term):
    later = type(term).objects.get(name="2025–2030")
    later.delegate_congress_threshold = 3
    later.save(update_fields=["delegate_congress_threshold"])
    first, second = (OrganizationFactory(parent=tree["xuan_la"]) for _ in range(2))
    MemberFactory.create_batch(3, organization=first)
    services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)
    Congress.objects.filter(organization=tree["xuan_la"]).update(ordinal=11)
    organization_services.merge_organizations(
        predecessors=[second], successor=first, merged_on=datetime.date(2024, 12, 1), actor=None
    )

    services.create_term_plan(term=later, root=tree["tay_ho"], actor=None)

    planned = {
        congress.organization_id: congress for congress in Congress.objects.filter(term=later)
    }
    # R-OR-05: the district level ended on 30/06/2025, before its 2025 window: not planned.
    assert tree["tay_ho"].pk not in planned
    assert planned[tree["xuan_la"].pk].ordinal == 12
    assert planned[tree["xuan_la"].pk].kind == CongressKind.DELEGATE  # 3 members ≥ 3
    assert (planned[first.pk].ordinal, planned[first.pk].content) == (1, CongressContent.TWO)
    assert second.pk not in planned  # merged away: no congress of its own


def test_a_congress_moves_one_stage_at_a_time(wave):
    congress = wave["congresses"]["HN-TH-P07-CB1"]

    with pytest.raises(ValidationError) as error:
        services.change_stage(
            congress=congress, to_stage=Stage.HELD, actor=None, expected_version=congress.version
        )

    assert error.value.messages == [
        "Đại hội chuyển từng giai đoạn một: từ “Đã lên kế hoạch” chỉ có thể chuyển sang "
        "Đang chuẩn bị."
    ]


def advance(congress, until, held_on=YESTERDAY):
    for stage in (Stage.PREPARING, Stage.DOCUMENTS_APPROVED, Stage.PERSONNEL_APPROVED, Stage.HELD):
        congress = services.change_stage(
            congress=congress,
            to_stage=stage,
            actor=None,
            expected_version=congress.version,
            held_on=held_on,
            effective_on=held_on if stage == Stage.HELD else min(held_on, TODAY),
        )
        if stage == until:
            return congress
    return congress


def test_held_is_refused_while_a_lower_congress_is_not_held(wave):
    ward = advance(wave["congresses"]["HN-TH-P07"], Stage.PERSONNEL_APPROVED)
    advance(wave["congresses"]["HN-TH-P07-CB1"], Stage.HELD)

    with pytest.raises(ValidationError) as error:
        services.change_stage(
            congress=ward,
            to_stage=Stage.HELD,
            actor=None,
            expected_version=ward.version,
            held_on=YESTERDAY,
        )

    cell_two = wave["cells"][1]
    assert error.value.messages == [
        "Đại hội cấp dưới phải tổ chức trước: còn 1 đại hội chưa tổ chức "
        f"({cell_two.name}; R-WV-01, Chỉ thị 35-CT/TW)."
    ]
    ward.refresh_from_db()
    assert ward.stage == Stage.PERSONNEL_APPROVED

    advance(wave["congresses"]["HN-TH-P07-CB2"], Stage.HELD)
    held = services.change_stage(
        congress=ward,
        to_stage=Stage.HELD,
        actor=None,
        expected_version=ward.version,
        held_on=YESTERDAY,
    )
    assert (held.stage, held.ended_on) == (Stage.HELD, YESTERDAY)


def test_held_in_the_future_is_refused(wave):
    cell = advance(wave["congresses"]["HN-TH-P07-CB1"], Stage.PERSONNEL_APPROVED)

    with pytest.raises(ValidationError) as error:
        services.change_stage(
            congress=cell,
            to_stage=Stage.HELD,
            actor=None,
            expected_version=cell.version,
            held_on=TODAY + datetime.timedelta(days=1),
        )

    assert error.value.message_dict == {"held_on": ["Ngày đại hội không thể ở tương lai."]}


def test_results_approval_needs_the_decision_and_is_recorded(wave):
    user = UserFactory()
    cell = advance(wave["congresses"]["HN-TH-P07-CB1"], Stage.HELD)

    with pytest.raises(ValidationError):
        services.change_stage(
            congress=cell,
            to_stage=Stage.RESULTS_APPROVED,
            actor=user,
            expected_version=cell.version,
            approval={"approval_number": "12-QĐ/ĐU"},
        )
    approved = services.change_stage(
        congress=cell,
        to_stage=Stage.RESULTS_APPROVED,
        actor=user,
        expected_version=cell.version,
        approval={
            "approval_number": "12-QĐ/ĐU",
            "approval_date": YESTERDAY,
            "approval_body": "Đảng ủy phường Xuân La",
        },
    )

    assert (approved.stage, approved.approval_number) == (Stage.RESULTS_APPROVED, "12-QĐ/ĐU")
    assert list(
        StageTransition.objects.filter(congress=cell).values_list("from_stage", "to_stage")
    ) == [
        ("planned", "preparing"),
        ("preparing", "documents_approved"),
        ("documents_approved", "personnel_approved"),
        ("personnel_approved", "held"),
        ("held", "results_approved"),
    ]
    assert AuditEvent.objects.filter(action="congress.stage_changed", actor=user).count() == 1


def test_stale_stage_change_is_refused(wave):
    cell = wave["congresses"]["HN-TH-P07-CB1"]
    services.update_congress(
        congress=cell, actor=None, expected_version=cell.version, venue="Hội trường phường"
    )

    with pytest.raises(StaleEditError):
        services.change_stage(
            congress=cell, to_stage=Stage.PREPARING, actor=None, expected_version=1
        )

    cell.refresh_from_db()
    assert (cell.stage, cell.version) == (Stage.PLANNED, 2)


def test_progress_moves_the_congress_to_the_stage_reached(wave):
    cell = wave["congresses"]["HN-TH-P07-CB1"]

    entry = services.record_progress(
        congress=cell,
        actor=None,
        reported_on=YESTERDAY,
        stage_reached=Stage.HELD,
        note="Đại hội thành công",
        difficulties="Thiếu cán bộ trẻ",
    )

    cell.refresh_from_db()
    assert (cell.stage, cell.ended_on, entry.difficulties) == (
        Stage.HELD,
        YESTERDAY,
        "Thiếu cán bộ trẻ",
    )
    assert StageTransition.objects.filter(congress=cell).count() == 4


def test_warnings_for_deadline_pilot_order_and_overdue(wave):
    pilot = wave["congresses"]["HN-TH-P07-CB1"]
    other = wave["congresses"]["HN-TH-P07-CB2"]
    Congress.objects.filter(pk=pilot.pk).update(
        is_pilot=True, planned_date=datetime.date(2020, 3, 20)
    )
    Congress.objects.filter(pk=other.pk).update(planned_date=datetime.date(2020, 3, 10))
    other.refresh_from_db()

    warnings = services.congress_warnings(other)

    assert warnings == [
        f"Đại hội điểm của cấp này phải tổ chức trước: {pilot.organization.name} dự kiến ngày "
        "20/03/2020 (R-WV-03, Chỉ thị 35-CT/TW).",
        # Issue 15, item 4: the overdue warning cites the rule the congress's schedule follows
        # (a cell's: R-WV-01) with its source.
        "Chậm tiến độ: đã qua ngày dự kiến mà chưa tổ chức đại hội (R-WV-01, Chỉ thị 35-CT/TW).",
    ]
    Congress.objects.filter(pk=other.pk).update(planned_date=datetime.date(2020, 4, 15))
    other.refresh_from_db()
    assert services.congress_warnings(other)[0] == (
        # A cell: its 2020 deadline is the pack's R-WV-01 (cells and sub-committees first).
        "Ngày dự kiến sau thời hạn của cấp này (31/03/2020; R-WV-01, Chỉ thị 35-CT/TW)."
    )


def test_working_group_grants_follow_members_and_assignments(wave, term):
    tree = wave["tree"]
    member, other = UserFactory(), UserFactory()

    group = working_groups.save_working_group(
        term=term,
        owner=tree["tay_ho"],
        name="Tổ công tác số 1",
        leader_name="Đ/c Tuấn",
        members=[member, other],
        organizations=[tree["xuan_la"]],
        actor=None,
    )
    working_groups.save_working_group(
        group=group,
        term=term,
        owner=tree["tay_ho"],
        name="Tổ công tác số 1",
        leader_name="Đ/c Tuấn",
        members=[member],
        organizations=[tree["xuan_la"]],
        actor=None,
    )

    assert list(RoleGrant.objects.values_list("user", "role", "organization", "source")) == [
        (member.pk, "working_group", tree["xuan_la"].pk, f"working_group:{group.pk}")
    ]


def test_working_group_cannot_be_assigned_outside_its_committee(wave, term):
    tree = wave["tree"]

    with pytest.raises(ValidationError):
        working_groups.save_working_group(
            term=term,
            owner=tree["tay_ho"],
            name="Tổ 2",
            leader_name="",
            members=[],
            organizations=[tree["long_bien"]],
            actor=None,
        )

    assert RoleGrant.objects.count() == 0


def test_moving_an_organization_moves_its_congress_path(wave):
    cell = wave["cells"][0]
    new_parent = OrganizationFactory(parent=wave["tree"]["tay_ho"])

    organization_services.move_organization(organization=cell, new_parent=new_parent, actor=None)

    cell.refresh_from_db()
    assert Congress.objects.get(organization=cell).org_path == cell.path
    assert organization_services.tree_problems() == []


def test_member_counts_take_one_query_per_depth(tree, django_assert_num_queries):
    cells = [OrganizationFactory(parent=tree["xuan_la"]) for _ in range(3)]
    for cell in cells:
        MemberFactory(organization=cell)

    # the distinct depths, then one grouped count per depth (city, district, ward, cell)
    with django_assert_num_queries(5):
        counts = services.member_counts_by_organization(tree["city"])

    assert counts[tree["tay_ho"].path] == 3
    assert [counts[cell.path] for cell in cells] == [1, 1, 1]


@pytest.mark.parametrize(
    "today",
    [datetime.date(2019, 1, 1), datetime.date(2022, 6, 1), datetime.date(2027, 1, 1), None],
)
def test_current_term_among_terms_already_read_is_the_queried_one(today, django_assert_num_queries):
    terms = list(Term.objects.all())
    assert len(terms) >= 2  # the migrations' terms

    with django_assert_num_queries(0):
        picked = services.current_term(today=today, terms=terms)

    assert picked == services.current_term(today=today)
    assert services.current_term(today=today, terms=[]) is None


def _merge_second_cell_into_first(wave, merged_on):
    first, second = wave["cells"]
    organization_services.merge_organizations(
        predecessors=[second], successor=first, merged_on=merged_on, actor=None
    )
    first.refresh_from_db()
    assert first.must_hold_congress
    return first


def _hold_first_cell(wave, held_on):
    """The first cell's congress held on `held_on`, through a progress report."""
    return services.record_progress(
        congress=wave["congresses"]["HN-TH-P07-CB1"],
        actor=None,
        reported_on=held_on,
        stage_reached=Stage.HELD,
    ).congress


def test_congress_held_after_a_merger_clears_the_merged_flag(wave):
    first = _merge_second_cell_into_first(wave, datetime.date(2020, 3, 1))
    version = first.version

    congress = _hold_first_cell(wave, datetime.date(2020, 3, 5))

    first.refresh_from_db()
    assert (first.must_hold_congress, first.version) == (False, version + 1)
    assert AuditEvent.objects.filter(
        action="organization.merger_congress_held", target_id=str(first.pk)
    ).exists()
    assert services.congress_warnings(congress) == []


def test_congress_held_before_a_merger_keeps_the_flag_and_says_so(wave):
    congress = _hold_first_cell(wave, datetime.date(2020, 3, 5))
    first = _merge_second_cell_into_first(wave, datetime.date(2020, 4, 1))
    congress.refresh_from_db()
    second = wave["cells"][1]

    with translation.override("en"):
        warnings = services.congress_warnings(congress)
        # R-OR-06, the rule the warning states (not the level's deadline rule)
        rule = rulepacks.cite(congress.term, "R-OR-06")

    first.refresh_from_db()
    assert first.must_hold_congress  # nothing recorded could clear it: a person decides
    merger = OrganizationMerge.objects.get(successor=first)
    merger.merged_on = congress.term.ends_on + datetime.timedelta(days=1)
    merger.save()
    assert services.congress_warnings(congress) == []  # a later term's business
    assert warnings == [
        f"{second.name} merged into this organization on 01/04/2020, after this congress. A "
        "merged organization holds its congress right away: plan the congress after the "
        f"merger ({rule})."
    ]
    assert rule == "R-OR-06"  # the rule book gives it no document of 2020–2025
