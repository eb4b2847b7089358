"""Issue 21, item 8: the same progress form sent twenty times records one entry."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from congresses import services
from congresses.models import ProgressEntry

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)
TOKEN = re.compile(r'name="submission_token" value="([0-9a-f-]{36})"')


def rendered_form(client, congress):
    """The fields the congress page's progress form sends, with the token it was drawn with."""
    page = client.get(reverse("congresses:congress-detail", args=[congress.pk]))
    return {
        "submission_token": TOKEN.search(page.content.decode()).group(1),
        "reported_on": YESTERDAY.strftime("%d/%m/%Y"),
        "stage_reached": "preparing",
        "note": "Đã họp chi bộ",
        "difficulties": "",
    }


def test_twenty_double_submits_record_one_entry(client, wave, group_member):
    congress = wave["congresses"]["HN-TH-P07-CB1"]
    client.force_login(group_member)
    data = rendered_form(client, congress)
    url = reverse("congresses:progress-create", args=[congress.pk])

    responses = [client.post(url, data) for _ in range(20)]

    detail = reverse("congresses:congress-detail", args=[congress.pk])
    assert {(response.status_code, response["Location"]) for response in responses} == {
        (302, detail)
    }
    assert ProgressEntry.objects.count() == 1
    assert AuditEvent.objects.filter(action="congress.progress_recorded").count() == 1
    assert [str(message) for message in get_messages(responses[-1].wsgi_request)] == [
        "Đã ghi nhận tiến độ."
    ] + ["Báo cáo tiến độ này đã được ghi nhận; không ghi thêm lần nữa."] * 19


def test_each_rendering_of_the_form_has_its_own_token(client, wave, group_member):
    congress = wave["congresses"]["HN-TH-P07-CB1"]
    client.force_login(group_member)
    url = reverse("congresses:progress-create", args=[congress.pk])

    first, second = rendered_form(client, congress), rendered_form(client, congress)
    client.post(url, first)
    client.post(url, second)

    assert first["submission_token"] != second["submission_token"]
    assert ProgressEntry.objects.count() == 2


def test_a_token_stored_meanwhile_is_refused_by_the_unique_column(wave, monkeypatch):
    """Two requests at once: both pass the look-up, the second insert meets the first row."""
    congress = wave["congresses"]["HN-TH-P07-CB1"]
    token = "5f0c2a1e-6f3b-4c1a-9a53-6c4b8a0b7e11"
    first = services.record_progress(
        congress=congress,
        actor=None,
        reported_on=YESTERDAY,
        stage_reached="planned",
        submission_token=token,
    )
    real_filter = ProgressEntry.objects.filter
    calls = []

    def blind_first_lookup(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            return ProgressEntry.objects.none()
        return real_filter(*args, **kwargs)

    monkeypatch.setattr(ProgressEntry.objects, "filter", blind_first_lookup)
    with pytest.raises(services.AlreadyRecorded) as raised:
        services.record_progress(
            congress=congress,
            actor=None,
            reported_on=YESTERDAY,
            stage_reached="planned",
            submission_token=token,
        )

    assert raised.value.entry == first
    assert ProgressEntry.objects.count() == 1
