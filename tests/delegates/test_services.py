"""The delegate plan: proposed allocation, changes by hand with a reason, approval only when
the sums reconcile; refusals name the rule and write nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from congresses import rulepacks
from congresses.models import Term, TermLevelRule
from core.editing import StaleEditError
from delegates import selectors, services
from delegates.models import DelegatePlan

pytestmark = pytest.mark.django_db


def _cite(rule_id, document=None):
    """The rule as the 2020–2025 pack cites it, with its source document when it has one
    (issue 15, item 4; congresses 0013)."""
    rule = rulepacks.cite(Term.objects.get(name="2020–2025"), rule_id)
    assert rule.startswith(rule_id)
    assert document is None or document in rule
    return rule


DAY = datetime.date(2020, 1, 1)


def plan_for(congress, **numbers):
    values = {"total": 20, "ex_officio": 5, "appointed": 0, "alternates": 3} | numbers
    return services.create_plan(congress=congress, actor=None, as_of=DAY, **values)


def test_the_seats_are_proposed_in_proportion_to_official_members(congress, district):
    plan = plan_for(congress)
    figures = selectors.plan_figures(plan)
    by_code = {quota.organization.code: quota for quota in figures["quotas"]}
    # 15 elected seats: one each, then 12 by 6:3:1 official members on 01/01/2020 (the member
    # made official in March 2020 is not counted): 7.2 / 3.6 / 1.2 -> 7, 4, 1.
    assert {code: quota.seats for code, quota in by_code.items()} == {
        "HN-TH-P07": 8,
        "HN-TH-P01": 5,
        "HN-TH-P02": 2,
    }
    assert {code: quota.official_members for code, quota in by_code.items()} == {
        "HN-TH-P07": 6,
        "HN-TH-P01": 3,
        "HN-TH-P02": 1,
    }
    assert figures["balanced"]
    assert figures["alternates"] == 3
    assert AuditEvent.objects.filter(action="delegates.plan_created").count() == 1


def test_a_total_above_the_terms_cap_is_refused(congress):
    TermLevelRule.objects.filter(term=congress.term, level=congress.level).update(delegate_cap=300)
    with pytest.raises(ValidationError) as error:
        plan_for(congress, total=301)
    assert "R-WV-05" in str(error.value)
    assert not DelegatePlan.objects.exists()


def test_an_all_member_congress_has_no_delegate_plan(congress):
    congress.kind = "all_member"
    congress.save(update_fields=["kind"])
    with pytest.raises(ValidationError):
        plan_for(congress)
    assert not DelegatePlan.objects.exists()


def test_too_few_elected_seats_for_the_organizations_below(congress):
    with pytest.raises(ValidationError) as error:
        plan_for(congress, total=7, ex_officio=5)  # 2 seats for 3 wards
    assert _cite("R-EL-32", "29-QĐ/TW") in str(error.value)
    assert not DelegatePlan.objects.exists()


def test_a_second_plan_is_refused(congress):
    plan_for(congress)
    with pytest.raises(StaleEditError):
        plan_for(congress)
    assert DelegatePlan.objects.count() == 1


def test_a_change_by_hand_needs_a_reason_and_approval_needs_the_sums(congress):
    plan = plan_for(congress)
    quotas = selectors.plan_figures(plan)["quotas"]
    first = quotas[0]
    with pytest.raises(ValidationError):
        services.save_quotas(
            plan=plan, actor=None, expected_version=1, changes={first.pk: (first.seats + 1, 0, "")}
        )
    services.save_quotas(
        plan=plan,
        actor=None,
        expected_version=1,
        changes={first.pk: (first.seats + 1, first.alternates, "Địa bàn trọng điểm")},
    )
    plan.refresh_from_db()
    assert not selectors.plan_figures(plan)["balanced"]
    decision = {
        "decision_body": "Ban Thường vụ Quận ủy",
        "decision_number": "15-QĐ/QU",
        "decision_date": datetime.date(2020, 3, 2),
    }
    with pytest.raises(ValidationError) as error:
        services.approve_plan(plan=plan, actor=None, expected_version=plan.version, **decision)
    assert "là 16, nhưng số đại biểu bầu là 15" in str(error.value)
    last = quotas[-1]
    services.save_quotas(
        plan=plan,
        actor=None,
        expected_version=plan.version,
        changes={
            last.pk: (last.seats - 1, last.alternates, "Chuyển một suất cho phường trọng điểm")
        },
    )
    plan.refresh_from_db()
    services.approve_plan(plan=plan, actor=None, expected_version=plan.version, **decision)
    plan.refresh_from_db()
    assert plan.status == "approved"
    with pytest.raises(ValidationError):
        services.save_quotas(plan=plan, actor=None, expected_version=plan.version, changes={})


def test_a_stale_version_is_refused(congress):
    plan = plan_for(congress)
    first = selectors.plan_figures(plan)["quotas"][0]
    with pytest.raises(StaleEditError):
        services.save_quotas(
            plan=plan, actor=None, expected_version=7, changes={first.pk: (first.seats, 1, "")}
        )
