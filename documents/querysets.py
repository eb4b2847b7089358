from django.db import models
from django.db.models import Count, Q

from core.paths import subtree_q
from documents.choices import TaskStatus
from organizations import access


class PathCopyQuerySet(models.QuerySet):
    """Rows carrying a copy of their organization's path in `org_path`."""

    def in_subtree(self, organization):
        """Rows of `organization` and of every organization below it: one range on org_path."""
        return self.filter(subtree_q(organization.path, "org_path"))

    def visible_to(self, user):
        return self.filter(access.visible_path_q(user, "org_path"))


class CongressDocumentQuerySet(PathCopyQuerySet):
    def with_discussion_counts(self):
        """Rounds and comments of each document, in the same grouped query as the documents."""
        return self.annotate(
            round_count=Count("rounds", distinct=True),
            comment_count=Count("rounds__comments", distinct=True),
        )


class FollowUpTaskQuerySet(PathCopyQuerySet):
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
