import datetime
from pathlib import Path

import polib
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext

from audit.models import AuditEvent
from documents import selectors, services
from documents.choices import DocumentKind, TaskKind, TaskStatus
from documents.models import CongressDocument, DirectiveDocument, DocumentVersion, FollowUpTask
from organizations.services import StaleEditError, move_organization
from tests.documents.conftest import (
    PDF_BYTES,
    docx_bytes,
    docx_upload,
    make_congress,
    pdf_upload,
)
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

CATALOG = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def catalog_vietnamese(english):
    entry = polib.pofile(str(CATALOG)).find(english)
    return entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr


def assert_vietnamese(english, vietnamese):
    """The Vietnamese catalog says exactly `vietnamese`, and so does the compiled catalog."""
    assert catalog_vietnamese(english) == vietnamese
    with translation.override("vi"):
        assert gettext(english) == vietnamese


def refusal(call, language="en"):
    """The messages of the ValidationError `call` raises, in `language`."""
    with translation.override(language), pytest.raises(ValidationError) as error:
        call()
    return error.value


# --- Discussion counts -----------------------------------------------------------------------


def test_counts_of_three_rounds_and_37_comments_in_one_query(world, django_assert_num_queries):
    document = world["document"]
    rounds = [world["round"]] + [
        services.add_round(document=document, actor=None, held_on=datetime.date(2025, 3, day))
        for day in (10, 20)
    ]
    for discussion, count in zip(rounds, (12, 12, 13), strict=True):
        for index in range(count):
            services.add_comment(
                discussion=discussion, actor=None, author=f"Chi bộ {index}", content="Góp ý"
            )

    with django_assert_num_queries(1):
        counts = selectors.discussion_counts(document)

    assert counts == {"rounds": 3, "comments": 37}
    with translation.override("en"):
        assert selectors.discussion_summary(3, 37) == "3 discussion rounds, 37 comments"
    assert_vietnamese("%(count)s discussion round", "%(count)s vòng thảo luận")
    assert_vietnamese("%(count)s comment", "%(count)s ý kiến")
    with translation.override("vi"):
        summary = selectors.discussion_summary(3, 37)
    assert summary == "3 vòng thảo luận, 37 ý kiến"


def test_list_annotation_counts_rounds_and_comments_despite_the_joins(world):
    document = world["document"]
    services.add_version(document=document, actor=None, text="Dự thảo lần 2")
    second = services.add_round(document=document, actor=None, held_on=datetime.date(2025, 4, 1))
    for discussion in (world["round"], second):
        for _index in range(3):
            services.add_comment(discussion=discussion, actor=None, author="A", content="B")

    row = CongressDocument.objects.with_discussion_counts().get(pk=document.pk)

    assert (row.round_count, row.comment_count) == (2, 6)


def test_a_round_without_comments_counts_as_a_round(world):
    assert selectors.discussion_counts(world["document"]) == {"rounds": 1, "comments": 0}


# --- Versions and uploads --------------------------------------------------------------------


def test_versions_are_numbered_per_document_and_stored_under_congress_documents(world):
    document = world["document"]
    other = services.create_document(
        congress=world["congress"], actor=None, kind=DocumentKind.ACTION_PROGRAM, title="CTHĐ"
    )

    second = services.add_version(document=document, actor=None, file=docx_upload())
    first_of_other = services.add_version(document=other, actor=None, text="Nội dung")

    assert (world["version"].number, second.number, first_of_other.number) == (1, 2, 1)
    assert second.file.name.startswith("congress-documents/")
    assert second.file.name.endswith(".docx")
    assert default_storage.exists(second.file.name)
    assert first_of_other.file.name == ""
    assert first_of_other.text == "Nội dung"


