"""The Celery application. Without CELERY_BROKER_URL the settings make every task run eagerly."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congress_admin.settings")

# DjangoTask gives every task `delay_on_commit`, so work is queued only once the row exists.
app = Celery("congress_admin", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
