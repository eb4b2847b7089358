"""Thin Celery tasks: primitive ids in, `figures` does the work."""

from celery import shared_task

from recognition import figures


@shared_task(acks_late=True, ignore_result=True)
def warm_cap_counts_task(period_pk, step, paths):
    figures.warm_cap_counts(period_pk, step, paths)
