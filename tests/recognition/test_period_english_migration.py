"""Issue 19, item 7: the classification periods get English names of their regulation and
exemplary title, filled in place for the seeded periods; a text the migration cannot read stays
empty (the Vietnamese is printed) and a province's own exemplary wording gets no English."""

import pytest

from tests.migrating import latest_schema_after, migrate, migration_test  # noqa: F401 (an autouse fixture)

pytestmark = migration_test

BEFORE = [("recognition", "0003_commendation_proposed_on")]
AFTER = [("recognition", "0004_period_english_names")]


def test_the_seeded_periods_get_english_names_and_unknown_texts_stay_empty():
    old = migrate(BEFORE)
    Period = old.get_model("recognition", "Period")
    seeded = Period.objects.get(kind="year", year=2020)
    own = Period.objects.create(
        kind="quarter",
        year=2020,
        quarter=2,
        regulation="Văn bản riêng của tỉnh",
        exemplary_label="Trong sạch, vững mạnh tiêu biểu xuất sắc",
    )

    new = migrate(AFTER)
    Period = new.get_model("recognition", "Period")
    seeded, own = Period.objects.get(pk=seeded.pk), Period.objects.get(pk=own.pk)

    assert seeded.regulation == "Quy định 132-QĐ/TW (2018), Hướng dẫn 21-HD/BTCTW (2019)"
    assert seeded.regulation_en == "Regulation 132-QĐ/TW (2018), Guidance 21-HD/BTCTW (2019)"
    assert seeded.exemplary_label_en == "Exemplary clean and strong"
    assert (own.regulation_en, own.exemplary_label_en) == ("", "")
    assert Period.objects.get(kind="year", year=2025).regulation_en == (
        "Regulation 366-QĐ/TW (2025)"
    )
    assert not Period.objects.filter(kind="year", regulation_en="").exists()


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("Hướng dẫn 27-HD/BTCTW (2014)", "Guidance 27-HD/BTCTW (2014)"),
        ("Quy định 124-QĐ/TW (2023)", "Regulation 124-QĐ/TW (2023)"),
        ("Quy định 124-QĐ/TW, văn bản khác", ""),
        ("", ""),
    ],
)
def test_the_regulation_is_read_part_by_part(text, english):
    from importlib import import_module

    module = import_module("recognition.migrations.0004_period_english_names")
    assert module.regulation_in_english(text) == english
