"""congresses 0009 seeds the classification and commendation rules (R-CL-04..08, R-AW-01/02)
and leaves a rule already entered in the admin as it is; undone, it takes out only what it
seeded and nobody changed since (a rule entered before it, or edited after it, stays)."""

from tests.migrating import latest_schema_after, migrate, migration_test  # noqa: F401 (an autouse fixture)

pytestmark = migration_test

BEFORE = [("congresses", "0008_slate_parameters")]
AFTER = [("congresses", "0009_classification_and_commendation_rules")]
SEEDED = {"R-CL-04", "R-CL-05", "R-CL-06", "R-CL-07", "R-CL-08", "R-AW-01", "R-AW-02"}


def rule_ids(apps, term_name):
    rules = apps.get_model("congresses", "TermRule").objects.filter(
        term__name=term_name, rule_id__in=SEEDED
    )
    return set(rules.values_list("rule_id", flat=True))


def test_undoing_0009_keeps_the_rules_entered_before_it_and_those_edited_since():
    old = migrate(BEFORE)
    assert rule_ids(old, "2020–2025") == rule_ids(old, "2025–2030") == set()
    old_term = old.get_model("congresses", "Term").objects.get(name="2020–2025")
    entered = old.get_model("congresses", "TermRule").objects.create(
        term=old_term, rule_id="R-AW-01", section="D", statement="Nhập tay", note="giữ"
    )

    new = migrate(AFTER)
    TermRule = new.get_model("congresses", "TermRule")
    assert rule_ids(new, "2020–2025") == rule_ids(new, "2025–2030") == SEEDED
    assert TermRule.objects.get(pk=entered.pk).statement == "Nhập tay"
    edited = TermRule.objects.get(term__name="2025–2030", rule_id="R-CL-05")
    edited.note = "Đã đối chiếu với 43-HD/BTCTW."
    edited.save(update_fields=["note"])
    floors = TermRule.objects.get(term__name="2025–2030", rule_id="R-CL-02")
    assert floors.parameters == {"excellent_from": 90, "good_from": 70, "complete_from": 50}

    back = migrate(BEFORE)
    assert rule_ids(back, "2020–2025") == {"R-AW-01"}
    assert rule_ids(back, "2025–2030") == {"R-CL-05"}
    BackRule = back.get_model("congresses", "TermRule")
    assert BackRule.objects.get(pk=entered.pk).statement == "Nhập tay"
    assert BackRule.objects.get(pk=edited.pk).note == "Đã đối chiếu với 43-HD/BTCTW."
    assert BackRule.objects.get(pk=floors.pk).parameters == {}
    documents = back.get_model("congresses", "TermDocument").objects.filter(
        symbol__in=["21-HD/BTCTW", "29-QĐ/TW", "43-HD/BTCTW", "294-QĐ/TW"]
    )
    # 43-HD/BTCTW is still the source of the edited rule; the others cite nothing any more.
    assert list(documents.values_list("term__name", "symbol")) == [("2025–2030", "43-HD/BTCTW")]
