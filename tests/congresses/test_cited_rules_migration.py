"""Issue 15, item 4: congresses 0015 puts the rules the warnings and refusals cite (R-OR-05,
R-OR-06, R-WV-09, R-EL-29) into both terms' packs with their sources; a rule entered by hand
is kept, and going back deletes only what 0015 created."""

from tests.migrating import latest_schema_after, migrate, migration_test  # noqa: F401 (an autouse fixture)

pytestmark = migration_test

BEFORE = [("congresses", "0014_stage_transition_undone_by")]
AFTER = [("congresses", "0015_cited_organization_and_personnel_rules")]
RULES = ["R-OR-05", "R-OR-06", "R-WV-09", "R-EL-29"]


def _rules(state):
    return sorted(
        state.get_model("congresses", "TermRule")
        .objects.filter(rule_id__in=RULES)
        .values_list("term__name", "rule_id", "document__symbol", "article", "status")
    )


def test_0015_seeds_both_packs_keeps_a_hand_entered_rule_and_goes_back():
    old = migrate(BEFORE)
    assert _rules(old) == []
    symbols = old.get_model("congresses", "TermDocument").objects.values_list("symbol", flat=True)
    assert not {"31-HD/BTCTW", "24-QĐ/TW"} & set(symbols)
    old_term = old.get_model("congresses", "Term").objects.get(name="2020–2025")
    old.get_model("congresses", "TermRule").objects.create(
        term=old_term, rule_id="R-WV-09", section="B", statement="Nhập tay", status="unresolved"
    )

    new = migrate(AFTER)

    assert _rules(new) == [
        ("2020–2025", "R-EL-29", "24-QĐ/TW", "mục 11.1", "confirmed"),
        ("2020–2025", "R-OR-05", "31-HD/BTCTW", "", "confirmed"),
        ("2020–2025", "R-OR-06", None, "", "unresolved"),
        ("2020–2025", "R-WV-09", None, "", "unresolved"),  # entered by hand, kept
        ("2025–2030", "R-EL-29", "294-QĐ/TW", "", "inferred"),
        ("2025–2030", "R-OR-05", "31-HD/BTCTW", "", "confirmed"),
        ("2025–2030", "R-OR-06", None, "", "unresolved"),
        ("2025–2030", "R-WV-09", None, "", "unresolved"),
    ]

    back = migrate(BEFORE)
    assert _rules(back) == [("2020–2025", "R-WV-09", None, "", "unresolved")]
    symbols = back.get_model("congresses", "TermDocument").objects.values_list("symbol", flat=True)
    assert not {"31-HD/BTCTW", "24-QĐ/TW"} & set(symbols)
    assert "294-QĐ/TW" in set(symbols)  # not 0015's
