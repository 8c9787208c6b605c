"""The Celery application. Without REDIS_URL, settings make every task run inline."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "topblog.settings")

app = Celery("topblog")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
