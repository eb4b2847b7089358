"""Read-side figures of congress documents."""

from django.db.models import Count, Q
from django.utils.translation import ngettext


def discussion_counts(document):
    """{"rounds": n, "comments": m} of `document`: one grouped query."""
    from documents.models import DiscussionRound

    return DiscussionRound.objects.filter(document=document).aggregate(
        rounds=Count("pk", distinct=True), comments=Count("comments")
    )


def discussion_summary(rounds, comments):
    """ "3 vòng thảo luận, 37 ý kiến" (3 discussion rounds, 37 comments)."""
    return ", ".join(
        [
            ngettext("%(count)s discussion round", "%(count)s discussion rounds", rounds)
            % {"count": rounds},
            ngettext("%(count)s comment", "%(count)s comments", comments) % {"count": comments},
        ]
    )


def figures_by_kind(organization, term):
    """Per kind of document over `organization`'s subtree in `term`: documents, discussion
    rounds, comments and approved documents. One grouped query."""
    from documents.models import CongressDocument

    return list(
        CongressDocument.objects.in_subtree(organization)
        .filter(congress__term=term)
        .values("kind")
        .annotate(
            documents=Count("pk", distinct=True),
            comments=Count("rounds__comments", distinct=True),
            rounds_count=Count("rounds", distinct=True),
            approved=Count("pk", distinct=True, filter=Q(approved_on__isnull=False)),
        )
        .order_by("kind")
    )


def follow_up_counts(organization, term):
    """Follow-up tasks over `organization`'s subtree in `term`, per status. One query."""
    from documents.models import FollowUpTask

    return list(
        FollowUpTask.objects.in_subtree(organization)
        .filter(term=term)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by("status")
    )


def congress_documents(congress):
    """`congress`'s documents with their rounds and comments counted. One query."""
    return list(
        congress.documents.annotate(
            rounds_count=Count("rounds", distinct=True),
            comments_count=Count("rounds__comments", distinct=True),
        )
    )
