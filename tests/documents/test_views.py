import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from documents import services
from documents.choices import DocumentKind, TaskKind, TaskStatus
from documents.models import (
    Comment,
    CongressDocument,
    DirectiveDocument,
    DiscussionRound,
    DocumentVersion,
    FollowUpTask,
)
from tests.documents.conftest import PDF_BYTES, make_congress, pdf_upload
from tests.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything a refused POST might have touched."""
    return (
        list(DirectiveDocument.objects.order_by("pk").values_list("pk", "number")),
        list(CongressDocument.objects.order_by("pk").values_list("pk", "version", "approved_on")),
        DocumentVersion.objects.count(),
        DiscussionRound.objects.count(),
        Comment.objects.count(),
        list(FollowUpTask.objects.order_by("pk").values_list("pk", "version", "status", "title")),
        AuditEvent.objects.count(),
    )


# Every POST of the app: (URL name, the world object it names, a valid payload).
POSTS = [
    (
        "directive-create",
        "xuan_la",
        lambda world: {
            "term": world["congress"].term_id,
            "number": "20-KH/ĐU",
            "issued_on": "02/10/2024",
            "title": "Kế hoạch đại hội",
            "issuing_body": "Đảng ủy phường Xuân La",
        },
    ),
    ("directive-delete", "directive", lambda world: {}),
    (
        "document-create",
        "congress",
        lambda world: {"kind": DocumentKind.ACTION_PROGRAM, "title": "Chương trình hành động"},
    ),
    ("version-create", "document", lambda world: {"text": "Dự thảo lần 2", "note": ""}),
    ("round-create", "document", lambda world: {"held_on": "05/03/2025", "note": ""}),
    (
        "comment-create",
        "round",
        lambda world: {"author": "Chi bộ Khu dân cư số 3", "content": "Bổ sung số liệu"},
    ),
    (
        "document-approve",
        "document",
        lambda world: {
            "approved_on": "15/04/2025",
            "approval_number": "123-QĐ/QU",
            "approval_body": "Ban Thường vụ Quận ủy Tây Hồ",
            "version": world["document"].version,
        },
    ),
    (
        "followup-create",
        "xuan_la",
        lambda world: {
            "term": world["congress"].term_id,
            "kind": TaskKind.FULL_TERM_PROGRAM,
            "title": "Chương trình làm việc toàn khóa",
            "owner": "Thường trực Đảng ủy",
            "deadline": "30/09/2025",
            "status": TaskStatus.TODO,
        },
    ),
    (
        "followup-edit",
        "task",
        lambda world: {
            "kind": TaskKind.WORKING_REGULATION,
            "title": "Quy chế làm việc khóa mới",
            "owner": "Văn phòng Đảng ủy",
            "deadline": "30/06/2025",
            "status": TaskStatus.IN_PROGRESS,
            "version": world["task"].version,
        },
    ),
    ("followup-done", "task", lambda world: {"version": world["task"].version}),
]


def target(world, tree, name):
    return tree[name] if name in tree else world[name]


@pytest.mark.parametrize(("name", "target_name", "payload"), POSTS, ids=[p[0] for p in POSTS])
def test_post_by_staff_changes_and_redirects(
    client, world, tree, staff, name, target_name, payload
):
    client.force_login(staff)
    before = snapshot()

    response = client.post(
        reverse(f"documents:{name}", args=[target(world, tree, target_name).pk]), payload(world)
    )

    assert response.status_code == 302, response.content[:500]
    assert snapshot() != before


@pytest.mark.parametrize(("name", "target_name", "payload"), POSTS, ids=[p[0] for p in POSTS])
def test_post_by_leader_is_403_and_changes_nothing(
    client, world, tree, leader, name, target_name, payload
):
    client.force_login(leader)
    before = snapshot()

    response = client.post(
        reverse(f"documents:{name}", args=[target(world, tree, target_name).pk]), payload(world)
    )

    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(("name", "target_name", "payload"), POSTS, ids=[p[0] for p in POSTS])
def test_post_from_other_district_is_404_and_changes_nothing(
    client, world, tree, other_staff, name, target_name, payload
):
    client.force_login(other_staff)
    before = snapshot()

    response = client.post(
        reverse(f"documents:{name}", args=[target(world, tree, target_name).pk]), payload(world)
    )

    assert response.status_code == 404
    assert snapshot() == before


GETS = [
    ("directive-list", "xuan_la"),
    ("directive-create", "xuan_la"),
    ("directive-delete", "directive"),
    ("directive-download", "directive"),
    ("document-list", "congress"),
    ("document-create", "congress"),
    ("document-detail", "document"),
    ("version-create", "document"),
    ("version-download", "version"),
    ("round-create", "document"),
    ("comment-create", "round"),
    ("document-approve", "document"),
    ("followup-list", "xuan_la"),
    ("followup-create", "xuan_la"),
    ("followup-edit", "task"),
]
READ_ONLY = {
    "directive-list",
    "directive-download",
    "document-list",
    "document-detail",
    "version-download",
    "followup-list",
}


@pytest.mark.parametrize(("name", "target_name"), GETS, ids=[g[0] for g in GETS])
def test_get_by_role(client, world, tree, staff, leader, other_staff, name, target_name):
    url = reverse(f"documents:{name}", args=[target(world, tree, target_name).pk])
    statuses = {}
    for label, user in (("staff", staff), ("leader", leader), ("other", other_staff)):
        client.force_login(user)
        statuses[label] = client.get(url).status_code

    leader_status = 200 if name in READ_ONLY else 403
    assert statuses == {"staff": 200, "leader": leader_status, "other": 404}


@pytest.mark.parametrize(
    ("name", "target_name"),
    [*GETS, ("followup-done", "task")],
    ids=[*(g[0] for g in GETS), "followup-done"],
)
def test_anonymous_goes_to_login(client, world, tree, name, target_name):
    url = reverse(f"documents:{name}", args=[target(world, tree, target_name).pk])

    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


# --- Directives ------------------------------------------------------------------------------


def test_directive_search_ignores_accents_and_case(client, world, tree, term, leader):
    services.create_directive(
        organization=tree["tay_ho"],
        term=term,
        actor=None,
        number="03-KH/QU",
        issued_on=datetime.date(2024, 8, 1),
        title="Kế hoạch tổ chức đại hội",
        issuing_body="Quận ủy Tây Hồ",
    )
    client.force_login(leader)

    response = client.get(
        reverse("documents:directive-list", args=[tree["tay_ho"].pk]), {"q": "HUONG DAN"}
    )

    assert [d.number for d in response.context["page"]] == ["15-HD/ĐU"]
    body = response.content.decode()
    assert reverse("documents:directive-download", args=[world["directive"].pk]) in body
    # A leader reads: no add or delete buttons.
    assert reverse("documents:directive-create", args=[tree["tay_ho"].pk]) not in body
    assert reverse("documents:directive-delete", args=[world["directive"].pk]) not in body


def test_directive_create_with_file_and_list_shows_edit_buttons(client, world, tree, staff):
    client.force_login(staff)
    url = reverse("documents:directive-create", args=[tree["tay_ho"].pk])

    response = client.post(
        url,
        {
            "term": world["congress"].term_id,
            "number": "01-HD/QU",
            "issued_on": "01/07/2024",
            "title": "Hướng dẫn đại hội",
            "issuing_body": "Quận ủy Tây Hồ",
            "file": pdf_upload("huong-dan.pdf"),
        },
    )

    assert response.status_code == 302
    directive = DirectiveDocument.objects.get(number="01-HD/QU")
    assert (directive.organization, directive.created_by) == (tree["tay_ho"], staff)
    listing = client.get(response["Location"]).content.decode()
    assert reverse("documents:directive-delete", args=[directive.pk]) in listing


def test_directive_create_refuses_a_fake_pdf_with_the_reason(client, world, tree, staff):
    client.force_login(staff)

    response = client.post(
        reverse("documents:directive-create", args=[tree["tay_ho"].pk]),
        {
            "term": world["congress"].term_id,
            "number": "02-HD/QU",
            "issued_on": "01/07/2024",
            "title": "Giả",
            "issuing_body": "Quận ủy",
            "file": pdf_upload("gia.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The content of the file is not a PDF document."
    ] or response.context["form"].errors["file"] == ["Nội dung tệp không phải là văn bản PDF."]
    assert not DirectiveDocument.objects.filter(number="02-HD/QU").exists()


def test_directive_delete_asks_then_deletes(client, world, staff):
    client.force_login(staff)
    url = reverse("documents:directive-delete", args=[world["directive"].pk])

    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert DirectiveDocument.objects.filter(pk=world["directive"].pk).exists()

    response = client.post(url)

    assert response.status_code == 302
    assert not DirectiveDocument.objects.filter(pk=world["directive"].pk).exists()


def test_directive_download_is_an_attachment(client, world, leader):
    client.force_login(leader)

    response = client.get(reverse("documents:directive-download", args=[world["directive"].pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF_BYTES


# --- Congress documents ----------------------------------------------------------------------


def test_version_upload_then_download(client, world, secretary):
    client.force_login(secretary)
    document = world["document"]

    response = client.post(
        reverse("documents:version-create", args=[document.pk]),
        {"file": pdf_upload("bao-cao-v2.pdf"), "note": "Sau góp ý"},
    )

    assert response.status_code == 302
    version = document.versions.get(number=2)
    download = client.get(reverse("documents:version-download", args=[version.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_version_download_from_other_district_is_404(client, world, other_staff):
    client.force_login(other_staff)

    response = client.get(reverse("documents:version-download", args=[world["version"].pk]))

    assert response.status_code == 404


def test_detail_shows_counts_and_hides_buttons_from_leader(client, world, leader):
    services.add_comment(discussion=world["round"], actor=None, author="A", content="B")
    client.force_login(leader)

    response = client.get(reverse("documents:document-detail", args=[world["document"].pk]))

    assert response.context["counts"] == {"rounds": 1, "comments": 1}
    body = response.content.decode()
    assert reverse("documents:version-create", args=[world["document"].pk]) not in body
    assert reverse("documents:comment-create", args=[world["round"].pk]) not in body
    assert reverse("documents:document-approve", args=[world["document"].pk]) not in body


def test_secretary_may_add_documents_but_not_approve(client, world, secretary):
    client.force_login(secretary)
    document = world["document"]

    response = client.post(
        reverse("documents:document-approve", args=[document.pk]),
        {
            "approved_on": "15/04/2025",
            "approval_number": "1",
            "approval_body": "Quận ủy",
            "version": document.version,
        },
    )

    assert response.status_code == 403
    document.refresh_from_db()
    assert document.approved_on is None


def test_approve_without_version_shows_the_refusal(client, world, staff):
    document = services.create_document(
        congress=world["congress"], actor=None, kind=DocumentKind.OTHER, title="Đề án nhân sự"
    )
    client.force_login(staff)

    response = client.post(
        reverse("documents:document-approve", args=[document.pk]),
        {
            "approved_on": "15/04/2025",
            "approval_number": "1",
            "approval_body": "Quận ủy",
            "version": document.version,
        },
    )

    assert response.status_code == 200
    assert len(response.context["form"].non_field_errors()) == 1
    document.refresh_from_db()
    assert document.approved_on is None


@pytest.mark.parametrize("documents", [1, 6])
def test_document_list_query_count_is_constant(
    client, tree, staff, documents, django_assert_num_queries
):
    congress = make_congress(tree["xuan_la"])
    for index in range(documents):
        document = services.create_document(
            congress=congress, actor=None, kind=DocumentKind.OTHER, title=f"Văn kiện {index}"
        )
        services.add_version(document=document, actor=None, text="Nội dung")
        discussion = services.add_round(
            document=document, actor=None, held_on=datetime.date(2025, 3, 1)
        )
        for _comment in range(3):
            services.add_comment(discussion=discussion, actor=None, author="A", content="B")
    client.force_login(staff)

    # session, user, grants, congress, count, page with its counts
    with django_assert_num_queries(6):
        response = client.get(reverse("documents:document-list", args=[congress.pk]))

    rows = list(response.context["page"])
    assert [(d.version_count, d.round_count, d.comment_count) for d in rows] == [
        (1, 1, 3)
    ] * documents


# --- Lists: query counts ---------------------------------------------------------------------


@pytest.mark.parametrize("directives", [1, 8])
def test_directive_list_query_count_is_constant(
    client, tree, term, staff, directives, django_assert_num_queries
):
    cells = OrganizationFactory.create_batch(2, parent=tree["xuan_la"])
    for index in range(directives):
        services.create_directive(
            organization=cells[index % 2],
            term=term,
            actor=None,
            number=f"{index}-HD/CB",
            issued_on=datetime.date(2024, 9, 1),
            title="Hướng dẫn",
            issuing_body="Chi bộ",
        )
    client.force_login(staff)

    # session, user, grants, organization, count, page with organizations and terms
    with django_assert_num_queries(6):
        response = client.get(reverse("documents:directive-list", args=[tree["tay_ho"].pk]))

    assert len(response.context["page"]) == directives


@pytest.mark.parametrize("tasks", [1, 8])
def test_followup_list_query_count_is_constant(
    client, tree, term, staff, tasks, django_assert_num_queries
):
    cells = OrganizationFactory.create_batch(2, parent=tree["xuan_la"])
    for index in range(tasks):
        services.create_follow_up(
            organization=cells[index % 2],
            term=term,
            actor=None,
            kind=TaskKind.ASSIGNMENT,
            title=f"Phân công {index}",
            owner="Ủy viên BTV",
            deadline=datetime.date(2025, 1, 1),
        )
    client.force_login(staff)

    # session, user, grants, organization, count, page with organizations, status counts
    with django_assert_num_queries(7):
        response = client.get(reverse("documents:followup-list", args=[tree["tay_ho"].pk]))

    assert len(response.context["page"]) == tasks


# --- Follow-up tasks -------------------------------------------------------------------------


def test_followup_overdue_filter_and_counts(client, tree, term, leader):
    today = timezone.localdate()
    for offset, status in [(-5, "todo"), (-1, "done"), (3, "in_progress")]:
        services.create_follow_up(
            organization=tree["xuan_la"],
            term=term,
            actor=None,
            kind=TaskKind.OTHER,
            title=f"Việc {offset}",
            owner="Văn phòng",
            deadline=today + datetime.timedelta(days=offset),
            status=status,
        )
    client.force_login(leader)

    response = client.get(
        reverse("documents:followup-list", args=[tree["tay_ho"].pk]), {"show": "overdue"}
    )

    assert [task.title for task in response.context["page"]] == ["Việc -5"]
    assert response.context["counts"] == {
        "total": 3,
        "todo": 1,
        "in_progress": 1,
        "done": 1,
        "overdue": 1,
    }
    body = response.content.decode()
    assert reverse("documents:followup-create", args=[tree["tay_ho"].pk]) not in body


def test_followup_stale_edit_shows_the_error_and_keeps_the_other_change(client, world, staff):
    task = world["task"]
    loaded_version = task.version
    services.update_follow_up(task=task, actor=None, expected_version=loaded_version, owner="X")
    client.force_login(staff)

    response = client.post(
        reverse("documents:followup-edit", args=[task.pk]),
        {
            "kind": task.kind,
            "title": "Bản sửa cũ",
            "owner": "Y",
            "deadline": "30/06/2025",
            "status": TaskStatus.TODO,
            "version": loaded_version,
        },
    )

    assert response.status_code == 200
    assert len(response.context["form"].non_field_errors()) == 1
    task.refresh_from_db()
    assert (task.title, task.owner) == ("Xây dựng quy chế làm việc", "X")


def test_followup_done_marks_it_completed_today(client, world, secretary):
    client.force_login(secretary)
    task = world["task"]

    response = client.post(
        reverse("documents:followup-done", args=[task.pk]), {"version": task.version}
    )

    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.done_on) == (TaskStatus.DONE, timezone.localdate())


def test_superuser_sees_other_districts_documents(client, world):
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(reverse("documents:document-list", args=[world["other_congress"].pk]))

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("number", "named"),
    [("2150-CV/TU", "công văn số 2150-CV/TU"), ("123-QĐ/QU", "quyết định số 123-QĐ/QU")],
)
def test_an_approval_is_named_by_its_documents_kind(client, world, staff, number, named):
    """R-RP-11: the kind is read from the symbol; an official letter is not a decision."""
    client.force_login(staff)
    document = world["document"]
    response = client.post(
        reverse("documents:document-approve", args=[document.pk]),
        {
            "approved_on": "15/04/2025",
            "approval_number": number,
            "approval_body": "Ban Thường vụ Quận ủy Tây Hồ",
            "version": document.version,
        },
    )
    assert response.status_code == 302

    page = client.get(reverse("documents:document-detail", args=[document.pk]))

    text = " ".join(page.content.decode().split())
    assert f"Đã được Ban Thường vụ Quận ủy Tây Hồ phê duyệt, {named} ngày 15/04/2025." in text
