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
from reports.choices import ReportKind
from tests.asof_helpers import UNREADABLE, messages_of
from tests.rendering import Rendering

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

    # session, user, grants, organization, the moves in the tree since the date (read once per
    # request: organizations.querysets.subtree_on_q), count, page with organizations, status
    # counts
    with django_assert_num_queries(8):
        response = client.get(
            reverse("documents:followup-list", args=[tree["tay_ho"].pk]), {"as_of": "01/02/2025"}
        )

    assert len(response.context["page"]) == tasks


def dossier(congress, day):
    job = Rendering.job(
        congress.organization, ReportKind.CONGRESS_DOSSIER, congress=congress.pk, as_of=day
    )
    return Rendering.sections(job)["Văn bản"]


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


# --- The directive and document pages on a date (issue 15, item 1) ----------------------------


def directive(organization, term, number, issued_on):
    return services.create_directive(
        organization=organization,
        term=term,
        actor=None,
        number=number,
        issued_on=issued_on,
        title="Hướng dẫn",
        issuing_body="Đảng ủy",
    )


def test_the_directive_page_lists_the_directives_issued_by_its_date(client, tree, term, leader):
    directive(tree["xuan_la"], term, "1-HD/ĐU", D(2024, 9, 1))
    directive(tree["xuan_la"], term, "2-HD/ĐU", D(2025, 1, 10))
    client.force_login(leader)
    url = reverse("documents:directive-list", args=[tree["tay_ho"].pk])

    with translation.override("vi"):
        before = client.get(url, {"as_of": "31/12/2024"})
        today = client.get(url)

    assert [row.number for row in before.context["page"]] == ["1-HD/ĐU"]
    assert [row.number for row in today.context["page"]] == ["2-HD/ĐU", "1-HD/ĐU"]
    page = before.content.decode()
    assert "tính đến ngày 31/12/2024" in page
    assert "Hiển thị như ngày 31/12/2024" in page
    assert "Hiển thị như ngày" not in today.content.decode()


def test_an_unreadable_date_shows_today_with_a_message(client, tree, term, leader):
    directive(tree["xuan_la"], term, "2-HD/ĐU", D(2025, 1, 10))
    client.force_login(leader)

    with translation.override("vi"):
        response = client.get(
            reverse("documents:directive-list", args=[tree["tay_ho"].pk]), {"as_of": "31/02/2025"}
        )

    assert response.status_code == 200
    assert response.context["as_of"] == timezone.localdate()
    assert [row.number for row in response.context["page"]] == ["2-HD/ĐU"]
    assert messages_of(response) == [UNREADABLE]


@pytest.mark.parametrize("directives", [1, 8])
def test_the_directive_page_on_a_date_keeps_its_query_count(
    client, tree, term, staff, directives, django_assert_num_queries
):
    for index in range(directives):
        directive(tree["xuan_la"], term, f"{index}-HD/ĐU", D(2024, 9, 1))
    client.force_login(staff)

    # session, user, grants, organization, the moves in the tree since the date (read once per
    # request: organizations.querysets.subtree_on_q), count, page with organizations and terms
    with django_assert_num_queries(7):
        response = client.get(
            reverse("documents:directive-list", args=[tree["tay_ho"].pk]), {"as_of": "01/10/2024"}
        )

    assert len(response.context["page"]) == directives


def discussed(world):
    """The world's document with a second round (01/04/2025) and an approval (01/05/2025):
    one comment in each round, one version uploaded today."""
    document = world["document"]
    services.add_comment(discussion=world["round"], actor=None, author="Chi bộ 1", content="Ý 1")
    second = services.add_round(document=document, actor=None, held_on=D(2025, 4, 1))
    services.add_comment(discussion=second, actor=None, author="Chi bộ 2", content="Ý 2")
    return services.approve_document(
        document=document,
        actor=None,
        expected_version=document.version,
        approved_on=D(2025, 5, 1),
        approval_number="12-QĐ/QU",
        approval_body="Ban Thường vụ Quận ủy",
    )


