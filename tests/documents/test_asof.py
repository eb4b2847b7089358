"""Follow-up tasks and congress documents on a date (issue 15, items 2 and 3): a task counts
from the day it was set (`created_on`), a document from the day it was recorded or first
dated, and the dossier lists only what was there on its date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import AuditEvent
from documents import selectors, services
from documents.choices import TaskKind, TaskStatus
from documents.models import FollowUpTask
from reports.choices import FileFormat, ReportKind
from reports.kinds import build_context
from reports.models import ReportJob

pytestmark = pytest.mark.django_db

D = datetime.date


def task(organization, term, **values):
    return services.create_follow_up(
        organization=organization,
        term=term,
        actor=None,
        kind=TaskKind.OTHER,
        title=values.pop("title", "Việc"),
        owner="Văn phòng",
        deadline=values.pop("deadline", D(2025, 12, 31)),
        **values,
    )


def test_a_task_is_set_today_unless_told_and_never_after_it_was_done(tree, term):
    today_task = task(tree["xuan_la"], term)
    dated = task(tree["xuan_la"], term, created_on=D(2025, 4, 1))
    done_first = task(
        tree["xuan_la"], term, created_on=D(2025, 4, 1), status="done", done_on=D(2025, 3, 1)
    )

    assert today_task.created_on == timezone.localdate()
    assert dated.created_on == D(2025, 4, 1)
    assert done_first.created_on == D(2025, 3, 1)
    event = AuditEvent.objects.get(action="follow_up.created", target_id=str(dated.pk))
    assert event.data["created_on"] == "2025-04-01"


def test_the_summary_counts_the_tasks_set_by_the_date(tree, term):
    task(tree["xuan_la"], term, created_on=D(2025, 4, 1))
    task(tree["xuan_la"], term, created_on=D(2025, 5, 1), status="done", done_on=D(2025, 6, 1))

    def counts(day):
        return {
            row["status_on"]: row["count"]
            for row in selectors.follow_up_counts(tree["tay_ho"], term, as_of=day)
        }

    assert counts(D(2025, 3, 31)) == {}
    assert counts(D(2025, 4, 1)) == {"todo": 1}
    assert counts(D(2025, 5, 1)) == {"todo": 1, "in_progress": 1}
    assert counts(D(2025, 6, 1)) == {"todo": 1, "done": 1}


def test_the_task_page_takes_a_date_and_agrees_with_the_summary(client, tree, term, leader):
    task(tree["xuan_la"], term, title="Sớm", created_on=D(2025, 4, 1), deadline=D(2025, 5, 1))
    task(tree["xuan_la"], term, title="Muộn", created_on=D(2025, 5, 1), status="done",
         done_on=D(2025, 6, 1))  # fmt: skip
    client.force_login(leader)
    url = reverse("documents:followup-list", args=[tree["tay_ho"].pk])

    with translation.override("vi"):
        response = client.get(url, {"as_of": "15/05/2025"})

    counts = response.context["counts"]
    assert [row.title for row in response.context["page"]] == ["Sớm", "Muộn"]
    assert (counts["total"], counts["todo"], counts["in_progress"], counts["done"]) == (2, 1, 1, 0)
    assert counts["overdue"] == 1
    summary = {
        row["status_on"]: row["count"]
        for row in selectors.follow_up_counts(tree["tay_ho"], term, as_of=D(2025, 5, 15))
    }
    assert summary == {"todo": counts["todo"], "in_progress": counts["in_progress"]}
    assert "tính đến ngày 15/05/2025" in response.content.decode()
    earlier = client.get(url, {"as_of": "2025-04-30"})
    assert [row.title for row in earlier.context["page"]] == ["Sớm"]
    assert earlier.context["counts"]["overdue"] == 0


@pytest.mark.parametrize("tasks", [1, 8])
def test_the_task_page_on_a_date_keeps_its_query_count(
    client, tree, term, staff, tasks, django_assert_num_queries
):
    for index in range(tasks):
        task(tree["xuan_la"], term, title=f"Việc {index}", created_on=D(2025, 1, 1))
    client.force_login(staff)

    # session, user, grants, organization, count, page with organizations, status counts
    with django_assert_num_queries(7):
        response = client.get(
            reverse("documents:followup-list", args=[tree["tay_ho"].pk]), {"as_of": "01/02/2025"}
        )

    assert len(response.context["page"]) == tasks


def dossier(congress, day):
    job = ReportJob(
        kind=ReportKind.CONGRESS_DOSSIER,
        organization=congress.organization,
        parameters={"as_of": day.isoformat(), "congress": congress.pk},
        language="vi",
        file_format=FileFormat.PDF,
        created_at=timezone.now(),
    )
    with translation.override("vi"):
        context = build_context(job)
    return next(section for section in context["sections"] if section.heading == "Văn bản")


def test_the_dossier_lists_the_documents_there_on_its_date(world):
    document = world["document"]
    services.add_comment(discussion=world["round"], actor=None, author="Chi bộ 1", content="Ý")
    # Recorded today; its first round is dated 01/03/2025: it existed by then.
    assert dossier(world["congress"], D(2025, 2, 28)).no_data
    on_the_day = dossier(world["congress"], D(2025, 3, 1)).tables[0].rows
    assert on_the_day == [[document.title, 1, 1, "—"]]
    services.add_round(document=document, actor=None, held_on=D(2025, 4, 1))
    assert dossier(world["congress"], D(2025, 3, 31)).tables[0].rows == on_the_day
    assert dossier(world["congress"], D(2025, 4, 1)).tables[0].rows == [[document.title, 2, 1, "—"]]


def test_the_document_figures_of_the_summary_count_the_same_documents(world, term, tree):
    def figures(day):
        return [
            (row["documents"], row["rounds_count"], row["comments"])
            for row in selectors.figures_by_kind(tree["tay_ho"], term, as_of=day)
        ]

    services.add_comment(discussion=world["round"], actor=None, author="Chi bộ 1", content="Ý")

    assert figures(D(2025, 2, 28)) == []
    assert figures(D(2025, 3, 1)) == [(1, 1, 1)]
    for day in (D(2025, 2, 28), D(2025, 3, 1), timezone.localdate()):
        listed = selectors.congress_documents(world["congress"], as_of=day)
        counted = figures(day)
        assert len(listed) == sum(row[0] for row in counted)
        assert sum(document.comments_count for document in listed) == sum(row[2] for row in counted)


def test_every_status_is_still_counted_today(tree, term):
    task(tree["xuan_la"], term, created_on=D(2025, 4, 1), status=TaskStatus.IN_PROGRESS)
    counts = FollowUpTask.objects.in_subtree(tree["tay_ho"]).status_counts(
        as_of=timezone.localdate()
    )
    assert (counts["total"], counts["in_progress"]) == (1, 1)
