from django.db.models import Count, Q

from documents.choices import TaskStatus
from organizations.querysets import PathScopedQuerySet


class CongressDocumentQuerySet(PathScopedQuerySet):
    def on(self, day):
        """The documents there on `day` (core.asof; all when None): recorded on or before it,
        or with a discussion round or the approval dated on or before it (a document entered
        after the fact existed by its first dated event)."""
        from django.db.models import Exists, OuterRef

        from documents.models import DiscussionRound

        if day is None:
            return self
        held = DiscussionRound.objects.filter(document=OuterRef("pk"), held_on__lte=day)
        return self.filter(Q(created_at__date__lte=day) | Q(approved_on__lte=day) | Exists(held))

    def with_discussion_counts(self, *, as_of=None):
        """Versions, rounds and comments of each document, in the same grouped query as the
        documents: on `as_of` (core.asof; all when None), the versions uploaded and the rounds
        held on or before it, and those rounds' comments (a comment is dated by its round,
        as figures_by_kind counts them)."""
        from core.asof import on_or_before

        held = on_or_before("rounds__held_on", as_of)
        uploaded = on_or_before("versions__uploaded_at__date", as_of)
        return self.annotate(
            version_count=Count("versions", distinct=True, filter=uploaded),
            round_count=Count("rounds", distinct=True, filter=held),
            comment_count=Count("rounds__comments", distinct=True, filter=held),
        )


class FollowUpTaskQuerySet(PathScopedQuerySet):
    def overdue(self, *, as_of):
        """Past their deadline on `as_of` and not done."""
        return self.filter(deadline__lt=as_of).exclude(status=TaskStatus.DONE)

    def on(self, day):
        """The tasks set on or before `day` (core.asof; all when None)."""
        from core.asof import on_or_before

        return self.filter(on_or_before("created_on", day))

    def with_status_on(self, day):
        """Each task with `status_on`, its status on `day`: completed when done by then; to do
        when to do now or started after it (`started_on`); else in progress (a task completed
        after it, or started on a day not recorded: `started_on` empty, shown as unknown); and
        `overdue_on`, past its deadline on `day` and not done by then."""
        from django.db.models import BooleanField, Case, ExpressionWrapper, Value, When

        done, todo, _in_progress = _status_on(day)
        status_on = Case(
            When(done, then=Value(TaskStatus.DONE.value)),
            When(todo, then=Value(TaskStatus.TODO.value)),
            default=Value(TaskStatus.IN_PROGRESS.value),
        )
        overdue = Q(deadline__lt=day) & ~done
        return self.annotate(
            status_on=status_on,
            overdue_on=ExpressionWrapper(overdue, output_field=BooleanField()),
        )

    def status_counts(self, *, as_of):
        """{total, todo, in_progress, done, overdue} of the tasks set by `as_of`, each in its
        status on `as_of` (`with_status_on`; documents.selectors.follow_up_counts counts the
        same): one aggregate query."""
        done, todo, in_progress = _status_on(as_of)
        return self.on(as_of).aggregate(
            total=Count("pk"),
            todo=Count("pk", filter=todo),
            in_progress=Count("pk", filter=in_progress),
            done=Count("pk", filter=done),
            overdue=Count("pk", filter=Q(deadline__lt=as_of) & ~done),
        )


def _status_on(day):
    """(done, to do, in progress) on `day` as conditions, one and only one true of each task:
    done by then; to do now, or started after it; the rest in progress (started by then, or
    on a day not recorded)."""
    done = Q(status=TaskStatus.DONE, done_on__lte=day)
    underway = Q(status=TaskStatus.IN_PROGRESS) | (Q(status=TaskStatus.DONE) & Q(done_on__gt=day))
    started_later = Q(started_on__isnull=False, started_on__gt=day)
    todo = Q(status=TaskStatus.TODO) | (underway & started_later)
    in_progress = underway & (Q(started_on__isnull=True) | Q(started_on__lte=day))
    return done, todo, in_progress


class InDocumentQuerySet(PathScopedQuerySet):
    """Versions and discussion rounds, scoped by their document's path copy."""

    path_field = "document__org_path"


class DocumentVersionQuerySet(InDocumentQuerySet):
    def uploaded_by_then(self, day):
        """The versions uploaded on or before `day` (core.asof; all when None)."""
        from core.asof import on_or_before

        return self.filter(on_or_before("uploaded_at__date", day))
