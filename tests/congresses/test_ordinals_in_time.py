"""Issue 15, Deliver 2: a congress's number ("lần thứ", R-OR-07) follows time — a congress
planned in a term before a later planned one takes its place and the later ones move up
(audited); a held congress keeps its number, so planning one before it is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from audit.models import AuditEvent
from congresses import occasions, services
from congresses.choices import CongressOccasion, Stage
from congresses.models import Congress, Term

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(wave):
    """A cell with its 2020–2025 congress (I) and its 2025–2030 congress planned (II)."""
    cell = wave["cells"][0]
    later = Term.objects.get(name="2025–2030")
    services.create_term_plan(term=later, root=cell, actor=None, subtree=False)
    return cell


def numbers(cell):
    return list(
        Congress.objects.filter(organization=cell)
        .order_by("term__starts_on", "ordinal")
        .values_list("term__name", "occasion", "ordinal")
    )


def test_a_mid_term_congress_planned_after_the_next_term_takes_its_place_in_time(cell, term):
    assert numbers(cell) == [("2020–2025", "regular", 1), ("2025–2030", "regular", 2)]

    occasions.plan_mid_term_congresses(term=term, root=cell, actor=None)

    assert numbers(cell) == [
        ("2020–2025", "regular", 1),
        ("2020–2025", "mid_term", 2),
        ("2025–2030", "regular", 3),
    ]
    event = AuditEvent.objects.get(action="congress.renumbered")
    assert [(row["before"], row["after"]) for row in event.data["congresses"]] == [(2, 3)]


def test_a_held_congress_keeps_its_number_and_the_plan_is_refused(cell, term):
    Congress.objects.filter(organization=cell, term__name="2025–2030").update(stage=Stage.HELD)
    before = numbers(cell)

    with translation.override("en"), pytest.raises(ValidationError) as raised:
        occasions.plan_extraordinary_congress(
            organization=cell, term=term, reason="Kiện toàn cấp ủy", actor=None
        )

    message = raised.value.messages[0]
    assert "(ordinal II) is already held" in message
    assert "R-OR-07" in message
    assert numbers(cell) == before
    assert not AuditEvent.objects.filter(action="congress.renumbered").exists()


def test_an_unnumbered_extraordinary_congress_carries_the_number_before_it(cell, term, settings):
    settings.EXTRAORDINARY_CONGRESS_NUMBERED = False

    planned = occasions.plan_extraordinary_congress(
        organization=cell, term=term, reason="Kiện toàn cấp ủy", actor=None
    )

    assert (planned.occasion, planned.ordinal) == (CongressOccasion.EXTRAORDINARY, 1)
    assert numbers(cell)[-1] == ("2025–2030", "regular", 2)


def test_a_term_plan_made_after_the_next_one_numbers_in_time_too(wave, term):
    from tests.factories import OrganizationFactory

    late = OrganizationFactory(code="HN-TH-P07-CB9", parent=wave["tree"]["xuan_la"])
    later = Term.objects.get(name="2025–2030")
    services.create_term_plan(term=later, root=late, actor=None, subtree=False)
    assert numbers(late) == [("2025–2030", "regular", 1)]

    services.create_term_plan(term=term, root=late, actor=None, subtree=False)

    assert numbers(late) == [("2020–2025", "regular", 1), ("2025–2030", "regular", 2)]
    assert AuditEvent.objects.filter(action="congress.renumbered").count() == 1
