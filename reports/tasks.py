"""Thin Celery tasks: ids in, the service does the work."""

import logging

from celery import shared_task
from celery.signals import worker_process_shutdown
from django.db import OperationalError

from organizations.querysets import moves_read_once
from reports import services
from reports.rendering import release_font_config

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=3,
)
def render_report_task(job_id):
    # The moves read once for the whole task (claiming, rendering, the fingerprint), not only
    # while build_files renders.
    with moves_read_once():
        services.render_report(job_id=job_id)


@shared_task(acks_late=True)
def sweep_report_jobs_task():
    services.sweep_report_jobs()


@worker_process_shutdown.connect
def _release_fonts(**_kwargs):
    """A worker child leaves no WeasyPrint font folder behind (reports.rendering.font_config
    keeps one per process)."""
    release_font_config()
