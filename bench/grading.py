"""Grading: throughput of one worker process through Redis, and a learner's wait from attempt to grade."""

from __future__ import annotations

import statistics
import time
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from typing import Any

import redis
from django.db import transaction
from django.db.models import Max, Min

from bench.config import CSRF_TOKEN, REDIS_URL
from courses.models import Session, Submission
from courses.tasks import grade_submission
from practice.models import Hashtag, Mention, Post


def make_pending(pairs: list[list[int]]) -> list[int]:
    """Pending attempts as a learner's post would leave them (post, hashtag, mention, submission)."""
    sessions = {s.pk: s for s in Session.objects.filter(pk__in={p[1] for p in pairs}).prefetch_related("trainers")}
    with transaction.atomic():
        posts = []
        for user_id, session_id, _drill in pairs:
            session = sessions[session_id]
            trainer = session.trainers.all()[0]
            posts.append(
                Post(
                    feed_id=session.feed_id,
                    author_id=user_id,
                    text=f"Practising for #{session.hashtag} with @{trainer.handle}: be kind, check facts.",
                )
            )
        Post.objects.bulk_create(posts, batch_size=2000)
        tags, mentions, subs = [], [], []
        for post, (user_id, session_id, drill_id) in zip(posts, pairs, strict=True):
            session = sessions[session_id]
            trainer = session.trainers.all()[0]
            tags.append(Hashtag(post=post, tag=session.hashtag.lower(), created_at=post.created_at))
            mentions.append(Mention(post=post, handle=trainer.handle.lower(), user=trainer))
            subs.append(Submission(drill_id=drill_id, user_id=user_id, session_id=session_id, post=post, attempt=1))
        Hashtag.objects.bulk_create(tags, batch_size=2000)
        Mention.objects.bulk_create(mentions, batch_size=2000)
        Submission.objects.bulk_create(subs, batch_size=2000)
    return [s.pk for s in subs]


def enqueue(ids: list[int]) -> None:
    for pk in ids:
        grade_submission.delay(pk)


def wait_graded(ids: list[int], *, timeout: float) -> dict[str, Any]:
    """Poll until every submission is graded (bounded); throughput from the grades' own timestamps."""
    deadline = time.monotonic() + timeout
    pending = Submission.objects.filter(pk__in=ids, status=Submission.Status.PENDING)
    left = pending.count()
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = pending.count()
    # A grading task also grades other pending attempts, so the messages of those find them graded. They
    # still have to be consumed: the rate counting every message runs until the queue is empty.
    queue = redis.Redis.from_url(REDIS_URL)
    while not left and queue.llen("fast") and time.monotonic() < deadline:
        time.sleep(0.02)
    emptied = datetime.now(UTC) if not left and not queue.llen("fast") else None
    span = Submission.objects.filter(pk__in=ids, graded_at__isnull=False).aggregate(
        first=Min("graded_at"), last=Max("graded_at")
    )
    graded = len(ids) - left
    seconds = (span["last"] - span["first"]).total_seconds() if graded > 1 else 0.0
    every = (emptied - span["first"]).total_seconds() if emptied and graded > 1 else 0.0
    return {
        "submissions": len(ids),
        "graded": graded,
        "seconds": round(seconds, 2),
        "per_second": round((graded - 1) / seconds, 1) if seconds > 0 else None,
        "seconds_until_every_message_consumed": round(every, 2) if every else None,
        "per_second_counting_every_message": round((graded - 1) / every, 1) if every > 0 else None,
        "timed_out": bool(left),
    }


def end_to_end(port: int, path: str, keys: dict[int, str], *, text: str, timeout: float = 30) -> dict[str, Any]:
    """Each learner posts an attempt over HTTP; the clock stops when the grade is in the database (what the
    page polls). One at a time, so this is latency, not queueing."""
    waits = []
    failures = 0
    for user_id, key in keys.items():
        body = urllib.parse.urlencode({"text": text}).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}",
            data=body,
            headers={"Cookie": f"sessionid={key}; csrftoken={CSRF_TOKEN}", "X-CSRFToken": CSRF_TOKEN},
        )
        started = time.monotonic()
        try:
            urllib.request.urlopen(request, timeout=timeout).read()  # noqa: S310 - follows the redirect
        except OSError:
            failures += 1
            continue
        deadline = started + timeout
        graded = False
        while time.monotonic() < deadline:
            if Submission.objects.filter(user_id=user_id, graded_at__isnull=False).exists():
                graded = True
                break
            time.sleep(0.005)
        if graded:
            waits.append(time.monotonic() - started)
        else:
            failures += 1
        time.sleep(0.05)
    waits.sort()
    return {
        "attempts": len(keys),
        "failures": failures,
        "p50_ms": round(statistics.median(waits) * 1000, 1) if waits else None,
        "p95_ms": round(waits[min(len(waits) - 1, int(0.95 * len(waits)))] * 1000, 1) if waits else None,
        "max_ms": round(waits[-1] * 1000, 1) if waits else None,
    }
