from celery import shared_task
from django.core.management import call_command

from tweetcamp import health


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Beat sends this every 30 s; a worker records it, which /health/ reads."""
    health.record_beat()


@shared_task(ignore_result=True)
def clear_expired_sessions() -> None:
    call_command("clearsessions")
