"""Issue 19, item 7: the congress programme in English names the standard items of the order
of business in English (their kind's translated label), not by their Vietnamese titles."""

import pytest
from django.utils import translation
from django.utils.text import capfirst

from congress_day.choices import AgendaKind
from congress_day.models import AgendaItem
from congresses.models import Congress
from reports.choices import ReportKind

pytestmark = pytest.mark.django_db


def _label(kind, language):
    with translation.override(language):
        return str(capfirst(AgendaKind(kind).label))


def test_the_english_programme_names_the_standard_items_in_english(demo, rendering):
    congress = Congress.objects.get(organization=demo["HCM-Q9"], term__name="2020–2025")
    agenda = list(AgendaItem.objects.filter(congress=congress).order_by("-session", "position"))
    standard = [item for item in agenda if item.kind != AgendaKind.OTHER]
    assert standard  # the demo congress has its programme
    english = [_label(item.kind, "en") for item in standard]
    assert set(english).isdisjoint(_label(item.kind, "vi") for item in standard)
    report = rendering.job(
        demo["HCM-Q9"], ReportKind.CONGRESS_PROGRAMME, "en", congress=congress.pk
    )

    items = [row[2] for table in rendering.tables(report) for row in table.rows]
    # Was the items' Vietnamese titles; an item added by hand keeps its own.
    assert items == [
        item.title if item.kind == AgendaKind.OTHER else _label(item.kind, "en") for item in agenda
    ]
    text = rendering.text(report)
    for label in english:
        assert label in text
    for item in standard:
        assert item.title not in items

    # In Vietnamese, the items keep their own titles.
    vietnamese = rendering.job(
        demo["HCM-Q9"], ReportKind.CONGRESS_PROGRAMME, "vi", congress=congress.pk
    )
    assert [row[2] for table in rendering.tables(vietnamese) for row in table.rows] == [
        item.title for item in agenda
    ]
