from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congresses.models import Congress
from congresses.terms import chosen_term
from core.asof import on_or_before, page_as_of, page_context
from core.document_symbols import approval_sentence
from core.forms import add_service_errors
from core.navigation import query_without_page
from core.text import search_key
from documents import selectors, services
from documents.choices import TaskStatus
from documents.forms import (
    ApprovalForm,
    CommentForm,
    DirectiveForm,
    DocumentForm,
    DoneForm,
    FollowUpFilterForm,
    FollowUpForm,
    RoundForm,
    SearchForm,
    VersionForm,
)
from documents.models import (
    CongressDocument,
    DirectiveDocument,
    DiscussionRound,
    DocumentVersion,
    FollowUpTask,
)
from organizations import access
from organizations.choices import Role

PAGE_SIZE = 25
# Rule R-EL-02 as for congress results: the approval by the committee above is recorded by
# the district staff (or a site administrator), not by the secretary whose documents they are.
APPROVING_ROLES = {Role.STAFF}


def _attachment(field_file, name):
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True, filename=name)


# --- Directive documents ---------------------------------------------------------------------


@login_required
@require_GET
def directive_list(request, pk):
    """Directives issued across the subtree on or before the page's date (core.asof), newest
    first; search ignores accents and case."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    as_of = page_as_of(request)
    form = SearchForm(request.GET or None)
    directives = (
        DirectiveDocument.objects.in_subtree_on(organization, as_of)
        .filter(on_or_before("issued_on", as_of))
        .select_related("organization", "term")
    )
    if form.is_valid() and form.cleaned_data["q"]:
        directives = directives.filter(search_key__contains=search_key(form.cleaned_data["q"]))
    page = Paginator(directives, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/directive_list.html",
        {
            "organization": organization,
            "form": form,
            "page": page,
            "filters": query_without_page(request),
            "can_write": access.can_write(request.user, organization),
            **page_context(as_of),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def directive_create(request, pk):
    organization = access.get_visible_organization_or_404(request.user, pk)
    access.require_write(request.user, organization)
    term = chosen_term(request, organization)
    form = DirectiveForm(
        request.POST or None,
        request.FILES or None,
        initial={"term": term.pk if term else None, "issuing_body": organization.name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            directive = services.create_directive(
                organization=organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Directive %(number)s was recorded.") % {"number": directive.number}
            )
            return redirect("documents:directive-list", pk=organization.pk)
    return render(
        request,
        "documents/directive_form.html",
        {"organization": organization, "form": form},
    )


def _visible_directive_or_404(user, pk):
    return get_object_or_404(
        DirectiveDocument.objects.visible_to(user).select_related("organization", "term"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def directive_delete(request, pk):
    """A confirmation page; the POST deletes."""
    directive = _visible_directive_or_404(request.user, pk)
    access.require_write(request.user, directive.organization)
    if request.method == "POST":
        services.delete_directive(directive=directive, actor=request.user)
        messages.success(
            request, _("Directive %(number)s was deleted.") % {"number": directive.number}
        )
        return redirect("documents:directive-list", pk=directive.organization_id)
    return render(
        request,
        "documents/directive_confirm_delete.html",
        {"organization": directive.organization, "directive": directive},
    )


@login_required
@require_GET
def directive_download(request, pk):
    directive = _visible_directive_or_404(request.user, pk)
    return _attachment(directive.file, directive.file_name)


# --- Congress documents ----------------------------------------------------------------------


def _visible_congress_or_404(user, pk):
    return get_object_or_404(
        Congress.objects.visible_to(user).select_related("organization", "term"), pk=pk
    )


def _visible_document_or_404(user, pk):
    return get_object_or_404(
        CongressDocument.objects.visible_to(user).select_related(
            "congress__organization", "congress__term"
        ),
        pk=pk,
    )


@login_required
@require_GET
def document_list(request, pk):
    """The documents of one congress there on the page's date (core.asof), with their
    versions uploaded, rounds held and those rounds' comments by then counted in the same
    grouped query; an approval dated after it is not shown."""
    congress = _visible_congress_or_404(request.user, pk)
    as_of = page_as_of(request)
    documents = (
        CongressDocument.objects.filter(congress=congress)
        .on(as_of)
        .with_discussion_counts(as_of=as_of)
        .order_by("kind", "pk")
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/document_list.html",
        {
            "congress": congress,
            "organization": congress.organization,
            "page": page,
            "filters": query_without_page(request),
            "can_write": access.can_write(request.user, congress.organization),
            **page_context(as_of),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_create(request, pk):
    congress = _visible_congress_or_404(request.user, pk)
    access.require_write(request.user, congress.organization)
    form = DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        document = services.create_document(
            congress=congress, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("The document was created. Add its first version."))
        return redirect("documents:document-detail", pk=document.pk)
    return render(
        request,
        "documents/document_form.html",
        {"congress": congress, "organization": congress.organization, "form": form},
    )


@login_required
@require_GET
def document_detail(request, pk):
    """A document as it stood on the page's date (core.asof): its versions uploaded, its
    rounds held by then with their comments, its approval when dated by then. The buttons
    add to today's document."""
    document = _visible_document_or_404(request.user, pk)
    congress = document.congress
    as_of = page_as_of(request)
    counts = selectors.discussion_counts(document, as_of=as_of)
    rounds = list(
        document.rounds.filter(on_or_before("held_on", as_of)).prefetch_related("comments")
    )
    approved_then = document.approved_on is not None and document.approved_on <= as_of
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "congress": congress,
            "organization": congress.organization,
            "versions": document.versions.uploaded_by_then(as_of).select_related("uploaded_by"),
            "rounds": rounds,
            "approved_then": approved_then,
            "approval": approved_then
            and approval_sentence(
                body=document.approval_body,
                number=document.approval_number,
                date=date_format(document.approved_on, "SHORT_DATE_FORMAT"),
            ),
            # There by then (CongressDocumentQuerySet.on): recorded, approved or discussed.
            "recorded_then": approved_then
            or bool(rounds)
            or timezone.localdate(document.created_at) <= as_of,
            **page_context(as_of),
            "counts": counts,
            "summary": selectors.discussion_summary(counts["rounds"], counts["comments"]),
            "can_write": access.can_write(request.user, congress.organization),
            "can_approve": access.has_role(request.user, congress.organization, APPROVING_ROLES),
        },
    )