def test_the_document_page_of_a_congress_counts_what_was_there_on_its_date(client, world, leader):
    discussed(world)
    client.force_login(leader)
    url = reverse("documents:document-list", args=[world["congress"].pk])

    def row(day):
        with translation.override("vi"):
            response = client.get(url, {"as_of": day} if day else {})
        rows = list(response.context["page"])
        counts = [(d.version_count, d.round_count, d.comment_count) for d in rows]
        return counts, response.content.decode()

    assert row("28/02/2025")[0] == []
    counts, page = row("15/03/2025")
    # The version was uploaded today: not there yet on 15/03/2025.
    assert counts == [(0, 1, 1)]
    assert "tính đến ngày 15/03/2025" in page
    assert "12-QĐ/QU" not in page
    assert "Chưa phê duyệt" in page
    counts, page = row(None)
    assert counts == [(1, 2, 2)]
    assert "12-QĐ/QU" in page


def test_the_document_detail_shows_the_rounds_and_comments_of_its_date(client, world, leader):
    discussed(world)
    client.force_login(leader)
    url = reverse("documents:document-detail", args=[world["document"].pk])

    with translation.override("vi"):
        before = client.get(url, {"as_of": "15/03/2025"})
        today = client.get(url)

    assert [r.number for r in before.context["rounds"]] == [1]
    assert list(before.context["versions"]) == []
    assert before.context["counts"] == {"rounds": 1, "comments": 1}
    assert not before.context["approved_then"]
    page = before.content.decode()
    assert "Ý 1" in page
    assert "Ý 2" not in page
    assert "12-QĐ/QU" not in page
    assert "tính đến ngày 15/03/2025" in page
    assert [r.number for r in today.context["rounds"]] == [1, 2]
    assert today.context["counts"] == {"rounds": 2, "comments": 2}
    assert "12-QĐ/QU" in today.content.decode()
    earlier = client.get(url, {"as_of": "28/02/2025"})
    assert not earlier.context["recorded_then"]


@pytest.mark.parametrize("rounds", [1, 5])
def test_the_document_detail_on_a_date_keeps_its_query_count(
    client, world, staff, rounds, django_assert_num_queries
):
    for number in range(rounds):
        discussion = services.add_round(
            document=world["document"], actor=None, held_on=D(2025, 3, 2 + number)
        )
        for _comment in range(3):
            services.add_comment(discussion=discussion, actor=None, author="A", content="B")
    client.force_login(staff)

    # session, user, grants, document, counts, rounds, their comments, versions
    with django_assert_num_queries(8):
        response = client.get(
            reverse("documents:document-detail", args=[world["document"].pk]),
            {"as_of": "31/03/2025"},
        )

    assert response.context["counts"] == {"rounds": rounds + 1, "comments": 3 * rounds}


# --- When a task moved to in progress (issue 15, item 1) ---------------------------------------


def test_a_task_started_later_was_still_to_do_before_it(client, tree, term, leader):
    started = task(tree["xuan_la"], term, title="Bắt đầu", created_on=D(2025, 4, 1))
    services.update_follow_up(
        task=started, actor=None, expected_version=started.version, status="in_progress",
        started_on=D(2025, 5, 1),
    )  # fmt: skip
    client.force_login(leader)
    url = reverse("documents:followup-list", args=[tree["tay_ho"].pk])

    def status(day):
        with translation.override("vi"):
            response = client.get(url, {"as_of": day})
        (row,) = response.context["page"]
        counts = response.context["counts"]
        return row.status_on, (counts["todo"], counts["in_progress"]), response.content.decode()

    assert status("30/04/2025")[:2] == ("todo", (1, 0))
    on_the_day, counts, page = status("01/05/2025")
    assert (on_the_day, counts) == ("in_progress", (0, 1))
    assert "từ 01/05/2025" in page
    # Its buttons still act on today's tasks, and the page says so.
    assert "Hiển thị như ngày 01/05/2025" in page
    summary = selectors.follow_up_counts(tree["tay_ho"], term, as_of=D(2025, 4, 30))
    assert [(row["status_on"], row["count"]) for row in summary] == [("todo", 1)]
    event = AuditEvent.objects.get(action="follow_up.updated", target_id=str(started.pk))
    assert event.data["after"]["started_on"] == "2025-05-01"


