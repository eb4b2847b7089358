"""Jobs kept as rows: claim, lease and finish, shared by the report and import jobs.

A job row is the truth about the job, whatever Celery does. A worker claims it with one
conditional UPDATE (queued, or running with an expired lease, and attempts left), so a
duplicate delivery does nothing and a job whose worker died is taken again once its lease has
expired. A worker ends only the attempt it claimed: one whose lease was taken over changes
nothing. The model needs the fields `status`, `attempts` and `lease_expires_at`.
"""

from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone

QUEUED = "queued"
RUNNING = "running"


def claim(model, pk, *, max_attempts, lease_seconds, now=None, **fields):
    """Take the job `pk` of `model` for this worker; True if this call claimed it.

    Side effects: one conditional UPDATE setting status running, one more attempt, a lease of
    `lease_seconds` and `fields`.
    """
    now = now or timezone.now()
    claimed = (
        model.objects.filter(pk=pk, attempts__lt=max_attempts)
        .filter(Q(status=QUEUED) | Q(status=RUNNING, lease_expires_at__lt=now))
        .update(
            status=RUNNING,
            attempts=F("attempts") + 1,
            lease_expires_at=now + timedelta(seconds=lease_seconds),
            **fields,
        )
    )
    return claimed == 1


def finish(job, *, status, **fields):
    """End the attempt this worker claimed (the job as claimed, its `attempts` included);
    True if it was still ours. Side effects: one conditional UPDATE, lease released."""
    finished = (
        type(job)
        .objects.filter(pk=job.pk, status=RUNNING, attempts=job.attempts)
        .update(status=status, lease_expires_at=None, **fields)
    )
    return finished == 1


def expired(model, *, now):
    """The running jobs of `model` whose lease has expired (their worker died)."""
    return model.objects.filter(status=RUNNING, lease_expires_at__lt=now)