@pytest.mark.parametrize(
    ("upload", "english", "vietnamese"),
    [
        (
            lambda: pdf_upload("du-thao.exe"),
            "Only PDF or DOCX files can be uploaded.",
            "Chỉ được tải lên tệp PDF hoặc DOCX.",
        ),
        (
            lambda: pdf_upload("du-thao"),
            "Only PDF or DOCX files can be uploaded.",
            "Chỉ được tải lên tệp PDF hoặc DOCX.",
        ),
        (
            lambda: pdf_upload("du-thao.pdf", b"<html>not a pdf</html>"),
            "The content of the file is not a PDF document.",
            "Nội dung tệp không phải là văn bản PDF.",
        ),
        (
            lambda: docx_upload("du-thao.docx", PDF_BYTES),
            "The content of the file is not a DOCX document.",
            "Nội dung tệp không phải là văn bản DOCX.",
        ),
        (
            # A zip, but not a Word document.
            lambda: docx_upload("du-thao.docx", docx_bytes(entries=("xl/workbook.xml",))),
            "The content of the file is not a DOCX document.",
            "Nội dung tệp không phải là văn bản DOCX.",
        ),
        (
            lambda: pdf_upload("du-thao.pdf", PDF_BYTES.ljust(20 * 1024 * 1024 + 1, b" ")),
            "The file is larger than 20 MB.",
            "Tệp lớn hơn 20 MB.",
        ),
    ],
    ids=["extension", "no-extension", "pdf-magic", "docx-magic", "docx-entry", "size"],
)
def test_upload_refused_with_its_reason_and_nothing_stored(world, upload, english, vietnamese):
    document = world["document"]
    before = (DocumentVersion.objects.count(), AuditEvent.objects.count(), document.version)

    def call():
        services.add_version(document=document, actor=None, file=upload())

    error = refusal(call)
    in_vietnamese = refusal(call, "vi")

    assert error.message_dict == {"file": [english]}
    assert in_vietnamese.message_dict["file"] == [vietnamese]
    document.refresh_from_db()
    assert (DocumentVersion.objects.count(), AuditEvent.objects.count(), document.version) == (
        before
    )


def test_upload_messages_have_their_vietnamese():
    assert_vietnamese(
        "Only PDF or DOCX files can be uploaded.", "Chỉ được tải lên tệp PDF hoặc DOCX."
    )
    assert_vietnamese(
        "The content of the file is not a %(kind)s document.",
        "Nội dung tệp không phải là văn bản %(kind)s.",
    )
    assert_vietnamese("The file is larger than %(limit)s MB.", "Tệp lớn hơn %(limit)s MB.")


def test_exactly_20_mb_is_accepted(world):
    content = PDF_BYTES.ljust(20 * 1024 * 1024, b" ")

    version = services.add_version(
        document=world["document"], actor=None, file=pdf_upload(content=content)
    )

    assert version.file.size == 20 * 1024 * 1024


@pytest.mark.parametrize(
    ("values", "english"),
    [
        ({"text": "  "}, "Upload a file or paste the text."),
        ({"text": "Nội dung", "file": "pdf"}, "Upload a file or paste the text, not both."),
    ],
)
def test_version_needs_exactly_one_of_file_and_text(world, values, english):
    if values.get("file"):
        values = {**values, "file": pdf_upload()}

    error = refusal(lambda: services.add_version(document=world["document"], actor=None, **values))

    assert error.messages == [english]


# --- Approval --------------------------------------------------------------------------------


def approval(**overrides):
    return {
        "approved_on": datetime.date(2025, 4, 15),
        "approval_number": "123-QĐ/QU",
        "approval_body": "Ban Thường vụ Quận ủy Tây Hồ",
        **overrides,
    }


def test_approval_refused_without_a_version(world):
    document = services.create_document(
        congress=world["congress"], actor=None, kind=DocumentKind.COMMITTEE_REVIEW, title="BCKĐ"
    )

    error = refusal(
        lambda: services.approve_document(
            document=document, actor=None, expected_version=document.version, **approval()
        )
    )

    assert error.messages == ["A document without any version cannot be approved."]
    assert_vietnamese(
        "A document without any version cannot be approved.",
        "Chưa có bản dự thảo nào thì không thể phê duyệt văn kiện.",
    )
    document.refresh_from_db()
    assert document.approved_on is None


def test_approval_recorded_with_audit_and_then_versions_refused(world):
    document = world["document"]

    services.approve_document(
        document=document, actor=None, expected_version=document.version, **approval()
    )

    document.refresh_from_db()
    assert (document.approved_on, document.approval_number, document.approval_body) == (
        datetime.date(2025, 4, 15),
        "123-QĐ/QU",
        "Ban Thường vụ Quận ủy Tây Hồ",
    )
    event = AuditEvent.objects.filter(action="congress_document.approved").get()
    assert event.data["version_number"] == 1
    error = refusal(
        lambda: services.add_version(document=document, actor=None, text="Sửa sau khi duyệt")
    )
    assert error.messages == ["The document is approved; it can no longer change."]


def test_approval_with_a_stale_version_is_refused(world):
    document = world["document"]
    loaded_version = document.version
    services.add_version(document=document, actor=None, text="Dự thảo 2")

    with pytest.raises(StaleEditError):
        services.approve_document(
            document=document, actor=None, expected_version=loaded_version, **approval()
        )

    document.refresh_from_db()
    assert document.approved_on is None