def test_the_moves_of_a_task_date_its_start(tree, term):
    today = timezone.localdate()
    created = task(tree["xuan_la"], term, created_on=D(2025, 4, 1), status="in_progress")
    assert created.started_on == D(2025, 4, 1)
    moved = task(tree["xuan_la"], term, created_on=D(2025, 4, 1))
    assert moved.started_on is None
    moved = services.update_follow_up(task=moved, actor=None, expected_version=moved.version,
                                      status="in_progress")  # fmt: skip
    assert moved.started_on == today
    moved = services.mark_follow_up_done(task=moved, actor=None, expected_version=moved.version)
    assert (moved.started_on, moved.done_on) == (today, today)
    moved = services.update_follow_up(task=moved, actor=None, expected_version=moved.version,
                                      status="in_progress")  # fmt: skip
    assert (moved.started_on, moved.done_on) == (today, None)
    moved = services.update_follow_up(task=moved, actor=None, expected_version=moved.version,
                                      status="todo")  # fmt: skip
    assert moved.started_on is None
    # Straight from to do to completed: to do until the day it was completed.
    straight = task(tree["xuan_la"], term, created_on=D(2025, 4, 1))
    straight = services.mark_follow_up_done(
        task=straight, actor=None, expected_version=straight.version, done_on=D(2025, 6, 1)
    )
    assert straight.started_on == D(2025, 6, 1)
    # Entered already completed: when it started is not on record.
    assert task(tree["xuan_la"], term, status="done", done_on=D(2025, 6, 1)).started_on is None


@pytest.mark.parametrize(
    ("started_on", "field_error"),
    [
        (D(2025, 3, 1), "Việc không thể bắt đầu trước ngày được giao (01/04/2025)."),
        (D(2025, 7, 1), "Việc không thể bắt đầu sau ngày hoàn thành."),
    ],
)
def test_a_start_out_of_the_tasks_dates_is_refused_and_nothing_changes(
    tree, term, started_on, field_error
):
    from django.core.exceptions import ValidationError

    done = task(tree["xuan_la"], term, created_on=D(2025, 4, 1), status="done",
                done_on=D(2025, 6, 1))  # fmt: skip

    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        services.update_follow_up(task=done, actor=None, expected_version=done.version,
                                  started_on=started_on)  # fmt: skip

    assert caught.value.message_dict["started_on"] == [field_error]
    done.refresh_from_db()
    assert done.started_on is None
    assert not AuditEvent.objects.filter(action="follow_up.updated").exists()


def test_a_start_not_on_record_is_shown_as_unknown(client, tree, term, leader):
    old = task(tree["xuan_la"], term, created_on=D(2025, 4, 1), status="in_progress")
    FollowUpTask.objects.filter(pk=old.pk).update(started_on=None)  # as the trail left it
    client.force_login(leader)

    with translation.override("vi"):
        response = client.get(
            reverse("documents:followup-list", args=[tree["tay_ho"].pk]), {"as_of": "02/04/2025"}
        )

    assert response.context["counts"]["in_progress"] == 1
    assert "chưa ghi ngày bắt đầu" in response.content.decode()


def test_the_waves_figures_leave_out_another_occasions_documents_and_tasks(world, term, tree):
    from congresses.choices import CongressOccasion
    from congresses.models import Congress

    services.add_comment(discussion=world["round"], actor=None, author="Chi bộ 1", content="Ý")
    set_by_resolution = task(tree["xuan_la"], term, document=world["document"])
    task(tree["xuan_la"], term)  # set by no document: always the wave's
    today = timezone.localdate()

    def counted():
        documents = sum(
            row["documents"] for row in selectors.figures_by_kind(tree["tay_ho"], term, as_of=today)
        )
        tasks = sum(
            row["count"] for row in selectors.follow_up_counts(tree["tay_ho"], term, as_of=today)
        )
        return documents, tasks

    assert counted() == (1, 3)
    Congress.objects.filter(pk=world["congress"].pk).update(occasion=CongressOccasion.EXTRAORDINARY)

    # The extraordinary congress is counted apart (congresses.dashboard.other_occasions).
    assert counted() == (0, 2)
    assert set_by_resolution.document.congress.pk == world["congress"].pk


def test_a_task_cannot_be_completed_before_the_day_it_started(tree, term):
    from django.core.exceptions import ValidationError

    started = task(tree["xuan_la"], term, created_on=D(2025, 4, 1), status="in_progress",
                   started_on=D(2025, 5, 10))  # fmt: skip

    with translation.override("vi"), pytest.raises(ValidationError) as caught:
        services.update_follow_up(task=started, actor=None, expected_version=started.version,
                                  status="done", done_on=D(2025, 5, 1))  # fmt: skip

    # Was: the start kept, after the day the task was done.
    assert caught.value.message_dict["done_on"] == [
        "Việc bắt đầu ngày 10/05/2025: không thể hoàn thành trước ngày đó."
    ]
    started.refresh_from_db()
    assert (started.status, started.done_on, started.started_on) == (
        "in_progress", None, D(2025, 5, 10),
    )  # fmt: skip
