"""Every change to directives, congress documents and follow-up tasks goes through here."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record_audit
from core.editing import StaleEditError, versioned_update
from core.text import normalize_text, search_key
from documents.choices import TaskStatus
from documents.models import (
    Comment,
    CongressDocument,
    DirectiveDocument,
    DiscussionRound,
    DocumentVersion,
    FollowUpTask,
)
from documents.uploads import check_document_file


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _not_in_future(field, value):
    if value and value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _checked_file(field, uploaded):
    if not uploaded:
        return None
    try:
        check_document_file(uploaded)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    return uploaded


def _text(value):
    """Multi-line text: line breaks kept, surrounding blanks removed."""
    return (value or "").strip()


# --- Directive documents ---------------------------------------------------------------------


def _check_number_free(organization, term, number):
    """Refuse a directive number the committee already used in the term."""
    if DirectiveDocument.objects.filter(
        organization=organization, term=term, number=number
    ).exists():
        raise ValidationError(
            {"number": _("This committee already has a directive with this number in the term.")}
        )


@transaction.atomic
def create_directive(
    *, organization, term, actor, number, issued_on, title, issuing_body, file=None
):
    """Record a directive issued by `organization` for `term`, with its file if given.

    Refuses a date in the future, a number already used by the same committee in the term and
    a file that is not a PDF/DOCX of at most 20 MB. Side effects: the row, the file in the
    default storage (directives/), an audit row.
    """
    number = normalize_text(number)
    title = normalize_text(title)
    _not_in_future("issued_on", issued_on)
    _check_number_free(organization, term, number)
    directive = DirectiveDocument(
        organization=organization,
        org_path=organization.path,
        term=term,
        number=number,
        issued_on=issued_on,
        title=title,
        issuing_body=normalize_text(issuing_body),
        search_key=f"{search_key(number)} {search_key(title)}",
        created_by=_user(actor),
    )
    checked = _checked_file("file", file)
    if checked is not None:
        directive.file = checked
    directive.save()
    record_audit(
        actor=actor,
        action="directive.created",
        target=directive,
        data={"number": number, "term": term.name, "file": directive.file.name or ""},
        organization_path=organization.path,
    )
    return directive


@transaction.atomic
def delete_directive(*, directive, actor):
    """Delete a directive; its file leaves the storage once the deletion is committed."""
    record_audit(
        actor=actor,
        action="directive.deleted",
        target=directive,
        data={
            "number": directive.number,
            "title": directive.title,
            "issued_on": directive.issued_on,
            "file": directive.file.name or "",
        },
        organization_path=directive.org_path,
    )
    file_name, storage = directive.file.name, directive.file.storage
    directive.delete()
    if file_name:
        transaction.on_commit(lambda: storage.delete(file_name))


# --- Congress documents ----------------------------------------------------------------------


@transaction.atomic
def create_document(*, congress, actor, kind, title):
    """A document of `congress`; it carries the congress's organization and path."""
    document = CongressDocument.objects.create(
        congress=congress,
        organization_id=congress.organization_id,
        org_path=congress.org_path,
        kind=kind,
        title=normalize_text(title),
        created_by=_user(actor),
    )
    record_audit(
        actor=actor,
        action="congress_document.created",
        target=document,
        data={"congress": congress.pk, "kind": kind},
        organization_path=document.org_path,
    )
    return document


def _last_number(numbered):
    """The highest `number` among `numbered` (a document's versions or rounds), None if none."""
    return numbered.aggregate(last=Max("number"))["last"]


def _check_file_or_text(file, text):
    """Refuse a version with both a file and pasted text, or with neither."""
    if file and text:
        raise ValidationError(_("Upload a file or paste the text, not both."))
    if not file and not text:
        raise ValidationError(_("Upload a file or paste the text."))


def _locked_unapproved(document):
    locked = CongressDocument.objects.select_for_update().get(pk=document.pk)
    if locked.approved_on is not None:
        raise ValidationError(_("The document is approved; it can no longer change."))
    return locked


