"""Issue 15, item 4: congresses 0010 puts R-WV-10 into both terms' packs in place, naming the
Term settings it reads and the Party Charter as its source; a rule entered by hand is kept."""

from tests.migrating import latest_schema_after, migrate, migration_test  # noqa: F401 (an autouse fixture)

pytestmark = migration_test

BEFORE = [("congresses", "0009_classification_and_commendation_rules")]
AFTER = [("congresses", "0010_cell_congress_rule")]


def test_r_wv_10_is_seeded_in_both_packs_and_a_hand_entered_one_kept():
    old = migrate(BEFORE)
    TermRule = old.get_model("congresses", "TermRule")
    old_term = old.get_model("congresses", "Term").objects.get(name="2020–2025")
    TermRule.objects.filter(rule_id="R-WV-10").delete()  # the flushed database has 0010's
    old.get_model("congresses", "TermDocument").objects.filter(symbol="2011").delete()
    TermRule.objects.create(
        term=old_term, rule_id="R-WV-10", section="B", statement="Nhập tay", note="giữ"
    )

    new = migrate(AFTER)
    rules = {
        rule.term.name: rule
        for rule in new.get_model("congresses", "TermRule")
        .objects.filter(rule_id="R-WV-10")
        .select_related("term", "document")
    }

    assert (rules["2020–2025"].statement, rules["2020–2025"].note) == ("Nhập tay", "giữ")
    seeded = rules["2025–2030"]
    assert (seeded.document.kind, seeded.document.symbol, seeded.article) == (
        "charter",
        "2011",
        "khoản 3 Điều 24",
    )
    assert seeded.term_fields == ["cell_congresses_per_term", "mid_term_allowance_months"]
    assert seeded.status == "unresolved"
    documents = new.get_model("congresses", "TermDocument").objects.filter(symbol="2011")
    assert sorted(documents.values_list("term__name", flat=True)) == ["2020–2025", "2025–2030"]

    back = migrate(BEFORE)
    assert (
        list(
            back.get_model("congresses", "TermRule")
            .objects.filter(rule_id="R-WV-10")
            .values_list("term__name", flat=True)
        )
        == []
    )


def test_the_kind_age_dates_go_into_r_wv_14_in_place_and_an_entered_value_is_kept():
    """congresses 0011: the July date of the new communes, wards and special zones."""
    old = migrate([("congresses", "0010_cell_congress_rule")])
    rule = old.get_model("congresses", "TermRule").objects.get(
        term__name="2025–2030", rule_id="R-WV-14"
    )
    rule.parameters = {"levels": [3, 2, 1]}
    rule.save(update_fields=["parameters"])

    new = migrate([("congresses", "0011_kind_age_reference_dates")])
    migrated = new.get_model("congresses", "TermRule").objects.get(pk=rule.pk)
    assert migrated.parameters == {
        "levels": [3, 2, 1],
        "kind_age_reference_dates": {
            "dang-bo-xa": "2025-07-01",
            "dang-bo-phuong": "2025-07-01",
            "dang-bo-dac-khu": "2025-07-01",
        },
    }
    entered = {"dang-bo-phuong": "2025-07-15"}
    migrated.parameters = {"levels": [3, 2, 1], "kind_age_reference_dates": entered}
    migrated.save(update_fields=["parameters"])

    migrate([("congresses", "0010_cell_congress_rule")])
    again = migrate([("congresses", "0011_kind_age_reference_dates")])
    kept = again.get_model("congresses", "TermRule").objects.get(pk=rule.pk)
    assert kept.parameters["kind_age_reference_dates"] == entered


def test_the_tie_revote_setting_goes_into_r_el_23_in_place(settings):
    """congresses 0012: each pack takes the setting's value on the database migrated (nothing
    counts differently after the upgrade) and R-EL-23 is flagged unresolved; undone, back."""
    migrate([("congresses", "0011_kind_age_reference_dates")])
    settings.ELECTION_TIE_REVOTE_MAJORITY = False

    new = migrate([("congresses", "0012_tie_revote_parameter")])
    rules = new.get_model("congresses", "TermRule").objects.filter(rule_id="R-EL-23")
    assert {(rule.parameters.get("tie_revote_majority"), rule.status) for rule in rules} == {
        (False, "unresolved")
    }
    assert rules.count() == 2

    back = migrate([("congresses", "0011_kind_age_reference_dates")])
    rules = back.get_model("congresses", "TermRule").objects.filter(rule_id="R-EL-23")
    assert {("tie_revote_majority" in rule.parameters, rule.status) for rule in rules} == {
        (False, "inferred")
    }
