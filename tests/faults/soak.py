"""A bounded soak: simulated people browse, post, enrol and attempt drills against gunicorn + worker + beat.

    python -m tests.faults.soak            # 300 s, 100 people (SOAK_SECONDS, SOAK_USERS to change)

Everything runs on loopback against servers started here and removed after: a private
PostgreSQL cluster, a private redis-server, gunicorn (production settings), one Celery
worker and Celery beat. Every loop is bounded in time and count. It prints requests,
5xx errors, latency, each server's memory (RSS) at the start and the end, and, after
the workers have drained, duplicates (grades, reminders, e-mails) and lost work; it exits
non-zero on any 5xx, duplicate or loss.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import requests

from tests.faults.servers import ROOT, SESSION_FOR, Gunicorn, PrivatePostgres, PrivateRedis, manage, python, server_env

SECONDS = int(os.environ.get("SOAK_SECONDS", "300"))
USERS = int(os.environ.get("SOAK_USERS", "100"))
MAX_REQUESTS_PER_USER = 5_000  # a hard bound besides the clock

SEED = """
import json
from datetime import timedelta
from django.contrib.auth.models import Group
from django.utils import timezone
from accounts.models import User
from courses.models import Course, Drill, Enrolment, Lesson
from courses.services import enrolment as enrolment_services
from practice import services as practice

employee = Group.objects.get(name="Employee")
now = timezone.now()
courses, sessions, drills = [], [], []
for c in range(4):
    course = Course.objects.create(title=f"Soak course {c}", slug=f"soak-{c}", summary="Soak", status="published")
    lesson = Lesson.objects.create(course=course, title="Lesson", body="Read me", status="published")
    drills.append(Drill.objects.create(lesson=lesson, title="Use the hashtag", instructions="Post.", max_attempts=1000,
        rubric=[{"kind": "uses_hashtag", "weight": 1, "params": {"hashtag": "session"}}]))
    for s in range(2):
        starts = (now + timedelta(minutes=50 if s == 0 else 60 * 24 * 3)).replace(microsecond=0)
        session = course.sessions.model(course=course, title=f"Soak {c}.{s}", starts_at=starts,
            ends_at=starts + timedelta(hours=1), enrolment_closes_at=starts, capacity=10_000,
            hashtag=f"#Soak{c}x{s}", feed=practice.create_cohort_feed(name=f"Soak {c}.{s}", starts_at=starts))
        session.save()
        sessions.append(session)
people = []
for i in range(USERS):
    u = User.objects.create_user(email=f"soak{i}@example.org", display_name=f"Soak {i}", handle=f"soak{i}")
    u.groups.add(employee)
    # Everyone holds a seat in course 0's first session (starting in 50 minutes: its reminder falls due).
    e = enrolment_services.enrol(person=u, session=sessions[0])
    day_ago = now - timedelta(days=1)
    Enrolment.objects.filter(pk=e.pk).update(created_at=day_ago, status_changed_at=day_ago, queued_at=day_ago)
    people.append({"key": session_for(u), "id": u.pk})
print(json.dumps({"people": people, "sessions": [s.pk for s in sessions], "drills": [d.pk for d in drills],
                  "feed": sessions[0].feed_id, "courses": [c.slug for c in Course.objects.order_by("pk")]}))