def test_approval_date_cannot_be_in_the_future(world):
    document = world["document"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as error:
        services.approve_document(
            document=document,
            actor=None,
            expected_version=document.version,
            **approval(approved_on=tomorrow),
        )

    assert error.value.message_dict.keys() == {"approved_on"}


# --- Directives ------------------------------------------------------------------------------


def test_directive_keeps_path_copy_search_key_and_file(world, tree):
    directive = world["directive"]

    assert directive.org_path == tree["xuan_la"].path
    assert directive.search_key == "15-hd/du huong dan to chuc dai hoi chi bo"
    assert directive.file.name.startswith("directives/")
    assert AuditEvent.objects.filter(action="directive.created", target_id=directive.pk).exists()


def test_directive_number_is_unique_per_committee_and_term(world, tree, term):
    with pytest.raises(ValidationError) as error:
        services.create_directive(
            organization=tree["xuan_la"],
            term=term,
            actor=None,
            number="15-HD/ĐU",
            issued_on=datetime.date(2024, 9, 2),
            title="Trùng số",
            issuing_body="Đảng ủy",
        )

    assert error.value.message_dict.keys() == {"number"}


def test_delete_directive_removes_its_file_after_commit(world, django_capture_on_commit_callbacks):
    directive = world["directive"]
    name = directive.file.name

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_directive(directive=directive, actor=None)

    assert not DirectiveDocument.objects.filter(pk=directive.pk).exists()
    assert not default_storage.exists(name)
    assert AuditEvent.objects.filter(action="directive.deleted").count() == 1


def test_moving_an_organization_rewrites_the_path_copies(world, tree):
    new_city = OrganizationFactory(code="HCM")
    new_district = OrganizationFactory(code="HCM-Q1", parent=new_city)

    move_organization(organization=tree["xuan_la"], new_parent=new_district, actor=None)

    tree["xuan_la"].refresh_from_db()
    path = tree["xuan_la"].path
    assert DirectiveDocument.objects.get(pk=world["directive"].pk).org_path == path
    assert CongressDocument.objects.get(pk=world["document"].pk).org_path == path
    assert FollowUpTask.objects.get(pk=world["task"].pk).org_path == path


# --- Follow-up tasks -------------------------------------------------------------------------


def test_stale_task_edit_is_refused_and_changes_nothing(world):
    task = world["task"]
    loaded_version = task.version
    services.update_follow_up(
        task=task, actor=None, expected_version=loaded_version, owner="Đồng chí Bí thư"
    )

    error = refusal(
        lambda: services.update_follow_up(
            task=task, actor=None, expected_version=loaded_version, title="Bản sửa cũ"
        )
    )

    assert isinstance(error, StaleEditError)
    assert error.messages == ["Someone else changed this task. Reload and try again."]
    assert_vietnamese(
        "Someone else changed this task. Reload and try again.",
        "Người khác vừa sửa nhiệm vụ này. Hãy tải lại trang rồi thử lại.",
    )
    task.refresh_from_db()
    assert (task.title, task.owner) == ("Xây dựng quy chế làm việc", "Đồng chí Bí thư")


def test_mark_done_sets_today_and_reopening_clears_it(world):
    task = world["task"]

    services.mark_follow_up_done(task=task, actor=None, expected_version=task.version)
    assert (task.status, task.done_on) == (TaskStatus.DONE, timezone.localdate())

    services.update_follow_up(
        task=task, actor=None, expected_version=task.version, status=TaskStatus.IN_PROGRESS
    )
    assert (task.status, task.done_on) == (TaskStatus.IN_PROGRESS, None)


def test_overdue_and_counts_in_one_query(tree, term, django_assert_num_queries):
    today = timezone.localdate()
    for offset, status in [(-5, "todo"), (-1, "in_progress"), (-3, "done"), (2, "todo")]:
        services.create_follow_up(
            organization=tree["xuan_la"],
            term=term,
            actor=None,
            kind=TaskKind.INSPECTION_PROGRAM,
            title=f"Việc {offset}",
            owner="UBKT",
            deadline=today + datetime.timedelta(days=offset),
            status=status,
        )

    with django_assert_num_queries(1):
        counts = FollowUpTask.objects.in_subtree(tree["tay_ho"]).status_counts(as_of=today)

    assert counts == {"total": 4, "todo": 2, "in_progress": 1, "done": 1, "overdue": 2}
    assert FollowUpTask.objects.in_subtree(tree["long_bien"]).count() == 0


def test_congress_document_copies_the_congress_organization(tree):
    congress = make_congress(tree["tay_ho"])

    document = services.create_document(
        congress=congress, actor=None, kind=DocumentKind.OTHER, title="Quy chế bầu cử"
    )

    assert (document.organization_id, document.org_path) == (tree["tay_ho"].pk, congress.org_path)
