"""Read-side figures of congress documents."""

from django.db.models import Count
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
