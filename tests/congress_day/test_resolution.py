"""The congress resolution: a document of the congress, adopted by a vote, its tasks followed up."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from congress_day import services
from congress_day.services import ResolutionTask
from documents.models import CongressDocument, FollowUpTask

pytestmark = pytest.mark.django_db
TASKS = [
    ResolutionTask("Ban hành quy chế làm việc", "Ban Thường vụ", datetime.date(2020, 6, 30)),
    ResolutionTask("Chương trình kiểm tra, giám sát", "Ủy ban kiểm tra", datetime.date(2020, 9, 1)),
]


def vote_on(congress, staff, subject="resolution", agree=6):
    return services.record_vote(
        congress=congress,
        subject=subject,
        title="Nghị quyết đại hội",
        agree=agree,
        disagree=7 - agree,
        abstain=0,
        present=7,
        actor=staff,
    )


def test_an_adopted_resolution_becomes_a_document_with_its_tasks(congress, staff):
    vote = vote_on(congress, staff)
    document = services.record_resolution(
        vote=vote,
        title="Nghị quyết Đại hội",
        text="Đại hội quyết nghị...",
        tasks=TASKS,
        actor=staff,
    )
    assert document.kind == "resolution"
    assert document.congress == congress
    assert document.versions.get().text == "Đại hội quyết nghị..."
    vote.refresh_from_db()
    assert vote.document == document
    tasks = FollowUpTask.objects.filter(document=document).order_by("deadline")
    assert [task.title for task in tasks] == [task.title for task in TASKS]
    assert {task.organization for task in tasks} == {congress.organization}
    with pytest.raises(ValidationError, match="recorded already"):
        services.record_resolution(vote=vote, title="Lại", text="x", actor=staff)


@pytest.mark.parametrize(
    ("subject", "agree", "text", "tasks", "message"),
    [
        ("programme", 6, "Văn bản", [], "vote on the resolution"),
        ("resolution", 3, "Văn bản", [], "did not adopt"),
        ("resolution", 6, "  ", [], "adopted text"),
        ("resolution", 6, "Văn bản", [ResolutionTask("Việc", "", None)], "who does it"),
    ],
)
def test_a_bad_resolution_writes_nothing(congress, staff, subject, agree, text, tasks, message):
    vote = vote_on(congress, staff, subject=subject, agree=agree)
    with pytest.raises(ValidationError, match=message):
        services.record_resolution(
            vote=vote, title="Nghị quyết", text=text, tasks=tasks, actor=staff
        )
    assert not CongressDocument.objects.exists()
    assert not FollowUpTask.objects.exists()


def test_the_page_records_the_resolution_and_its_tasks(client, congress, staff):
    from django.urls import reverse

    client.force_login(staff)
    vote = vote_on(congress, staff)
    url = reverse("congress_day:programme", args=[congress.pk])
    data = {
        "action": "resolution",
        "vote": vote.pk,
        "title": "Nghị quyết Đại hội",
        "text": "Đại hội quyết nghị...",
        "tasks": "Ban hành quy chế | Ban Thường vụ | 30/06/2020\nnot a task",
    }
    bad = client.post(url, data)
    assert bad.status_code == 200
    assert "Nghị quyết Đại hội" in bad.content.decode()  # the input kept
    assert not CongressDocument.objects.exists()
    data["tasks"] = "Ban hành quy chế | Ban Thường vụ | 30/06/2020"
    assert client.post(url, data).status_code == 302
    task = FollowUpTask.objects.get()
    assert (task.deadline, task.document.kind) == (datetime.date(2020, 6, 30), "resolution")
    assert "Ban hành quy chế" in client.get(url).content.decode()
