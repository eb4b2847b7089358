"""Figures true to their date (issue 15): the wave on a past date counts what had happened by
then, from the effective dates of the stage changes (core.asof)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from congresses import dashboard, services
from congresses.choices import Stage
from congresses.models import Congress, StageTransition
from core.asof import parse_as_of

pytestmark = pytest.mark.django_db

D = datetime.date


def totals(demo, code, day):
    term = Congress.objects.get(organization=demo[code], term__name="2020–2025").term
    return dashboard.wave_figures(organization=demo[code], term=term, as_of=day)["totals"]


def test_tay_ho_counts_what_was_held_by_each_date(demo):
    """The report of 20/02/2020 (seed 001): 162 held, no pilot yet; the pilots held in March
    (Xuân La 12/03, the treasury cell 19/03), every grassroots congress by the end of June,
    before the district congress (R-WV-01)."""
    figures = {
        day: (totals(demo, "HN-TH", day)["held"], totals(demo, "HN-TH", day)["pilots_held"])
        for day in (D(2020, 1, 1), D(2020, 2, 20), D(2020, 3, 18), D(2020, 3, 19), D(2020, 7, 1))
    }

    assert figures == {
        D(2020, 1, 1): (64, 0),
        D(2020, 2, 20): (162, 0),
        D(2020, 3, 18): (219, 1),
        D(2020, 3, 19): (222, 2),  # the treasury cell's pilot and two cells
        D(2020, 7, 1): (248, 2),
    }


def test_the_stage_on_a_date_is_the_stage_of_the_last_transition_by_then(demo):
    pilot = Congress.objects.filter(organization__code="HN-TH-C01")

    stages = {
        day: pilot.with_stage_on(day).get().stage_on
        for day in (D(2019, 12, 1), D(2020, 2, 20), D(2020, 3, 18), D(2020, 3, 19))
    }

    assert stages == {
        D(2019, 12, 1): Stage.PLANNED,
        D(2020, 2, 20): Stage.PERSONNEL_APPROVED,
        D(2020, 3, 18): Stage.PERSONNEL_APPROVED,
        D(2020, 3, 19): Stage.HELD,
    }
    assert pilot.get().held_on == D(2020, 3, 19)


def test_the_demo_holds_every_congress_below_tay_ho_before_its_district_congress(demo):
    """R-WV-01: Tây Hồ's district congress opened on 20/08/2020 after every congress below it
    was held, each level after the one below it (cells, then the grassroots)."""
    district = Congress.objects.get(organization=demo["HN-TH"], term__name="2020–2025")
    below = Congress.objects.in_subtree(demo["HN-TH"]).exclude(pk=district.pk)
    grassroots = below.filter(level=3)
    last_cell = max(below.filter(level=5).values_list("held_on", flat=True))

    assert district.started_on == D(2020, 8, 20)
    assert below.count() == below.filter(stage=Stage.HELD).count() == 248
    assert max(below.values_list("held_on", flat=True)) < district.started_on
    assert last_cell < min(grassroots.filter(is_pilot=False).values_list("held_on", flat=True))
    assert sorted(grassroots.filter(is_pilot=True).values_list("held_on", flat=True)) == [
        D(2020, 3, 12),
        D(2020, 3, 19),
    ]
    for congress in below.select_related("organization"):
        cells = Congress.objects.in_subtree(congress.organization).exclude(pk=congress.pk)
        assert all(day <= congress.held_on for day in cells.values_list("held_on", flat=True))


def test_the_completed_waves_were_held_progressively(demo):
    """Thốt Nốt's congresses (all held by July 2020): not all held on 28/05/2020."""
    on_28_may = totals(demo, "CT-TN", D(2020, 5, 28))
    at_the_end = totals(demo, "CT-TN", D(2020, 12, 31))

    assert on_28_may["held"] < on_28_may["planned"] == at_the_end["held"]


def test_a_stage_change_dated_before_the_previous_one_is_refused(demo):
    pilot = Congress.objects.get(organization__code="HN-TH-C01", term__name="2020–2025")
    before = StageTransition.objects.count()

    with pytest.raises(ValidationError) as error:
        services.change_stage(
            congress=pilot,
            to_stage=Stage.PERSONNEL_APPROVED,
            actor=None,
            expected_version=pilot.version,
            effective_on=D(2020, 3, 1),  # held on 19/03/2020
        )

    assert error.value.message_dict == {
        "effective_on": [
            "Ngày đạt giai đoạn (01/03/2020) không được trước lần chuyển giai đoạn trước "
            "(19/03/2020)."
        ]
    }
    pilot.refresh_from_db()
    assert (pilot.stage, pilot.held_on, StageTransition.objects.count()) == (
        Stage.HELD,
        D(2020, 3, 19),
        before,
    )


def test_moving_back_from_held_clears_the_held_date(demo):
    pilot = Congress.objects.get(organization__code="HN-TH-C01", term__name="2020–2025")

    back = services.change_stage(
        congress=pilot,
        to_stage=Stage.PERSONNEL_APPROVED,
        actor=None,
        expected_version=pilot.version,
        effective_on=D(2020, 3, 20),
    )

    assert back.held_on is None
    # Xuân La's pilot (12/03/2020) stays held.
    assert totals(demo, "HN-TH", D(2020, 3, 25))["pilots_held"] == 1


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2020-02-20", D(2020, 2, 20)),
        ("20/02/2020", D(2020, 2, 20)),
        (D(2020, 1, 1), D(2020, 1, 1)),
    ],
)
def test_parse_as_of(raw, expected):
    assert parse_as_of(raw) == expected


def test_parse_as_of_defaults_to_today():
    from django.utils import timezone

    assert parse_as_of("") == timezone.localdate()
    with pytest.raises(ValueError, match="Invalid isoformat"):
        parse_as_of("hôm qua")
