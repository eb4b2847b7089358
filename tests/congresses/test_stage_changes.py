"""Issue 18, item 4: a stage change names its stage, asks for confirmation, checks the
prerequisites the apps register (documents approved) and can be undone by the staff the same
day, audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from congresses import services, stages
from congresses.choices import Stage
from congresses.models import Congress, StageTransition
from documents import services as document_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(wave):
    """Chi bộ 1 of Xuân La, moved to "preparing" on 02/03/2020."""
    congress = wave["congresses"]["HN-TH-P07-CB1"]
    return services.change_stage(
        congress=congress,
        to_stage=Stage.PREPARING,
        actor=None,
        expected_version=congress.version,
        effective_on=datetime.date(2020, 3, 2),
    )


@pytest.fixture
def staff(wave):
    return UserFactory(scope=wave["tree"]["tay_ho"], role="staff")


def post_stage(client, congress, **extra):
    return client.post(
        reverse("congresses:congress-stage", args=[congress.pk]),
        {"to_stage": "documents_approved", "version": congress.version, **extra},
    )


def test_the_move_is_confirmed_on_a_page_that_names_the_stage(client, cell, staff):
    client.force_login(staff)

    response = post_stage(client, cell, effective_on="05/03/2020")

    page = response.content.decode()
    assert response.status_code == 200
    assert "từ “Đang chuẩn bị” sang “Văn kiện đã được duyệt”?" in page
    assert 'value="05/03/2020"' in page  # the date goes along to the confirmation
    assert "Chưa có văn kiện đại hội nào được ghi nhận." in page  # a warning, not a refusal
    cell.refresh_from_db()
    assert cell.stage == Stage.PREPARING  # nothing changed before the confirmation

    post_stage(client, cell, effective_on="05/03/2020", confirmed="on")
    cell.refresh_from_db()
    assert cell.stage == Stage.DOCUMENTS_APPROVED


def test_documents_not_approved_block_the_move(client, cell, staff):
    document_services.create_document(
        congress=cell, actor=None, kind="political_report", title="Báo cáo chính trị"
    )
    with pytest.raises(ValidationError, match="Báo cáo chính trị"):
        services.change_stage(
            congress=cell,
            to_stage=Stage.DOCUMENTS_APPROVED,
            actor=None,
            expected_version=cell.version,
        )
    client.force_login(staff)
    page = post_stage(client, cell).content.decode()
    assert 'id="stage-problems"' in page
    assert 'name="confirmed"' not in page  # only the way back
    assert post_stage(client, cell, confirmed="on").status_code == 302
    cell.refresh_from_db()
    assert cell.stage == Stage.PREPARING


def test_the_staff_undoes_todays_change_and_the_history_forgets_it(client, cell, staff):
    today = timezone.localdate()
    moved = services.change_stage(
        congress=cell, to_stage=Stage.DOCUMENTS_APPROVED, actor=staff, expected_version=cell.version
    )
    client.force_login(staff)
    url = reverse("congresses:congress-stage-undo", args=[cell.pk])
    assert (
        "Hoàn tác"
        in client.get(reverse("congresses:congress-detail", args=[cell.pk])).content.decode()
    )

    confirm = client.post(url, {"version": moved.version})
    assert confirm.status_code == 200
    client.post(url, {"version": moved.version, "confirmed": "on"})

    cell.refresh_from_db()
    assert cell.stage == Stage.PREPARING
    assert list(cell.transitions.values_list("to_stage", flat=True)) == [Stage.PREPARING]
    assert Congress.objects.filter(pk=cell.pk).with_stage_on(today).get().stage_on == "preparing"
    event = AuditEvent.objects.get(action="congress.stage_change_undone")
    assert event.data["to"] == "documents_approved"


def test_a_change_of_another_day_or_by_a_working_group_cannot_be_undone(client, cell, wave):
    StageTransition.objects.filter(congress=cell).update(
        at=timezone.now() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        stages.undo_stage_change(congress=cell, actor=None, expected_version=cell.version)
    secretary = UserFactory(scope=wave["tree"]["xuan_la"], role="secretary")
    client.force_login(secretary)
    response = client.post(
        reverse("congresses:congress-stage-undo", args=[cell.pk]), {"version": cell.version}
    )
    assert response.status_code == 403
