"""Thin Celery tasks: ids in, `figure_cache` does the work."""

from celery import shared_task

from organizations import figure_cache


@shared_task(acks_late=True, ignore_result=True)
def recount_figures_task(count_path, organization_pk, params):
    figure_cache.recount(count_path, organization_pk, params)


@shared_task(acks_late=True, ignore_result=True)
def warm_high_figures_task():
    return figure_cache.warm_high_figures()
