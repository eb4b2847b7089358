"""Issue 15, item 4: the slate-size figures of R-EL-08..10 are the term's rule pack's
(TermRule.parameters, congresses.rulepacks.parameter), not figures in personnel's code."""

import pytest
from django.utils import translation

from congresses import rulepacks
from congresses.models import Term, TermRule
from personnel import selectors
from personnel.choices import BallotKind
from personnel.rules import EXCESS_ALWAYS_ALLOWED

pytestmark = pytest.mark.django_db

COMMITTEE = BallotKind.COMMITTEE


@pytest.fixture
def term(db):
    return Term.objects.get(name="2025–2030")


def fresh(term):
    """The term read again: the pack is cached per Term instance."""
    return Term.objects.get(pk=term.pk)


def set_parameters(term, rule_id, **values):
    rule = TermRule.objects.get(term=term, rule_id=rule_id)
    rule.parameters = {**rule.parameters, **values}
    rule.save()


def rules_broken(term, kind, seats, candidates):
    found = selectors.slate_messages(kind=kind, seats=seats, candidates=candidates, term=term)
    return [message.rule or message.level for message in found]


@pytest.mark.parametrize("name", ["2020–2025", "2025–2030"])
def test_the_seeded_packs_hold_the_slate_figures(name):
    term = Term.objects.get(name=name)

    assert [
        rulepacks.parameter(term, "R-EL-08", "max_excess_percent"),
        rulepacks.parameter(term, "R-EL-09", "prepared_excess_percent"),
        rulepacks.parameter(term, "R-EL-10", "small_body_seats"),
        rulepacks.parameter(term, "R-EL-10", "small_body_max_excess"),
    ] == [30, [10, 15], [3, 5], 1]
    assert TermRule.objects.get(term=term, rule_id="R-EL-08").parameters == {
        "max_excess_percent": 30
    }


def test_the_largest_excess_is_the_pack_s(term):
    """25 names for 20 seats: 25 % passes 30 %, not a pack that says 20 %."""
    assert "R-EL-08" not in rules_broken(term, COMMITTEE, 20, 25)

    set_parameters(term, "R-EL-08", max_excess_percent=20)
    with translation.override("en"):
        found = selectors.slate_messages(kind=COMMITTEE, seats=20, candidates=25, term=fresh(term))

    errors = [str(message) for message in found if message.rule == "R-EL-08"]
    assert errors == [
        "The excess of 5 is more than 20 % of the 20 seats; the congress must be consulted "
        "to trim the list (R-EL-08, Regulation 190-QĐ/TW, Art. 14)."
    ]


def test_the_largest_excess_is_translated_with_the_pack_s_figure(term):
    set_parameters(term, "R-EL-08", max_excess_percent=20)
    with translation.override("vi"):
        found = selectors.slate_messages(kind=COMMITTEE, seats=20, candidates=25, term=fresh(term))

    text = next(str(message) for message in found if message.rule == "R-EL-08")
    assert "20 %" in text
    assert "Quy định 190-QĐ/TW, Điều 14" in text
    assert "excess" not in text


def test_an_excess_of_one_stays_allowed_whatever_the_share(term):
    """[I] kept: one more name than the seats is never refused by R-EL-08."""
    set_parameters(term, "R-EL-08", max_excess_percent=5)
    term = fresh(term)

    assert "R-EL-08" not in rules_broken(term, BallotKind.DELEGATES, 2, 2 + EXCESS_ALWAYS_ALLOWED)
    assert "R-EL-08" in rules_broken(term, BallotKind.DELEGATES, 2, 4)


def test_the_small_bodies_are_the_pack_s(term):
    """7 seats, 9 names: a small body only when the pack's range reaches 7."""
    assert "R-EL-10" not in rules_broken(term, COMMITTEE, 7, 9)

    set_parameters(term, "R-EL-10", small_body_seats=[3, 7])
    with translation.override("en"):
        found = selectors.slate_messages(kind=COMMITTEE, seats=7, candidates=9, term=fresh(term))

    assert [str(message) for message in found if message.rule == "R-EL-10"] == [
        "A body of 3 to 7 members may have an excess of at most 1; this list has 2 "
        "(R-EL-10, Regulation 190-QĐ/TW, Art. 14, as guided for small bodies)."
    ]


def test_the_small_body_excess_is_the_pack_s(term):
    assert "R-EL-10" in rules_broken(term, COMMITTEE, 5, 7)

    set_parameters(term, "R-EL-10", small_body_max_excess=2)

    assert "R-EL-10" not in rules_broken(fresh(term), COMMITTEE, 5, 7)