def _document_form_page(request, document, form, template):
    return render(
        request,
        template,
        {
            "document": document,
            "congress": document.congress,
            "organization": document.congress.organization,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request, pk):
    document = _visible_document_or_404(request.user, pk)
    access.require_write(request.user, document.congress.organization)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.add_version(
                document=document, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Version %(number)s was added.") % {"number": version.number}
            )
            return redirect("documents:document-detail", pk=document.pk)
    return _document_form_page(request, document, form, "documents/version_form.html")


@login_required
@require_GET
def version_download(request, pk):
    version = get_object_or_404(
        DocumentVersion.objects.visible_to(request.user).select_related("document"),
        pk=pk,
    )
    return _attachment(version.file, version.file_name)


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request, pk):
    document = _visible_document_or_404(request.user, pk)
    access.require_write(request.user, document.congress.organization)
    form = RoundForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            discussion = services.add_round(
                document=document, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Discussion round %(number)s was added.") % {"number": discussion.number},
            )
            return redirect("documents:document-detail", pk=document.pk)
    return _document_form_page(request, document, form, "documents/round_form.html")


@login_required
@require_http_methods(["GET", "POST"])
def comment_create(request, pk):
    discussion = get_object_or_404(
        DiscussionRound.objects.visible_to(request.user).select_related(
            "document__congress__organization", "document__congress__term"
        ),
        pk=pk,
    )
    document = discussion.document
    access.require_write(request.user, document.congress.organization)
    form = CommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_comment(discussion=discussion, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The comment was recorded."))
        if "another" in request.POST:
            return redirect("documents:comment-create", pk=discussion.pk)
        return redirect("documents:document-detail", pk=document.pk)
    return render(
        request,
        "documents/comment_form.html",
        {
            "document": document,
            "discussion": discussion,
            "congress": document.congress,
            "organization": document.congress.organization,
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_approve(request, pk):
    document = _visible_document_or_404(request.user, pk)
    access.require_role(request.user, document.congress.organization, APPROVING_ROLES)
    form = ApprovalForm(request.POST or None, initial={"version": document.version})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected_version = data.pop("version")
        try:
            services.approve_document(
                document=document, actor=request.user, expected_version=expected_version, **data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The approval of the document was recorded."))
            return redirect("documents:document-detail", pk=document.pk)
    return _document_form_page(request, document, form, "documents/approve_form.html")


# --- Follow-up tasks -------------------------------------------------------------------------


def _shown_tasks(tasks, show, today):
    """The tasks overdue, open or done on `today` (the page's date: `with_status_on`), as
    `show` asks (all of them otherwise)."""
    if show == "overdue":
        return tasks.filter(overdue_on=True)
    if show == "open":
        return tasks.exclude(status_on=TaskStatus.DONE)
    if show == "done":
        return tasks.filter(status_on=TaskStatus.DONE)
    return tasks


def _filtered_tasks(tasks, data, today):
    """The tasks narrowed by the filter form's cleaned data."""
    tasks = _shown_tasks(tasks, data["show"], today)
    if data["kind"]:
        tasks = tasks.filter(kind=data["kind"])
    return tasks


@login_required
@require_GET
def followup_list(request, pk):
    """Follow-up tasks of the subtree, by deadline, with their counts (one aggregate query)."""
    organization = access.get_visible_organization_or_404(request.user, pk)
    # The tasks set on or before the date asked for, counted in their status then (core.asof).
    today = page_as_of(request)
    form = FollowUpFilterForm(request.GET or None)
    subtree = FollowUpTask.objects.in_subtree_on(organization, today)
    tasks = subtree.on(today).with_status_on(today).select_related("organization")
    if form.is_valid():
        tasks = _filtered_tasks(tasks, form.cleaned_data, today)
    page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    # The page's tasks are picked by ordering the bare rows (a top-N sort of narrow rows), then
    # read in full: the city's 5,155 tasks joined to their organizations and given their status
    # then before the sort took 46 ms (issue 15's benchmark). Still the count and one query.
    page.object_list = tasks.filter(pk__in=page.object_list.values("pk"))
    return render(
        request,
        "documents/followup_list.html",
        {
            "organization": organization,
            "form": form,
            "page": page,
            "filters": query_without_page(request),
            "counts": subtree.status_counts(as_of=today),
            "can_write": access.can_write(request.user, organization),
            **page_context(today),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup_create(request, pk):
    organization = access.get_visible_organization_or_404(request.user, pk)
    access.require_write(request.user, organization)
    term = chosen_term(request, organization)
    form = FollowUpForm(
        request.POST or None,
        initial={"term": term.pk if term else None, "status": TaskStatus.TODO},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("version")
        try:
            services.create_follow_up(organization=organization, actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The task was added."))
            return redirect("documents:followup-list", pk=organization.pk)
    return render(
        request,
        "documents/followup_form.html",
        {"organization": organization, "form": form, "task": None},
    )


def _visible_task_or_404(user, pk):
    return get_object_or_404(
        FollowUpTask.objects.visible_to(user).select_related("organization"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def followup_edit(request, pk):
    task = _visible_task_or_404(request.user, pk)
    access.require_write(request.user, task.organization)
    initial = {name: getattr(task, name) for name in services.TASK_FIELDS}
    initial["version"] = task.version
    form = FollowUpForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        expected_version = changes.pop("version")
        try:
            services.update_follow_up(
                task=task, actor=request.user, expected_version=expected_version, **changes
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The task was saved."))
            return redirect("documents:followup-list", pk=task.organization_id)
    return render(
        request,
        "documents/followup_form.html",
        {"organization": task.organization, "form": form, "task": task},
    )


@login_required
@require_POST
def followup_done(request, pk):
    task = _visible_task_or_404(request.user, pk)
    access.require_write(request.user, task.organization)
    form = DoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Reload the page and try again."))
    else:
        try:
            services.mark_follow_up_done(
                task=task, actor=request.user, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("“%(title)s” is completed.") % {"title": task.title})
    return redirect("documents:followup-list", pk=task.organization_id)
