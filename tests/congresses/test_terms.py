"""Issue 18, item 2: one term selector and one default rule on every term-scoped page — the
term whose wave is under way for the organization, else the latest with data — and the
choice kept in the session."""

import datetime

import pytest
from django.urls import reverse

from congresses import services
from congresses.choices import Stage
from congresses.models import Term
from congresses.terms import default_term
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def next_wave(wave, term):
    """The 2025–2030 plan made for Tây Hồ (every congress still "planned"); one 2020 cell
    congress under way."""
    cell = wave["congresses"]["HN-TH-P07-CB1"]
    services.change_stage(
        congress=cell,
        to_stage=Stage.PREPARING,
        actor=None,
        expected_version=cell.version,
        effective_on=datetime.date(2020, 3, 2),
    )
    later = Term.objects.get(name="2025–2030")
    services.create_term_plan(term=later, root=wave["tree"]["tay_ho"], actor=None)
    return later


def test_the_default_is_the_wave_under_way_not_the_newest_planned_term(wave, term, next_wave):
    staff = UserFactory(scope=wave["tree"]["tay_ho"], role="staff")

    assert default_term(staff, wave["tree"]["tay_ho"]) == term
    # Where nothing of either wave has started, the newest term with data.
    assert default_term(staff, wave["tree"]["long_bien"]) is not None


def test_the_working_groups_worklist_keeps_the_2020_congresses(
    client, wave, term, next_wave, group_member
):
    client.force_login(group_member)

    page = client.get(reverse("congresses:worklist"))

    assert page.context["term"] == term
    assert "HN-TH-P07-CB1" in page.content.decode()
    assert 'id="term-selector"' in page.content.decode()


def test_the_term_chosen_on_one_page_is_kept_on_the_others(client, wave, term, next_wave):
    staff = UserFactory(scope=wave["tree"]["tay_ho"], role="staff")
    client.force_login(staff)
    tay_ho = wave["tree"]["tay_ho"]

    listing = client.get(reverse("congresses:congress-list", args=[tay_ho.pk]))
    dashboard = client.get(reverse("congresses:wave-dashboard", args=[tay_ho.pk]))
    assert listing.context["term"] == dashboard.context["term"] == term  # one default

    client.get(reverse("congresses:congress-list", args=[tay_ho.pk]), {"term": next_wave.pk})
    for name in (
        "congresses:wave-dashboard",
        "congresses:group-list",
        "personnel:election-results",
    ):
        assert client.get(reverse(name, args=[tay_ho.pk])).context["term"] == next_wave