@transaction.atomic
def add_version(*, document, actor, file=None, text="", note=""):
    """A new version of `document`, numbered after the last: an uploaded PDF/DOCX (checked by
    extension, first bytes and size) or pasted text, not both.

    Refuses once the document is approved. Side effects: the version row, the file in the
    default storage (congress-documents/), the document's version counter, an audit row.
    """
    text = _text(text)
    _check_file_or_text(file, text)
    checked = _checked_file("file", file)
    locked = _locked_unapproved(document)
    last = _last_number(locked.versions) or 0
    version = DocumentVersion(
        document=locked,
        number=last + 1,
        text=text,
        note=normalize_text(note),
        uploaded_by=_user(actor),
    )
    if checked is not None:
        version.file = checked
    version.save()
    # A new draft changes what an approval would approve: a form loaded before it is stale.
    CongressDocument.objects.filter(pk=locked.pk).update(version=F("version") + 1)
    record_audit(
        actor=actor,
        action="congress_document.version_added",
        target=locked,
        data={
            "number": version.number,
            "file": version.file.name or "",
            "size": checked.size if checked is not None else len(text),
        },
        organization_path=locked.org_path,
    )
    document.refresh_from_db(fields=["version"])
    return version


@transaction.atomic
def add_round(*, document, actor, held_on, note=""):
    """A discussion round of `document`, numbered after the last one."""
    _not_in_future("held_on", held_on)
    locked = _locked_unapproved(document)
    last = _last_number(locked.rounds) or 0
    discussion = DiscussionRound.objects.create(
        document=locked, number=last + 1, held_on=held_on, note=_text(note)
    )
    record_audit(
        actor=actor,
        action="congress_document.round_added",
        target=locked,
        data={"round": discussion.number, "held_on": held_on},
        organization_path=locked.org_path,
    )
    return discussion


@transaction.atomic
def add_comment(*, discussion, actor, author, content, accepted=None):
    """A comment received in `discussion` (from a person or an organization, as free text);
    `accepted` None means not decided yet."""
    comment = Comment.objects.create(
        round=discussion,
        author=normalize_text(author),
        content=_text(content),
        accepted=accepted,
    )
    record_audit(
        actor=actor,
        action="congress_document.comment_added",
        target=comment,
        data={"round": discussion.pk, "author": comment.author, "accepted": accepted},
        organization_path=discussion.document.org_path,
    )
    return comment


@transaction.atomic
def approve_document(
    *, document, actor, expected_version, approved_on, approval_number, approval_body
):
    """Record the approval of `document` by the committee above.

    Refuses a document without any version, one already approved, a date in the future and a
    stale form (compare-and-set on `version`). Side effects: the UPDATE, an audit row.
    """
    _not_in_future("approved_on", approved_on)
    if document.approved_on is not None:
        raise ValidationError(_("The document is already approved."))
    last = _last_number(document.versions)
    if last is None:
        raise ValidationError(_("A document without any version cannot be approved."))
    changes = {
        "approved_on": approved_on,
        "approval_number": normalize_text(approval_number),
        "approval_body": normalize_text(approval_body),
    }
    updated = CongressDocument.objects.filter(
        pk=document.pk, version=expected_version, approved_on__isnull=True
    ).update(version=F("version") + 1, **changes)
    if updated != 1:
        raise StaleEditError(_("Someone else changed this document. Reload and try again."))
    record_audit(
        actor=actor,
        action="congress_document.approved",
        target=document,
        data={**changes, "version_number": last},
        organization_path=document.org_path,
    )
    document.refresh_from_db()
    return document


# --- Follow-up tasks -------------------------------------------------------------------------

TASK_FIELDS = ("kind", "title", "owner", "deadline", "status", "started_on", "done_on")
# The moves that keep the day a task started: in progress → completed, and back.
KEEPS_START = {
    (TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS),
    (TaskStatus.IN_PROGRESS, TaskStatus.DONE),
    (TaskStatus.DONE, TaskStatus.DONE),
    (TaskStatus.DONE, TaskStatus.IN_PROGRESS),
}


def _task_dates(status, done_on):
    """A done task has its completion date (today unless given); an open one has none."""
    if status == TaskStatus.DONE:
        done_on = done_on or timezone.localdate()
        _not_in_future("done_on", done_on)
        return done_on
    return None


