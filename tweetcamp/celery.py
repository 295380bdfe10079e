"""The Celery app. Tasks are discovered in each app's tasks.py; configuration
comes from Django settings under the CELERY_ prefix (see settings.py)."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tweetcamp.settings")

app = Celery("tweetcamp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.task_prerun.connect
def _usable_database_connections(**kwargs: object) -> None:
    """Per task, what Django does per request: drop a connection that broke or outlived CONN_MAX_AGE."""
    from django.db import close_old_connections

    close_old_connections()