"""

CHECK = """
import json
from django.db.models import Count
from courses.models import Grade, Submission
from notifications.models import Delivery
from practice.models import Post
dup_grades = Grade.objects.values("submission_id", "rubric_version", "kind").annotate(n=Count("id")).filter(n__gt=1)
dup_deliveries = Delivery.objects.values("recipient_id", "kind", "key", "slot").annotate(n=Count("id")).filter(n__gt=1)
print(json.dumps({
    "submissions": Submission.objects.count(),
    "pending": Submission.objects.filter(status="pending").count(),
    "graded": Submission.objects.exclude(status="pending").count(),
    "grades": Grade.objects.count(),
    "duplicate_grades": dup_grades.count(),
    "reminders": Delivery.objects.filter(kind="session_reminder").count(),
    "reminders_sent": Delivery.objects.filter(kind="session_reminder", status="sent").count(),
    "duplicate_deliveries": dup_deliveries.count(),
    "posts": Post.objects.filter(author__email__startswith="soak").count(),
}))
"""


def rss_kb(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        total += int(match.group(1)) if match else 0
    return total


def tree(pid: int) -> list[int]:
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [pid, *(p for c in children for p in tree(int(c)))]


class Person(threading.Thread):
    def __init__(self, base: str, who: dict, world: dict, deadline: float, tally: Tally) -> None:
        super().__init__(daemon=True)
        self.base, self.who, self.world, self.deadline, self.tally = base, who, world, deadline, tally
        self.rng = random.Random(who["id"])
        self.http = requests.Session()
        self.http.cookies.set("sessionid", who["key"])

    def request(self, method: str, path: str, data: dict | None = None) -> None:
        headers = {}
        if method == "post":
            headers["X-CSRFToken"] = self.http.cookies.get("csrftoken", "")
        began = time.monotonic()
        try:
            response = self.http.request(
                method, self.base + path, data=data, headers=headers, timeout=30, allow_redirects=False
            )
        except requests.RequestException as exc:
            self.tally.add(method, path, 599, time.monotonic() - began, error=type(exc).__name__)
            return
        self.tally.add(method, path, response.status_code, time.monotonic() - began)

    def run(self) -> None:
        w = self.world
        self.request("get", "/")  # sets the CSRF cookie
        done = 0
        while time.monotonic() < self.deadline and done < MAX_REQUESTS_PER_USER:
            roll = self.rng.random()
            if roll < 0.55:  # browsing
                self.request(
                    "get",
                    self.rng.choice(
                        [
                            "/",
                            "/courses/",
                            "/feed/",
                            "/camp/",
                            f"/courses/{self.rng.choice(w['courses'])}/",
                            f"/sessions/{self.rng.choice(w['sessions'])}/",
                            "/notifications/",
                            f"/feed/f/{w['feed']}/",
                        ]
                    ),
                )
            elif roll < 0.70:  # posting
                self.request("post", "/feed/compose/", {"text": f"Soak post {done} #Soak0x0", "feed": w["feed"]})
            elif roll < 0.82:  # enrolling (again: a clear "already enrolled" message, not an error)
                self.request("post", f"/sessions/{self.rng.choice(w['sessions'])}/enrol/")
            else:  # a drill attempt in the course they hold a seat in
                self.request("post", f"/drills/{w['drills'][0]}/attempt/", {"text": "Practising #Soak0x0"})
            done += 1
            time.sleep(self.rng.uniform(0.3, 1.5))  # think time


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.statuses: Counter[int] = Counter()
        self.latencies: list[float] = []
        self.errors: list[str] = []

    def add(self, method: str, path: str, status: int, seconds: float, error: str = "") -> None:
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)
            if status >= 500:
                self.errors.append(f"{method.upper()} {path} {status} {error}".strip())


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="tweetcamp-soak-"))
    pg, broker, procs, web = PrivatePostgres(), PrivateRedis(work), [], None
    try:
        pg.init()
        broker.start()
        env = server_env(pg.url, work, REDIS_URL=broker.url, REMINDER_REDISPATCH_AFTER="0")
        manage(env, "migrate", "--noinput")
        world = json.loads(python(env, f"USERS = {USERS}\n" + SESSION_FOR + SEED).strip().splitlines()[-1])
        web = Gunicorn(env, workers=2, threads=8)
        celery = str(ROOT / ".venv/bin/celery")
        for args in (
            ["worker", "--queues=default,fast,bulk", "--concurrency=2", "--without-gossip", "--without-mingle"],
            ["beat", "-s", str(work / "beat-schedule")],
        ):
            procs.append(
                subprocess.Popen(
                    [celery, "-A", "tweetcamp", *args, "--loglevel=WARNING"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        time.sleep(5)
        tally = Tally()
        # Warm up every gunicorn worker before the first memory reading.
        for _ in range(20):
            requests.get(web.base + "/courses/", cookies={"sessionid": world["people"][0]["key"]}, timeout=30)
        servers = {
            "web": lambda: tree(web.process.pid),
            "worker": lambda: tree(procs[0].pid),
            "beat": lambda: tree(procs[1].pid),
        }
        rss_start = {name: rss_kb(pids()) for name, pids in servers.items()}
        began = time.monotonic()
        people = [Person(web.base, who, world, began + SECONDS, tally) for who in world["people"]]
        for person in people:
            person.start()
        time.sleep(SECONDS / 2)
        rss_middle = {name: rss_kb(pids()) for name, pids in servers.items()}
        for person in people:
            person.join(SECONDS + 120)
        elapsed = time.monotonic() - began
        rss_end = {name: rss_kb(pids()) for name, pids in servers.items()}
        # Let the workers drain: sweeps run every minute; stop waiting after three minutes.
        deadline = time.monotonic() + 180
        while True:
            check = json.loads(python(env, CHECK).strip().splitlines()[-1])
            if (check["pending"] == 0 and check["reminders_sent"] >= USERS) or time.monotonic() > deadline:
                break
            time.sleep(5)
    finally:
        for process in procs:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in procs:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        if web:
            web.stop()
        broker.stop()
        pg.destroy()
        shutil.rmtree(work, ignore_errors=True)

    latencies = sorted(tally.latencies) or [0.0]
    requests_made = sum(tally.statuses.values())
    server_errors = sum(n for code, n in tally.statuses.items() if code >= 500)
    duplicates = check["duplicate_grades"] + check["duplicate_deliveries"]
    lost = check["pending"] + max(0, USERS - check["reminders_sent"])
    figures = {
        "users": USERS,
        "seconds": round(elapsed),
        "requests": requests_made,
        "requests_per_second": round(requests_made / max(elapsed, 1), 1),
        "statuses": dict(sorted(tally.statuses.items())),
        "errors_5xx": server_errors,
        "p50_ms": round(latencies[len(latencies) // 2] * 1000),
        "p95_ms": round(latencies[int(len(latencies) * 0.95)] * 1000),
        "rss_start_mb": {k: round(v / 1024) for k, v in rss_start.items()},
        "rss_middle_mb": {k: round(v / 1024) for k, v in rss_middle.items()},
        "rss_end_mb": {k: round(v / 1024) for k, v in rss_end.items()},
        **check,
        "duplicates": duplicates,
        "lost": lost,
    }
    print("[soak] " + json.dumps(figures), flush=True)
    if tally.errors:
        print("[soak] first errors: " + "; ".join(tally.errors[:10]), flush=True)
    return 0 if server_errors == 0 and duplicates == 0 and lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