def test_the_prepared_excess_is_the_pack_s(term):
    """2 more names for 20 seats (10 %): within 10–15 %, not within a pack's 12–15 %."""
    assert "warning" not in rules_broken(term, COMMITTEE, 20, 22)

    set_parameters(term, "R-EL-09", prepared_excess_percent=[12, 15])
    with translation.override("en"):
        found = selectors.slate_messages(kind=COMMITTEE, seats=20, candidates=22, term=fresh(term))

    assert [str(message) for message in found] == [
        "The personnel plan usually prepares an excess of 12–15 % of the seats; this list has "
        "2 more candidates than the 20 seats (R-EL-09, Regulation 190-QĐ/TW, Art. 14)."
    ]


def test_a_rule_not_in_force_is_not_checked(term):
    assert "R-EL-08" in rules_broken(term, COMMITTEE, 20, 27)

    TermRule.objects.filter(term=term, rule_id="R-EL-08").update(in_force=False)

    assert "R-EL-08" not in rules_broken(fresh(term), COMMITTEE, 20, 27)


def test_a_term_without_a_pack_uses_the_rule_book_s_figures(term):
    TermRule.objects.filter(term=term).delete()
    term = fresh(term)

    assert rulepacks.parameter(term, "R-EL-08", "max_excess_percent") == 30
    assert rules_broken(term, COMMITTEE, 20, 27) == ["R-EL-08", "warning"]
    assert rules_broken(term, COMMITTEE, 5, 7) == ["R-EL-08", "R-EL-10"]


def test_a_figure_entered_wrongly_falls_back_to_the_rule_book_s(term):
    """A value that is no percentage (edited outside the admin) is not used; the rules page
    flags the rule (rulepacks.rule_problems)."""
    TermRule.objects.filter(term=term, rule_id="R-EL-08").update(
        parameters={"max_excess_percent": "thirty"}
    )
    term = fresh(term)

    assert rulepacks.parameter(term, "R-EL-08", "max_excess_percent") == 30
    assert rulepacks.rule_problems(rulepacks.pack(term)["R-EL-08"])


# --- the congress form offers the contents the term's pack allows (R-WV-13) -------------------


def _congress(tree, name):
    from congresses import services
    from congresses.models import Congress
    from tests.factories import ward_committee

    term = Term.objects.get(name=name)
    # 2025–2030: a ward committee, the district level having ended (R-OR-05).
    root = tree["tay_ho"] if name == "2020–2025" else ward_committee(tree["city"])
    services.create_term_plan(term=term, root=root, actor=None)
    return Congress.objects.select_related("term").get(term=term, organization=root)


def _offered(client, congress):
    from django.urls import reverse

    response = client.get(reverse("congresses:congress-edit", args=[congress.pk]))
    assert response.status_code == 200
    return [value for value, _label in response.context["form"].fields["content"].choices]


@pytest.fixture
def staff_client(client, tree):
    from tests.factories import UserFactory

    client.force_login(UserFactory(scope=tree["city"], role="staff"))
    return client


@pytest.mark.parametrize(
    ("name", "offered"),
    [("2020–2025", ["four", "two"]), ("2025–2030", ["four", "three", "two"])],
)
def test_the_congress_form_offers_the_pack_s_contents(staff_client, tree, name, offered):
    congress = _congress(tree, name)

    assert _offered(staff_client, congress) == offered


def test_the_form_refuses_three_contents_in_2020(staff_client, tree):
    from django.urls import reverse

    congress = _congress(tree, "2020–2025")
    data = {"ordinal": 1, "kind": "delegate", "content": "three", "version": congress.version}

    response = staff_client.post(reverse("congresses:congress-edit", args=[congress.pk]), data)

    assert response.status_code == 200
    assert response.context["form"].errors["content"]
    congress.refresh_from_db()
    assert congress.content == "four"


def test_a_content_the_pack_no_longer_allows_stays_offered_for_its_congress(staff_client, tree):
    """A congress recorded with three contents before the pack changed keeps its content on the
    form (the service checks only a change)."""
    from congresses.models import Congress

    congress = _congress(tree, "2020–2025")
    Congress.objects.filter(pk=congress.pk).update(content="three")
    congress.refresh_from_db()

    assert _offered(staff_client, congress) == ["four", "three", "two"]


def test_the_migration_keeps_a_figure_entered_and_goes_back(term):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("congresses.migrations.0008_slate_parameters")
    migration.backward(apps, None)
    assert TermRule.objects.get(term=term, rule_id="R-EL-10").parameters == {}
    TermRule.objects.filter(term=term, rule_id="R-EL-08").update(
        parameters={"max_excess_percent": 25}
    )

    migration.forward(apps, None)

    assert TermRule.objects.get(term=term, rule_id="R-EL-08").parameters == {
        "max_excess_percent": 25
    }
    assert TermRule.objects.get(term=term, rule_id="R-EL-10").parameters == {
        "small_body_seats": [3, 5],
        "small_body_max_excess": 1,
    }
