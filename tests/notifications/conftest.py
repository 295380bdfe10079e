import pytest
from django.core.cache import cache

from courses import reminders


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the reminder wave marks live in the cache; database ids repeat between tests
    yield
    cache.clear()


def run_inline(session_id: int, offset_seconds: int, ids: list[int]) -> bool:
    """What a worker does with a batch, run in this process."""
    reminders.send_reminders(session_id=session_id, offset_seconds=offset_seconds, enrolment_ids=ids)
    return True


@pytest.fixture
def beat():
    """One tick of the reminder beat job, with its batches run in-process."""

    def tick(batch: int = reminders.BATCH) -> int:
        return reminders.dispatch_due_reminders(enqueue=run_inline, batch=batch)

    return tick
