"""The congress's programme (R-EL-35): the template per congress kind, editing, moving, print."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AuditEvent
from congress_day import services
from congress_day.models import AgendaItem
from congress_day.programme import default_agenda
from core.editing import StaleEditError
from reports.kinds.congress_programme import congress_programme_context
from reports.models import ReportJob

pytestmark = pytest.mark.django_db


def kinds(congress, session):
    return list(
        AgendaItem.objects.filter(congress=congress, session=session)
        .order_by("position")
        .values_list("kind", flat=True)
    )


def test_the_template_follows_the_order_of_business_per_kind():
    delegate = default_agenda("delegate")
    assert [kind for session, kind in delegate if session == "preparatory"] == [
        "elect_presidium",
        "elect_secretariat",
        "elect_credentials",
        "adopt_programme",
        "adopt_working_rules",
        "adopt_election_rules",
    ]
    official = [kind for session, kind in delegate if session == "official"]
    assert official[:3] == ["flag_salute", "opening", "credentials_report"]
    assert official[-2:] == ["resolution", "closing"]
    all_member = [kind for _session, kind in default_agenda("all_member")]
    assert "elect_credentials" not in all_member
    assert "credentials_report" not in all_member
    assert "attendance_report" in all_member


def test_the_programme_is_made_once_edited_and_moved(congress, staff):
    assert services.create_programme(congress=congress, actor=staff) == 15
    assert kinds(congress, "official")[2] == "attendance_report"  # an all-member congress
    with pytest.raises(ValidationError, match="programme already"):
        services.create_programme(congress=congress, actor=staff)
    item = AgendaItem.objects.get(congress=congress, kind="opening")
    services.update_agenda_item(
        item=item,
        version=item.version,
        title="Khai mạc đại hội",
        starts_at=datetime.time(7, 30),
        speaker="Đồng chí Bí thư",
        document=None,
        actor=staff,
    )
    item.refresh_from_db()
    assert (item.title, item.starts_at, item.version) == (
        "Khai mạc đại hội",
        datetime.time(7, 30),
        2,
    )
    with pytest.raises(StaleEditError):
        services.update_agenda_item(
            item=item,
            version=1,
            title="Cũ",
            starts_at=None,
            speaker="",
            document=None,
            actor=staff,
        )
    assert services.move_agenda_item(item=item, up=True, actor=staff)
    assert kinds(congress, "official")[:2] == ["opening", "flag_salute"]
    first = AgendaItem.objects.get(congress=congress, kind="opening")
    assert not services.move_agenda_item(item=first, up=True, actor=staff)  # already first
    assert AuditEvent.objects.filter(action="congress_day.agenda_item_moved").count() == 1


def test_a_closed_congress_keeps_its_programme(congress, staff):
    congress.stage = "held"
    congress.save(update_fields=["stage"])
    with pytest.raises(ValidationError, match="has closed"):
        services.create_programme(congress=congress, actor=staff)
    assert not AgendaItem.objects.exists()


def test_the_page_makes_moves_and_edits_the_programme(client, congress, staff):
    client.force_login(staff)
    url = reverse("congress_day:programme", args=[congress.pk])
    assert client.post(url, {"action": "create-programme"}).status_code == 302
    body = client.get(url).content.decode()
    assert "congress-programme" in body
    item = AgendaItem.objects.get(congress=congress, kind="closing")
    edit = reverse("congress_day:agenda-item", args=[congress.pk, item.pk])
    assert client.get(edit).status_code == 200
    bad = client.post(edit, {"title": "", "starts_at": "25:99", "version": item.version})
    assert bad.status_code == 200
    item.refresh_from_db()
    assert item.version == 1
    data = {"title": "Bế mạc", "starts_at": "11:30", "speaker": "Chủ tịch đoàn"}
    assert client.post(edit, {**data, "version": 1}).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.speaker) == ("Bế mạc", "Chủ tịch đoàn")
    stale = client.post(edit, {**data, "title": "Lại", "version": 1})
    assert stale.status_code == 200
    assert "alert-danger" in stale.content.decode()


def test_the_printed_programme_lists_the_sessions_and_the_adoption(congress, staff):
    services.create_programme(congress=congress, actor=staff)
    services.record_vote(
        congress=congress,
        subject="programme",
        title="Chương trình",
        agree=6,
        disagree=1,
        abstain=0,
        present=7,
        actor=staff,
    )
    job = ReportJob(kind="congress-programme", parameters={"congress": congress.pk})
    job.organization = congress.organization
    context = congress_programme_context(job)
    headings = [section.heading for section in context["sections"]]
    assert headings[0].lower().startswith("preparatory")
    assert len(context["sections"][1].tables[0].rows) == 10
    assert "6 of 7 present" in context["sections"][-1].paragraphs[0]
