"""R-OR-05 in the plan: a kind of organization that is not valid in the term's congress window
(the district level ended on 30/6/2025) gets no congress planned, warned or dated."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from congresses import services
from congresses.models import Congress, Term
from organizations.services import kind_period
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def term_2025(db):
    return Term.objects.get(name="2025–2030")


def test_the_2025_plan_skips_the_district_and_names_it(tree, term_2025):
    assert tree["tay_ho"].kind.code == "dang-bo-huyen"

    skipped = list(services.kind_ended_for_term(tree["tay_ho"], term_2025))
    created = services.create_term_plan(term=term_2025, root=tree["tay_ho"], actor=None)

    planned = set(Congress.objects.filter(term=term_2025).values_list("organization", flat=True))
    assert skipped == [tree["tay_ho"]]
    assert planned == {tree["xuan_la"].pk}  # the ward (grassroots level) is still planned
    assert created == len(planned)
    assert services.without_term_congress(tree["tay_ho"], term_2025).count() == 0
    assert list(services.kind_ended_for_term(tree["tay_ho"], term_2025)) == skipped


def test_the_2020_plan_still_plans_the_district(tree):
    term = Term.objects.get(name="2020–2025")

    assert list(services.kind_ended_for_term(tree["tay_ho"], term)) == []
    services.create_term_plan(term=term, root=tree["tay_ho"], actor=None)

    assert Congress.objects.filter(term=term, organization=tree["tay_ho"]).exists()


def test_the_plan_pages_name_the_skipped_organization(client, tree, term_2025):
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    url = reverse("congresses:plan-create", args=[tree["tay_ho"].pk]) + f"?term={term_2025.pk}"

    confirm = client.get(url)
    response = client.post(url)

    assert confirm.context["missing"] == 1
    assert tree["tay_ho"].name in confirm.context["skipped"]
    assert tree["tay_ho"].name in confirm.content.decode()
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert tree["tay_ho"].name in warnings[0]
    assert tree["tay_ho"].kind.name in warnings[0]
    # Issue 15, item 4: the rule and its source document (congresses 0015)
    assert "R-OR-05" in warnings[0]
    assert "31-HD/BTCTW" in warnings[0]


@pytest.fixture
def district_congress_2025(tree, term_2025):
    """A district congress of 2025–2030 entered before the plan skipped it (the issue's
    case): planned in the window of its level, after its kind ended."""
    return Congress.objects.create(
        term=term_2025,
        organization=tree["tay_ho"],
        org_path=tree["tay_ho"].path,
        level=tree["tay_ho"].kind.level,
        ordinal=7,
        window_start=datetime.date(2025, 7, 1),
        window_end=datetime.date(2025, 8, 31),
    )


def test_a_congress_dated_after_its_kind_ended_is_warned(district_congress_2025):
    congress = district_congress_2025
    assert not any("R-OR-05" in w for w in services.congress_warnings(congress))

    Congress.objects.filter(pk=congress.pk).update(planned_date=datetime.date(2025, 7, 15))
    congress.refresh_from_db()
    with translation.override("en"):
        warnings = [w for w in services.congress_warnings(congress) if "R-OR-05" in w]
        period = kind_period(congress.organization.kind)

    kind = congress.organization.kind
    assert len(warnings) == 1
    assert "15/07/2025" in warnings[0]
    assert kind.name in warnings[0]
    assert period in warnings[0]
    assert "31-HD/BTCTW" in warnings[0]


def test_a_congress_of_a_valid_day_is_not_warned(district_congress_2025):
    congress = district_congress_2025
    Congress.objects.filter(pk=congress.pk).update(planned_date=datetime.date(2025, 6, 30))
    congress.refresh_from_db()

    assert not any("R-OR-05" in w for w in services.congress_warnings(congress))


def test_the_edit_form_refuses_a_date_the_kind_is_not_valid(client, tree, district_congress_2025):
    congress = district_congress_2025
    client.force_login(UserFactory(scope=tree["tay_ho"], role="staff"))
    data = {
        "ordinal": 7,
        "kind": "all_member",
        "content": "four",
        "version": congress.version,
        "started_on": "15/07/2025",
        "planned_date": "30/06/2025",
    }

    response = client.post(reverse("congresses:congress-edit", args=[congress.pk]), data)

    errors = response.context["form"].errors
    assert set(errors) == {"started_on"}
    assert congress.organization.kind.name in errors["started_on"][0]
    assert "15/07/2025" in errors["started_on"][0]
    assert "R-OR-05" in errors["started_on"][0]
    assert "31-HD/BTCTW" in errors["started_on"][0]
    congress.refresh_from_db()
    assert (congress.started_on, congress.planned_date) == (None, None)


def test_the_edit_form_keeps_a_date_already_recorded(tree, district_congress_2025):
    """A date entered before the rule stays editable around (the warning says it)."""
    congress = district_congress_2025
    Congress.objects.filter(pk=congress.pk).update(planned_date=datetime.date(2025, 7, 15))
    congress.refresh_from_db()

    services.update_congress(
        congress=congress,
        actor=None,
        expected_version=congress.version,
        planned_date=congress.planned_date,
        venue="Hội trường",
    )

    congress.refresh_from_db()
    assert congress.venue == "Hội trường"


def test_a_commune_kind_is_planned_in_2025(tree, term_2025):
    from organizations.models import OrganizationKind

    commune = OrganizationFactory(
        parent=tree["city"], kind=OrganizationKind.objects.get(code="dang-bo-xa")
    )

    services.create_term_plan(term=term_2025, root=commune, actor=None)

    assert Congress.objects.filter(term=term_2025, organization=commune).exists()
