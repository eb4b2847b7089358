"""Issue 15, item 4: a rule of a pack entered wrongly in the admin is refused with a translated
error naming the key or field; a rule stored wrongly anyway is flagged on the rules page
instead of failing it; a rule's source is a document of its own term."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from congresses.models import Term, TermDocument, TermRule
from tests.factories import OrganizationFactory, UserFactory
from tests.test_admin_audit import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def rule(db):
    return TermRule.objects.get(term__name="2025–2030", rule_id="R-WV-13")


def change_url(rule):
    return reverse("admin:congresses_termrule_change", args=[rule.pk])


def post_change(admin_client, rule, **changes):
    data = form_data(admin_client.get(change_url(rule)))
    data |= {name: json.dumps(value) for name, value in changes.items()}
    with translation.override("vi"):
        return admin_client.post(change_url(rule), data, HTTP_ACCEPT_LANGUAGE="vi")


def test_the_source_choices_are_the_rule_s_own_term_s_documents(admin_client, rule):
    response = admin_client.get(change_url(rule))

    choices = response.context["adminform"].form.fields["document"].queryset
    assert set(choices.values_list("term__name", flat=True)) == {"2025–2030"}
    assert choices.count() == TermDocument.objects.filter(term=rule.term).count()


def test_an_unknown_content_is_refused_naming_the_key(admin_client, rule):
    before = dict(rule.parameters)

    response = post_change(admin_client, rule, parameters={"contents": ["four", "fuor"]})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["parameters"]
    assert any("“contents”" in error and "phải là" in error for error in errors)
    rule.refresh_from_db()
    assert rule.parameters == before


def test_an_unknown_parameter_is_refused_naming_it(admin_client, rule):
    response = post_change(admin_client, rule, parameters={"appointed": True, "apointed": True})

    errors = response.context["adminform"].form.errors["parameters"]
    assert any("“apointed”" in error for error in errors)


def test_a_figure_that_is_no_percentage_is_refused(admin_client):
    rule = TermRule.objects.get(term__name="2025–2030", rule_id="R-EL-08")

    response = post_change(admin_client, rule, parameters={"max_excess_percent": 130})

    assert "“max_excess_percent”" in response.context["adminform"].form.errors["parameters"][0]
    rule.refresh_from_db()
    assert rule.parameters == {"max_excess_percent": 30}


@pytest.mark.parametrize(
    ("rule_id", "name", "value"),
    [
        ("R-WV-15", "term_fields", ["reelected_service_month"]),
        ("R-WV-14", "level_fields", ["age_reference"]),
    ],
)
def test_a_setting_that_does_not_exist_is_refused_naming_it(admin_client, rule_id, name, value):
    rule = TermRule.objects.get(term__name="2025–2030", rule_id=rule_id)
    before = getattr(rule, name)

    response = post_change(admin_client, rule, **{name: value})

    errors = response.context["adminform"].form.errors[name]
    assert any(f"“{value[0]}”" in error and "thiết lập" in error for error in errors)
    rule.refresh_from_db()
    assert getattr(rule, name) == before


def test_a_sound_change_is_saved(admin_client):
    rule = TermRule.objects.get(term__name="2025–2030", rule_id="R-EL-08")

    response = post_change(admin_client, rule, parameters={"max_excess_percent": 25})

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.parameters == {"max_excess_percent": 25}


def test_a_source_of_another_term_is_refused(admin_client, rule):
    other = TermDocument.objects.get(term__name="2020–2025", symbol="35-CT/TW")
    data = form_data(admin_client.get(change_url(rule))) | {"document": other.pk}

    response = admin_client.post(reverse("admin:congresses_termrule_add"), data | {
        "rule_id": "NEW-01"
    })  # fmt: skip

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["document"]
    assert not TermRule.objects.filter(rule_id="NEW-01").exists()


def test_the_rules_page_flags_a_rule_stored_wrongly_instead_of_failing(client, rule):
    TermRule.objects.filter(pk=rule.pk).update(
        parameters={"contents": ["four", "fuor"], "levels": "2"},
        term_fields=["women_target"],
        level_fields=["age_reference"],
    )
    client.force_login(UserFactory(scope=OrganizationFactory(), role="viewer"))

    with translation.override("en"):
        response = client.get(
            reverse("congresses:rules-in-force"), {"term": rule.term_id}, HTTP_ACCEPT_LANGUAGE="en"
        )

    assert response.status_code == 200
    line = next(
        line
        for lines in response.context["sections"].values()
        for line in lines
        if line.rule.rule_id == "R-WV-13"
    )
    assert len(line.problems) == 4
    assert "rule-problems" in response.content.decode()


def test_the_next_term_s_page_survives_a_previous_pack_stored_wrongly(client):
    TermRule.objects.filter(term__name="2020–2025", rule_id="R-WV-13").update(
        parameters={"contents": "four"}
    )
    client.force_login(UserFactory(scope=OrganizationFactory(), role="viewer"))

    response = client.get(
        reverse("congresses:rules-in-force"), {"term": Term.objects.get(name="2025–2030").pk}
    )

    assert response.status_code == 200
