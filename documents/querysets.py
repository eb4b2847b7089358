from django.db.models import Count, Q

from documents.choices import TaskStatus
from organizations.querysets import PathScopedQuerySet


class CongressDocumentQuerySet(PathScopedQuerySet):
    def with_discussion_counts(self):
        """Rounds and comments of each document, in the same grouped query as the documents."""
        return self.annotate(
            round_count=Count("rounds", distinct=True),
            comment_count=Count("rounds__comments", distinct=True),
        )


class FollowUpTaskQuerySet(PathScopedQuerySet):
    def overdue(self, *, as_of):
        """Past their deadline on `as_of` and not done."""
        return self.filter(deadline__lt=as_of).exclude(status=TaskStatus.DONE)

    def status_counts(self, *, as_of):
        """{total, todo, in_progress, done, overdue}: one aggregate query."""
        return self.aggregate(
            total=Count("pk"),
            todo=Count("pk", filter=Q(status=TaskStatus.TODO)),
            in_progress=Count("pk", filter=Q(status=TaskStatus.IN_PROGRESS)),
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            overdue=Count("pk", filter=Q(deadline__lt=as_of) & ~Q(status=TaskStatus.DONE)),
        )


class InDocumentQuerySet(PathScopedQuerySet):
    """Versions and discussion rounds, scoped by their document's path copy."""

    path_field = "document__org_path"
