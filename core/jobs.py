"""Jobs kept as rows: claim, lease and finish, shared by the report, import and export jobs.

A job row is the truth about the job, whatever Celery does. A worker claims it with one
conditional UPDATE (queued, or running with an expired lease, and attempts left), so a
duplicate delivery does nothing and a job whose worker died is taken again once its lease has
expired. A worker ends only the attempt it claimed: one whose lease was taken over changes
nothing. The job models inherit `Job` (the fields `status`, `attempts`, `lease_expires_at`
and the rest every job has).
"""

import logging
import posixpath
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

QUEUED = "queued"
RUNNING = "running"


def status_field(choices):
    """A job's status among `choices` (a TextChoices with at least QUEUED and RUNNING; each
    kind of job names its own states), queued at first."""
    return models.CharField(
        _("status"), max_length=10, choices=choices.choices, default=choices.QUEUED
    )


def job_file_path(job, filename):
    """Where a job's file is stored: its model's FILE_DIRECTORY."""
    return posixpath.join(job.FILE_DIRECTORY, filename)


class Job(models.Model):
    """What every job row has: its requester and language, the claim's status, attempts and
    lease, the four moments of its life and its file. A concrete job declares `status` (with
    `status_field`) and the FILE_DIRECTORY its files go to, and extends `Job.Meta`."""

    FILE_DIRECTORY = ""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        verbose_name=_("requested by"),
    )
    language = models.CharField(_("language"), max_length=8)
    file = models.FileField(_("file"), upload_to=job_file_path, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_expires_at = models.DateTimeField(_("lease expires at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    # When a message for this job was last published; the sweeper republishes old ones.
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "id"]

    @property
    def is_pending(self):
        return self.status in (QUEUED, RUNNING)


@contextmanager
def claimed(model, pk, *, max_attempts, lease_seconds, related=()):
    """A worker's entry: claim the job `pk` of `model` (`claim`, its start time set), load it
    with `related` and yield it under `translation.override(job.language)`; yield None if it
    was not claimed (finished, taken by another worker or out of attempts: logged)."""
    now = timezone.now()
    if not claim(
        model, pk, max_attempts=max_attempts, lease_seconds=lease_seconds, now=now, started_at=now
    ):
        logger.info("%s %s not claimed (finished, taken or out of attempts)", model.__name__, pk)
        yield None
        return
    job = model.objects.select_related(*related).get(pk=pk)
    with translation.override(job.language):
        yield job


def claim(model, pk, *, max_attempts, lease_seconds, now=None, **fields):
    """Take the job `pk` of `model` for this worker; True if this call claimed it.

    Side effects: one conditional UPDATE setting status running, one more attempt, a lease of
    `lease_seconds` and `fields`.
    """
    now = now or timezone.now()
    updated = (
        model.objects.filter(pk=pk, attempts__lt=max_attempts)
        .filter(Q(status=QUEUED) | Q(status=RUNNING, lease_expires_at__lt=now))
        .update(
            status=RUNNING,
            attempts=F("attempts") + 1,
            lease_expires_at=now + timedelta(seconds=lease_seconds),
            **fields,
        )
    )
    return updated == 1


def finish(job, *, status, **fields):
    """End the attempt this worker claimed (the job as claimed, its `attempts` included);
    True if it was still ours. Side effects: one conditional UPDATE, lease released."""
    finished = (
        type(job)
        .objects.filter(pk=job.pk, status=RUNNING, attempts=job.attempts)
        .update(status=status, lease_expires_at=None, **fields)
    )
    return finished == 1


def requeue(job):
    """Put the running `job` back in the queue, its lease released (a database outage stopped
    its worker: the task retries)."""
    type(job).objects.filter(pk=job.pk, status=RUNNING).update(
        status=QUEUED, lease_expires_at=None, queued_at=timezone.now()
    )


def expired(model, *, now):
    """The running jobs of `model` whose lease has expired (their worker died)."""
    return model.objects.filter(status=RUNNING, lease_expires_at__lt=now)
