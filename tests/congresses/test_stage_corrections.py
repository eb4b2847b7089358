"""Issue 15, item 3: one definition of "held on a date". A move back from "held" corrects a
mistaken record: the figures (Congress.held_on) and the stage history (with_stage_on) both read
as if the congress had never been held; undoing the correction restores both."""

import datetime

import pytest

from congresses import services, stages
from congresses.choices import HELD_STAGES, Stage
from congresses.models import Congress, StageTransition

pytestmark = pytest.mark.django_db

HELD_ON = datetime.date(2020, 1, 1)
DAYS = [
    datetime.date(2019, 12, 31),
    HELD_ON,
    datetime.date(2020, 1, 2),
    datetime.date(2021, 6, 1),
]


def agree(congresses, day):
    """The property: the figures' held count equals the history's on `day`."""
    by_held_on = congresses.held_on_or_before(day).count()
    by_history = sum(
        1 for congress in congresses.with_stage_on(day) if congress.stage_on in HELD_STAGES
    )
    return by_held_on, by_history


def move(congress, to_stage, **kwargs):
    congress.refresh_from_db()
    return services.change_stage(
        congress=congress, to_stage=to_stage, actor=None, expected_version=congress.version,
        **kwargs,
    )  # fmt: skip


@pytest.fixture
def held_cell(wave):
    """A cell moved up to "held" on 01/01/2020 (no lower levels to wait for)."""
    cell = wave["congresses"]["HN-TH-P07-CB1"]
    for stage in (Stage.PREPARING, Stage.DOCUMENTS_APPROVED, Stage.PERSONNEL_APPROVED):
        move(cell, stage, effective_on=datetime.date(2019, 12, 1))
    move(cell, Stage.HELD, held_on=HELD_ON)
    cell.refresh_from_db()
    assert cell.held_on == HELD_ON
    return cell


def test_a_move_back_from_held_is_read_the_same_by_figures_and_history(held_cell):
    congresses = Congress.objects.filter(pk=held_cell.pk)
    assert [agree(congresses, day) for day in DAYS] == [(0, 0), (1, 1), (1, 1), (1, 1)]

    move(held_cell, Stage.PERSONNEL_APPROVED)

    held_cell.refresh_from_db()
    assert held_cell.held_on is None
    assert [agree(congresses, day) for day in DAYS] == [(0, 0)] * len(DAYS)
    mistaken = StageTransition.objects.get(congress=held_cell, to_stage=Stage.HELD)
    assert mistaken.undone_by is not None  # kept for the audit trail, marked undone
    assert mistaken.undone_by.to_stage == Stage.PERSONNEL_APPROVED


def test_moves_back_from_results_approved_clear_held_too(held_cell):
    move(
        held_cell,
        Stage.RESULTS_APPROVED,
        approval={
            "approval_number": "12-QĐ/TU",
            "approval_date": datetime.date(2020, 2, 1),
            "approval_body": "Thành ủy",
        },
    )
    move(held_cell, Stage.HELD)  # back one stage at a time: still held on 01/01/2020
    congresses = Congress.objects.filter(pk=held_cell.pk)
    assert [agree(congresses, day) for day in DAYS] == [(0, 0), (1, 1), (1, 1), (1, 1)]
    move(held_cell, Stage.PERSONNEL_APPROVED)

    held_cell.refresh_from_db()
    assert held_cell.held_on is None
    assert [agree(congresses, day) for day in DAYS] == [(0, 0)] * len(DAYS)


def test_undoing_the_correction_restores_both(held_cell):
    move(held_cell, Stage.PERSONNEL_APPROVED)
    held_cell.refresh_from_db()

    stages.undo_stage_change(congress=held_cell, actor=None, expected_version=held_cell.version)

    held_cell.refresh_from_db()
    congresses = Congress.objects.filter(pk=held_cell.pk)
    assert (held_cell.stage, held_cell.held_on) == (Stage.HELD, HELD_ON)
    assert [agree(congresses, day) for day in DAYS] == [(0, 0), (1, 1), (1, 1), (1, 1)]
    assert not StageTransition.objects.filter(undone_by__isnull=False).exists()


def test_the_congress_page_of_a_past_date_reads_the_correction(client, held_cell, wave):
    from django.urls import reverse

    from tests.factories import UserFactory

    move(held_cell, Stage.PERSONNEL_APPROVED)
    client.force_login(UserFactory(scope=wave["tree"]["tay_ho"], role="staff"))

    response = client.get(
        reverse("congresses:congress-detail", args=[held_cell.pk]) + "?as_of=02/01/2020"
    )

    assert response.context["congress"].stage_on == Stage.PERSONNEL_APPROVED


APPROVAL = {
    "approval_number": "12-QĐ/TU",
    "approval_date": datetime.date(2020, 2, 1),
    "approval_body": "Thành ủy",
}


def undo(congress):
    congress.refresh_from_db()
    stages.undo_stage_change(congress=congress, actor=None, expected_version=congress.version)
    congress.refresh_from_db()


def consistent(congress):
    """The property on every date around the history, today included: held_on <= date ⇔
    the stage on that date (with_stage_on) is held or later."""
    from django.utils import timezone

    congresses = Congress.objects.filter(pk=congress.pk)
    days = [*DAYS, timezone.localdate() - datetime.timedelta(days=1), timezone.localdate()]
    return all(len(set(agree(congresses, day))) == 1 for day in days)


def test_undoing_a_correction_into_held_keeps_the_held_day(held_cell):
    move(held_cell, Stage.RESULTS_APPROVED, approval=APPROVAL)
    move(held_cell, Stage.HELD)  # a correction: the approval was recorded by mistake

    undo(held_cell)

    assert (held_cell.stage, held_cell.held_on) == (Stage.RESULTS_APPROVED, HELD_ON)
    assert consistent(held_cell)


def test_undoing_a_second_correction_restores_the_real_held_day(held_cell):
    move(held_cell, Stage.RESULTS_APPROVED, approval=APPROVAL)
    move(held_cell, Stage.HELD)  # correction, dated today
    move(held_cell, Stage.PERSONNEL_APPROVED)  # correction, dated today
    assert held_cell.held_on is None
    assert consistent(held_cell)

    undo(held_cell)  # back to "held": on the real day, not on the first correction's

    assert (held_cell.stage, held_cell.held_on) == (Stage.HELD, HELD_ON)
    assert consistent(held_cell)
    undo(held_cell)  # and the first correction: results approved again, still held then
    assert (held_cell.stage, held_cell.held_on) == (Stage.RESULTS_APPROVED, HELD_ON)
    assert consistent(held_cell)


@pytest.mark.parametrize("correction_on", [None, datetime.date(2021, 6, 1)])
def test_the_real_held_day_can_be_entered_again_after_a_correction(held_cell, correction_on):
    move(held_cell, Stage.RESULTS_APPROVED, approval=APPROVAL)
    move(held_cell, Stage.HELD, effective_on=correction_on)
    move(held_cell, Stage.PERSONNEL_APPROVED, effective_on=correction_on)

    move(held_cell, Stage.HELD, held_on=HELD_ON)  # before the corrections' day: accepted

    held_cell.refresh_from_db()
    assert (held_cell.stage, held_cell.held_on) == (Stage.HELD, HELD_ON)
    assert consistent(held_cell)


def test_a_held_day_before_the_standing_history_is_still_refused(held_cell):
    from django.core.exceptions import ValidationError

    move(held_cell, Stage.PERSONNEL_APPROVED)

    with pytest.raises(ValidationError, match="01/12/2019"):
        move(held_cell, Stage.HELD, held_on=datetime.date(2019, 11, 30))
