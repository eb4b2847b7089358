"""Thin Celery tasks: ids in, `figure_cache`, `import_jobs` and `export_jobs` do the work.

A task that computes dated figures (a recount, the warmer, an export) runs inside
`moves_read_once`: the tree's moves are read once per task, as once per request on a page,
not again for every dated filter it applies."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from organizations import export_jobs, figure_cache, import_jobs
from organizations.querysets import moves_read_once

# A job's worker task: the job row is the truth (core.jobs), so the message is acknowledged
# after the run and given back if the worker is lost; a database outage is retried with backoff.
JOB_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 3,
}


def job_task_options(time_limit):
    """JOB_TASK_OPTIONS with a time limit of `time_limit` seconds (a minute's grace to stop)."""
    return {**JOB_TASK_OPTIONS, "soft_time_limit": time_limit, "time_limit": time_limit + 60}


@shared_task(acks_late=True, ignore_result=True)
def recount_figures_task(count_path, organization_pk, params):
    with moves_read_once():
        figure_cache.recount(count_path, organization_pk, params)


@shared_task(acks_late=True, ignore_result=True)
def warm_high_figures_task():
    with moves_read_once():
        return figure_cache.warm_high_figures()


@shared_task(**job_task_options(settings.IMPORT_TIME_LIMIT))
def run_import_job_task(job_id):
    # Not inside moves_read_once: an import writes the tree (it may move organizations).
    import_jobs.run_import_job(job_id=job_id)


@shared_task(acks_late=True, ignore_result=True)
def sweep_import_jobs_task():
    import_jobs.sweep_import_jobs()


@shared_task(**job_task_options(settings.EXPORT_TIME_LIMIT))
def run_export_job_task(job_id):
    with moves_read_once():
        export_jobs.run_export_job(job_id=job_id)


@shared_task(acks_late=True, ignore_result=True)
def sweep_export_jobs_task():
    export_jobs.sweep_export_jobs()
