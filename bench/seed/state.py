"""What every seeding stage shares: the connection, the sizes, one random generator, the ids chosen so far."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime

import psycopg

from bench.seed.sizes import Meta, Sizes


class SeederState:
    """The stages (people, courses and sessions, the feed, training records) are mixins over this state; each
    stage reads what the earlier ones chose, so they run in the order Seeder.run gives."""

    groups: dict[str, int]  # the permission groups the migrations made, by name (read by Seeder.run)
    # Chosen by the people stage.
    teams: list[int]
    n_trainers: int
    admin_id: int
    trainer_ids: list[int]
    storm_ids: list[int]
    grader_ids: list[int]
    max_user: int
    # Chosen by the courses and sessions stage.
    drills_of: dict[int, list[int]]
    lessons_of: dict[int, list[int]]
    storm_course: int
    half: int
    block: int
    session_users: dict[int, list[tuple[int, str]]]
    course_of_session: dict[int, int]
    feed_of_session: dict[int, int]
    past_sessions: set[int]
    members: list[tuple[int, int, str]]
    viewer_id: int

    def __init__(self, conn: psycopg.Connection, sizes: Sizes, *, password_hash: str, seed: int = 20260101):
        self.conn = conn
        self.z = sizes
        self.rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
        self.password_hash = password_hash
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.meta = Meta(scale=sizes.scale)
        self.log: Callable[[str], None] = lambda message: None
        self._t0 = time.monotonic()

    def _lap(self, name: str) -> None:
        self.meta.seconds[name] = round(time.monotonic() - self._t0, 1)
        self.log(f"seeded {name} at {self.meta.seconds[name]} s")
