"""Issue 15, item 4: congresses 0017 puts the rules the remaining warnings and refusals cite
(R-EL-11, R-EL-13, R-EL-19, R-WV-06, R-WV-07, R-OR-01, R-OR-02) into both terms' packs with
the sources the rule book gives, and R-OR-06 of 2025–2030 gets Kết luận 163-KL/TW; the
warnings of congresses cite them through the pack."""

import datetime

import pytest
from django.utils import translation

from congresses import rulepacks
from congresses.models import Term, TermRule
from tests.migrating import latest_schema_after, migrate, migration_test  # noqa: F401 (an autouse fixture)

RULES = ["R-EL-11", "R-EL-13", "R-EL-19", "R-WV-06", "R-WV-07", "R-OR-01", "R-OR-02"]
SEEDED = [
    ("2020–2025", "R-EL-11", "244-QĐ/TW", "", "confirmed"),
    ("2020–2025", "R-EL-13", "244-QĐ/TW", "Điều 13", "confirmed"),
    ("2020–2025", "R-EL-19", "244-QĐ/TW", "", "inferred"),
    ("2020–2025", "R-OR-01", "2011", "Điều 21", "confirmed"),
    ("2020–2025", "R-OR-02", "2011", "Điều 21", "confirmed"),
    ("2020–2025", "R-WV-06", "35-CT/TW", "", "confirmed"),
    ("2020–2025", "R-WV-07", "35-CT/TW", "", "confirmed"),
    ("2025–2030", "R-EL-11", "190-QĐ/TW", "Điều 14", "confirmed"),
    ("2025–2030", "R-EL-13", "190-QĐ/TW", "", "inferred"),
    ("2025–2030", "R-EL-19", "190-QĐ/TW", "", "inferred"),
    ("2025–2030", "R-OR-01", "2011", "Điều 21", "confirmed"),
    ("2025–2030", "R-OR-02", "2011", "Điều 21", "confirmed"),
    ("2025–2030", "R-WV-06", "45-CT/TW", "", "inferred"),
    ("2025–2030", "R-WV-07", "45-CT/TW", "", "unresolved"),
]


def _rules(model):
    return sorted(
        model.objects.filter(rule_id__in=RULES).values_list(
            "term__name", "rule_id", "document__symbol", "article", "status"
        )
    )


@pytest.mark.django_db
def test_both_packs_hold_the_cited_rules_with_their_sources():
    or_06 = TermRule.objects.filter(rule_id="R-OR-06").values_list(
        "term__name", "document__symbol", "status"
    )

    assert _rules(TermRule) == SEEDED
    assert sorted(or_06) == [
        ("2020–2025", None, "unresolved"),
        ("2025–2030", "163-KL/TW", "confirmed"),
    ]


@pytest.mark.django_db
def test_the_target_rules_are_found_by_the_setting_they_name():
    old, new = (Term.objects.get(name=name) for name in ("2020–2025", "2025–2030"))

    found = {
        (term.name, name): rulepacks.rule_for_term_field(term, name)
        for term in (old, new)
        for name in ("women_target_percent", "youth_target_percent")
    }

    assert found == {
        ("2020–2025", "women_target_percent"): "R-WV-08",
        ("2020–2025", "youth_target_percent"): "R-WV-07",
        ("2025–2030", "women_target_percent"): "R-WV-16",
        ("2025–2030", "youth_target_percent"): "R-WV-16",
    }


@pytest.mark.django_db
def test_cite_on_a_date_reads_the_pack_of_the_term_under_way():
    with translation.override("vi"):
        cited = {
            day: rulepacks.cite_on("R-EL-11", day)
            for day in (
                datetime.date(2019, 1, 1),
                datetime.date(2020, 6, 1),
                datetime.date(2026, 1, 1),
            )
        }

    assert cited == {
        datetime.date(2019, 1, 1): "R-EL-11",  # before every term: the id alone
        datetime.date(2020, 6, 1): "R-EL-11, Quy định 244-QĐ/TW",
        datetime.date(2026, 1, 1): "R-EL-11, Quy định 190-QĐ/TW, Điều 14",
    }


@migration_test
def test_0017_seeds_both_packs_keeps_a_hand_entered_rule_and_goes_back():
    old = migrate([("congresses", "0016_congress_worklist_index")])
    Rule = old.get_model("congresses", "TermRule")
    assert _rules(Rule) == []
    old_term = old.get_model("congresses", "Term").objects.get(name="2020–2025")
    Rule.objects.create(
        term=old_term, rule_id="R-OR-01", section="B", statement="Nhập tay", status="inferred"
    )

    new = migrate([("congresses", "0017_cited_nomination_count_and_structure_rules")])
    after = _rules(new.get_model("congresses", "TermRule"))

    assert ("2020–2025", "R-OR-01", None, "", "inferred") in after  # entered by hand, kept
    assert len(after) == len(SEEDED)
    assert (
        new.get_model("congresses", "TermRule")
        .objects.get(term__name="2025–2030", rule_id="R-OR-06")
        .document.symbol
        == "163-KL/TW"
    )

    back = migrate([("congresses", "0016_congress_worklist_index")])
    assert _rules(back.get_model("congresses", "TermRule")) == [
        ("2020–2025", "R-OR-01", None, "", "inferred")
    ]
    or_06 = back.get_model("congresses", "TermRule").objects.get(
        term__name="2025–2030", rule_id="R-OR-06"
    )
    assert (or_06.document_id, or_06.status) == (None, "unresolved")
    symbols = back.get_model("congresses", "TermDocument").objects.values_list("symbol", flat=True)
    assert "163-KL/TW" not in set(symbols)