def _start_date(status, started_on, done_on, *, was=None, started_before=None, set_on):
    """The day a task moved to in progress (its status on an earlier day was "to do"): none
    for a task to do; else the day given, or: kept when it stays in progress or completed
    (unknown stays unknown); the day it was set for a task created in progress; today for a
    task to do now in progress; the day it was completed for a task to do now completed (it
    was to do until then); unknown for a task created completed. Never in the future, before
    `set_on` (the day the task was set) nor after the day it was done."""
    if status == TaskStatus.TODO:
        return None
    if started_on is None:
        if (was, status) in KEEPS_START:
            if started_before and done_on and done_on < started_before:
                raise ValidationError(
                    {
                        "done_on": _("The task started on %(day)s: it cannot be completed before.")
                        % {"day": started_before.strftime("%d/%m/%Y")}
                    }
                )
            return started_before
        if status == TaskStatus.IN_PROGRESS:
            return set_on if was is None else max(timezone.localdate(), set_on)
        if was == TaskStatus.TODO:
            return done_on
        return None
    _not_in_future("started_on", started_on)
    if set_on and started_on < set_on:
        raise ValidationError(
            {
                "started_on": _("A task cannot start before the day it was set (%(day)s).")
                % {"day": set_on.strftime("%d/%m/%Y")}
            }
        )
    if done_on and started_on > done_on:
        raise ValidationError({"started_on": _("A task cannot start after it was completed.")})
    return started_on


@transaction.atomic
def create_follow_up(
    *,
    organization,
    term,
    actor,
    kind,
    title,
    owner,
    deadline,
    status=TaskStatus.TODO,
    done_on=None,
    started_on=None,
    document=None,
    created_on=None,
):
    """A follow-up task set on `created_on` (today unless given; a task entered after the fact
    names the day it was set, at the latest the day it started or was done). A task created
    in progress started on `started_on`, else the day it was set (_start_date)."""
    done_on = _task_dates(status, done_on)
    created_on = created_on or timezone.localdate()
    _not_in_future("created_on", created_on)
    if done_on and done_on < created_on:
        created_on = done_on
    if status != TaskStatus.TODO and started_on and started_on < created_on:
        created_on = started_on
    started_on = _start_date(status, started_on, done_on, set_on=created_on)
    task = FollowUpTask.objects.create(
        document=document,
        organization=organization,
        org_path=organization.path,
        term=term,
        kind=kind,
        title=normalize_text(title),
        owner=normalize_text(owner),
        deadline=deadline,
        status=status,
        done_on=done_on,
        started_on=started_on,
        created_on=created_on,
    )
    record_audit(
        actor=actor,
        action="follow_up.created",
        target=task,
        data={
            "kind": kind,
            "deadline": deadline,
            "status": status,
            "started_on": started_on,
            "created_on": created_on,
            "document": document.pk if document else None,
        },
        organization_path=organization.path,
    )
    return task


@transaction.atomic
def update_follow_up(*, task, actor, expected_version, **changes):
    """Change a follow-up task; refuses a stale edit. Audited with before and after."""
    unknown = set(changes) - set(TASK_FIELDS)
    if unknown:
        raise TypeError(f"cannot change {sorted(unknown)} here")
    for name in ("title", "owner"):
        if name in changes:
            changes[name] = normalize_text(changes[name])
    status = changes.get("status", task.status)
    changes["done_on"] = _task_dates(status, changes.get("done_on", task.done_on))
    # The day it moved to in progress: kept, or dated by this change (_start_date).
    changes["started_on"] = _start_date(
        status,
        changes.get("started_on"),
        changes["done_on"],
        was=task.status,
        started_before=task.started_on,
        set_on=task.created_on,
    )
    return versioned_update(
        instance=task,
        changes=changes,
        expected_version=expected_version,
        actor=actor,
        action="follow_up.updated",
        stale_message=_("Someone else changed this task. Reload and try again."),
        organization_path=task.org_path,
    )


def mark_follow_up_done(*, task, actor, expected_version, done_on=None):
    """Mark a task done (today unless `done_on` is given); compare-and-set like an edit."""
    return update_follow_up(
        task=task,
        actor=actor,
        expected_version=expected_version,
        status=TaskStatus.DONE,
        done_on=done_on,
    )
