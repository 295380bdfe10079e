"""The Celery app. Tasks are discovered in each app's tasks.py; configuration
comes from Django settings under the CELERY_ prefix (see settings.py)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tweetcamp.settings")

app = Celery("tweetcamp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
