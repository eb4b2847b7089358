"""Read-side figures of congress documents."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def discussion_counts(document, *, as_of=None):
    """{"rounds": n, "comments": m} of `document`: its rounds held on or before `as_of`
    (core.asof; all when None) and their comments. One grouped query."""
    from core.asof import on_or_before
    from documents.models import DiscussionRound

    rounds = DiscussionRound.objects.filter(on_or_before("held_on", as_of), document=document)
    return rounds.aggregate(rounds=Count("pk", distinct=True), comments=Count("comments"))


def discussion_summary(rounds, comments):
    """ "3 vòng thảo luận, 37 ý kiến" (3 discussion rounds, 37 comments)."""
    return ", ".join(
        [
            ngettext("%(count)s discussion round", "%(count)s discussion rounds", rounds)
            % {"count": rounds},
            ngettext("%(count)s comment", "%(count)s comments", comments) % {"count": comments},
        ]
    )


def figures_by_kind(organization, term, *, as_of=None):
    """Per kind of document over `organization`'s subtree in `term`: documents, discussion
    rounds and their comments held on or before `as_of`, documents there by then
    (`CongressDocumentQuerySet.on`) and approved by then. The wave's figures: the regular
    congresses' documents only (a merger or extraordinary congress is counted apart, as
    congresses.dashboard.other_occasions). One grouped query."""
    from congresses.choices import CongressOccasion
    from core.asof import on_or_before
    from documents.models import CongressDocument

    held = on_or_before("rounds__held_on", as_of)

    return list(
        CongressDocument.objects.in_subtree_on(organization, as_of)
        .on(as_of)
        .filter(congress__term=term, congress__occasion=CongressOccasion.REGULAR)
        .values("kind")
        .annotate(
            documents=Count("pk", distinct=True),
            comments=Count("rounds__comments", distinct=True, filter=held),
            rounds_count=Count("rounds", distinct=True, filter=held),
            approved=Count(
                "pk",
                distinct=True,
                filter=Q(approved_on__isnull=False) & on_or_before("approved_on", as_of),
            ),
        )
        .order_by("kind")
    )


def follow_up_counts(organization, term, *, as_of=None):
    """Follow-up tasks over `organization`'s subtree in `term` set on or before `as_of`
    (`created_on`, core.asof), per status on `as_of` (a task completed after it was still in
    progress then). The wave's tasks: those set by a document of a merger or extraordinary
    congress are left out (counted with that congress), those with no document stay. One
    query."""
    from congresses.choices import CongressOccasion
    from core.asof import today
    from documents.models import FollowUpTask

    tasks = (
        FollowUpTask.objects.in_subtree_on(organization, as_of)
        .on(as_of)
        .filter(term=term)
        .exclude(
            Q(document__isnull=False) & ~Q(document__congress__occasion=CongressOccasion.REGULAR)
        )
        .with_status_on(as_of or today())
    )
    return list(tasks.values("status_on").annotate(count=Count("pk")).order_by("status_on"))


def congress_documents(congress, *, as_of=None):
    """`congress`'s documents there on `as_of` (core.asof; all when None) with their rounds
    held by then and those rounds' comments counted; the approval shown only when dated by
    then (`approved_by_then`). One query."""
    from core.asof import on_or_before

    held = on_or_before("rounds__held_on", as_of)
    documents = list(
        congress.documents.on(as_of).annotate(
            rounds_count=Count("rounds", distinct=True, filter=held),
            comments_count=Count("rounds__comments", distinct=True, filter=held),
        )
    )
    for document in documents:
        document.approved_by_then = bool(document.approved_on) and (
            as_of is None or document.approved_on <= as_of
        )
    return documents


def stage_checks(congress, to_stage):
    """The documents' prerequisite of "documents approved" (registered with congresses.hooks in
    DocumentsConfig.ready()): every recorded document of the congress approved; with none
    recorded, a warning only (the documents may be kept on paper). One query."""
    from congresses.choices import Stage
    from congresses.hooks import StageCheck

    if to_stage != Stage.DOCUMENTS_APPROVED:
        return []
    documents = list(congress.documents.only("title", "approved_on"))
    if not documents:
        return [StageCheck(_("No congress document is recorded here."), blocks=False)]
    waiting = [document.title for document in documents if document.approved_on is None]
    if not waiting:
        return []
    return [
        StageCheck(
            _("Documents not approved yet: %(titles)s.") % {"titles": ", ".join(waiting)},
            blocks=True,
        )
    ]


def latest_versions(congress):
    """The latest version of each of `congress`'s documents, with its document: the
    approved documents of a kind first, then by kind and id. One query."""
    from django.db.models import F

    from documents.models import DocumentVersion

    versions = (
        DocumentVersion.objects.filter(document__congress=congress)
        .select_related("document")
        .order_by(
            "document__kind",
            F("document__approved_on").asc(nulls_last=True),
            "document_id",
            "-number",
        )
    )
    latest = {}
    for version in versions:
        latest.setdefault(version.document_id, version)
    return list(latest.values())


def directives_of(organization, term, *, as_of=None):
    """The directive documents `organization` itself issued for `term` on or before `as_of`,
    oldest first (the congress summary lists them). One query."""
    from core.asof import on_or_before
    from documents.models import DirectiveDocument

    return list(
        DirectiveDocument.objects.filter(organization=organization, term=term)
        .filter(on_or_before("issued_on", as_of))
        .order_by("issued_on", "pk")
    )
