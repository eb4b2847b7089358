"""Recognition's warnings and refusals name their rule and its source in the rule pack of the
term concerned (issue 15, item 4), and R-CL-02's score floors come from that pack."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from congresses.models import Term, TermRule
from recognition import rules, selectors, services
from recognition.choices import CommendationForm, Level, Reason, RecipientKind, Step
from recognition.models import Period, Rating
from tests.factories import MemberFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

DECISION = {
    "decision_body": "Ban Thường vụ Quận ủy",
    "decision_number": "12-QĐ/QU",
    "decision_date": datetime.date(2026, 1, 20),
}


def grid(organizations, level, score):
    return [
        {"organization": o, "level": level, "score": score, "is_exemplary": False,
         "version": None, "label": o.name}
        for o in organizations
    ]  # fmt: skip


def refusal(period, entries, **decision):
    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        services.save_ratings(
            period=period, actor=None, step=Step.DECIDED, entries=entries, **decision
        )
    return caught.value.messages


@pytest.fixture
def period_2025():
    return Period.objects.get(kind="year", year=2025)


@pytest.fixture
def floors_rule():
    return TermRule.objects.get(term__name="2025–2030", rule_id="R-CL-02")


def test_a_score_below_its_floor_names_the_rule_and_its_source(tree, period_2025):
    ward = OrganizationFactory(parent=tree["tay_ho"])

    (message,) = refusal(period_2025, grid([ward], Level.EXCELLENT, Decimal("88.5")), **DECISION)

    assert "88.5" in message
    assert "90 điểm" in message
    assert "R-CL-02, Quy định 366-QĐ/TW, Điều 11" in message


def test_the_floors_come_from_the_terms_rule_pack(tree, period_2025, floors_rule):
    floors_rule.parameters = {"excellent_from": 85, "good_from": 65, "complete_from": 45}
    floors_rule.save()
    wards = [OrganizationFactory(parent=tree["tay_ho"]) for _ in range(2)]

    (message,) = refusal(period_2025, grid(wards[:1], Level.EXCELLENT, Decimal("84")), **DECISION)
    services.save_ratings(
        period=period_2025, actor=None, step=Step.DECIDED,
        entries=grid(wards[1:], Level.EXCELLENT, Decimal("86")), **DECISION,
    )  # fmt: skip

    assert "85 điểm" in message
    assert Rating.objects.get(organization=wards[1]).score == Decimal("86")
    term = Term.objects.get(name="2025–2030")
    assert rules.score_floors(term)[Level.GOOD] == 65


def test_without_the_rule_in_force_the_floors_are_todays(period_2025, floors_rule):
    floors_rule.parameters = {"excellent_from": 85}
    floors_rule.in_force = False
    floors_rule.save()

    assert rules.score_floors(Term.objects.get(name="2025–2030")) == rules.SCORE_FLOORS
    assert rules.score_floors(None) == rules.SCORE_FLOORS


def test_a_year_is_governed_by_the_term_under_way(period_2025):
    assert selectors.term_of_period(period_2025).name == "2025–2030"
    assert selectors.term_of_period(Period.objects.get(kind="year", year=2020)).name == "2020–2025"


def test_the_grid_shows_the_packs_floors(client, tree, period_2025, floors_rule):
    floors_rule.parameters = {"excellent_from": 92, "good_from": 72, "complete_from": 52}
    floors_rule.save()
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))

    with translation.override("vi"):
        response = client.get(
            reverse("recognition:rating-grid", args=[tree["tay_ho"].pk]), {"year": 2025}
        )

    page = response.content.decode()
    assert response.context["floors"][Level.EXCELLENT] == 92
    assert "92" in page
    assert "R-CL-02, Quy định 366-QĐ/TW, Điều 11" in page


def test_the_exemplary_title_refusal_names_its_rule(tree):
    period = Period.objects.get(kind="year", year=2020)
    ward = OrganizationFactory(parent=tree["tay_ho"])
    entries = grid([ward], Level.GOOD, None)
    entries[0]["is_exemplary"] = True

    (message,) = refusal(
        period, entries, **DECISION | {"decision_date": datetime.date(2021, 1, 20)}
    )

    assert "R-CL-07, Hướng dẫn 21-HD/BTCTW" in message


def test_the_member_cap_warning_names_its_rule_and_source(tree):
    period = Period.objects.get(kind="year", year=2020)
    cell = OrganizationFactory(parent=tree["xuan_la"])
    members = [MemberFactory(organization=cell) for _ in range(6)]
    levels = [Level.EXCELLENT, Level.EXCELLENT] + [Level.GOOD] * 4
    services.save_ratings(
        period=period, actor=None, step=Step.DECIDED,
        entries=[{"member": m, "level": lv, "version": None, "label": m.full_name}
                 for m, lv in zip(members, levels, strict=True)],
        **DECISION | {"decision_date": datetime.date(2021, 1, 20)},
    )  # fmt: skip

    with translation.override("vi"):
        (warning,) = selectors.member_cap_warnings(period=period, organization=tree["tay_ho"])

    assert "R-CL-05, Hướng dẫn 21-HD/BTCTW, mục 2.3" in warning


def test_a_commendation_beyond_the_authority_names_its_rule_and_source(tree):
    ward = OrganizationFactory(parent=tree["tay_ho"])

    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        services.propose_commendation(
            granting=tree["tay_ho"], actor=None, form=CommendationForm.FLAG,
            recipient_kind=RecipientKind.COLLECTIVE, recipient_organization=ward,
            reason=Reason.OTHER, decision_number="1-QĐ/QU",
            decision_date=datetime.date(2020, 9, 1),
        )  # fmt: skip

    (message,) = caught.value.message_dict["form"]
    assert "R-AW-02, Quy định 29-QĐ/TW, mục 27.2" in message


def test_the_2025_pack_holds_the_floors_as_parameters(floors_rule):
    from congresses import rulepacks

    term = floors_rule.term
    with translation.override("vi"):
        shown = {
            item.label: item.value
            for item in rulepacks.parameters_of(floors_rule, term, level_rules={})
        }

    assert floors_rule.parameters == {"excellent_from": 90, "good_from": 70, "complete_from": 50}
    assert shown["hoàn thành xuất sắc từ (điểm)"] == 90


def test_an_unsound_floor_falls_back_and_the_rule_is_flagged(floors_rule):
    from congresses import rulepacks

    floors_rule.parameters = {"excellent_from": 150, "good_from": 75}
    floors_rule.save()

    floors = rules.score_floors(Term.objects.get(name="2025–2030"))

    assert (floors[Level.EXCELLENT], floors[Level.GOOD]) == (90, 75)
    assert rulepacks.rule_problems(floors_rule)
