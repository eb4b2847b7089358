"""Thin Celery tasks: ids in, `figure_cache`, `import_jobs` and `export_jobs` do the work."""

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from organizations import export_jobs, figure_cache, import_jobs


@shared_task(acks_late=True, ignore_result=True)
def recount_figures_task(count_path, organization_pk, params):
    figure_cache.recount(count_path, organization_pk, params)


@shared_task(acks_late=True, ignore_result=True)
def warm_high_figures_task():
    return figure_cache.warm_high_figures()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=settings.IMPORT_TIME_LIMIT,
    time_limit=settings.IMPORT_TIME_LIMIT + 60,
)
def run_import_job_task(job_id):
    import_jobs.run_import_job(job_id=job_id)


@shared_task(acks_late=True, ignore_result=True)
def sweep_import_jobs_task():
    import_jobs.sweep_import_jobs()


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=3,
    soft_time_limit=settings.IMPORT_TIME_LIMIT,
    time_limit=settings.IMPORT_TIME_LIMIT + 60,
)
def run_export_job_task(job_id):
    export_jobs.run_export_job(job_id=job_id)


@shared_task(acks_late=True, ignore_result=True)
def sweep_export_jobs_task():
    export_jobs.sweep_export_jobs()
