"""Seed a realistic organisation with COPY, in minutes.

At scale 1: 100,000 people in a department tree, 1,000,000 practice posts (replies, retweets, quotes,
persona posts, mentions, hashtags, about 1.6 likes each), follows with a median of 100 (some follow
5,000), 2,000 sessions with 200,000 enrolments, 50,000 graded drill submissions. ``scale`` shrinks
every count. The data is deterministic for a given scale and random seed.

The database must be freshly migrated and empty. Secondary indexes and foreign keys of the big
tables are dropped for the COPY and rebuilt after it, which is several times faster than
maintaining them row by row. What was chosen for the measurements (the logged-in people, the
pages' objects) is written to a small ``bench_meta`` table that the measuring code reads.
"""

from __future__ import annotations

import json
import math
import random
import secrets
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

import psycopg

RUBRIC = [
    {"kind": "uses_hashtag", "params": {"hashtag": "session"}, "weight": 2, "message": "Tag the session."},
    {"kind": "mentions_handle", "params": {"handle": "trainer"}, "weight": 1, "message": "Mention your trainer."},
    {"kind": "length_between", "params": {"min": 20, "max": 280}, "weight": 1, "message": "Say a little more."},
    {"kind": "not_shouting", "params": {}, "weight": 1, "message": "No need to shout."},
    {"kind": "policy_no_phi", "params": {}, "weight": 3, "message": "Never share patient details."},
]
TOP_TAG = "tweetcamp"
TAGS = [TOP_TAG, "safety", "handhygiene", "flushot", "nursesweek", "teamwork", "research", "wellbeing"]
FIRST = "Ada Ben Cal Dee Eli Fay Gus Hal Ivy Jon Kit Lea Max Nia Oli Pam Quin Rae Sam Tia Uma Vic Wes Xia Yas Zoe"
LAST = "Abbot Baker Chen Diaz Evans Fox Garcia Hughes Iqbal Jones Khan Lopez Moore Novak Okafor Patel Quinn Rossi"
PHRASES = [
    "Great session on using social media well today",
    "Reminder: wash your hands between every patient",
    "Proud of our team this week",
    "New guidance on flu vaccination is out",
    "Anyone going to the wellbeing walk on Friday?",
    "Here is what I learnt about writing a clear post",
    "Our research day was a real success",
    "Thank you to everyone who covered a shift",
]


@dataclass
class Sizes:
    scale: float
    users: int
    sessions: int
    courses: int
    posts: int
    submissions: int
    follow_median: int
    follow_max: int
    personas: int = 20
    lessons_per_course: int = 3
    drills_per_lesson: int = 2
    storm_people: int = 1000
    storm_seats: int = 100
    grading_people: int = 50

    @classmethod
    def for_scale(cls, scale: float) -> Sizes:
        if not 0 < scale <= 10:
            raise ValueError("scale must be in (0, 10]")
        users = max(300, round(100_000 * scale))
        sessions = max(20, round(2000 * scale) // 2 * 2)
        courses = max(4, round(10 * scale) * 2)
        # The storm and the graders are people, not data: full size from scale 0.5, a fifth below it.
        storm = 1000 if scale >= 0.5 else (200 if scale >= 0.01 else 50)
        return cls(
            scale=scale,
            users=users,
            sessions=sessions,
            courses=courses,
            posts=max(2000, round(1_000_000 * scale)),
            submissions=max(100, round(50_000 * scale)),
            follow_median=min(100, users // 5),
            follow_max=min(5000, users - 1),
            storm_people=storm,
            storm_seats=storm // 10,
            grading_people=50 if scale >= 0.5 else (20 if scale >= 0.01 else 5),
        )


@dataclass
class Meta:
    """What the measurements need to find in the seeded data (stored in bench_meta)."""

    scale: float
    counts: dict = field(default_factory=dict)
    viewer_id: int = 0
    viewer_follows: int = 0
    heavy_viewer_id: int = 0
    trainer_id: int = 0
    admin_id: int = 0
    roster_session_id: int = 0
    drill_id: int = 0
    profile_handle: str = ""
    hashtag: str = TOP_TAG
    storm_session_id: int = 0
    storm_user_ids: list[int] = field(default_factory=list)
    storm_seats: int = 0
    grading_session_id: int = 0
    grading_drill_id: int = 0
    grading_user_ids: list[int] = field(default_factory=list)
    grading_pairs: list[list[int]] = field(default_factory=list)  # [user, session, drill] for pending attempts
    wave_session_ids: list[int] = field(default_factory=list)
    wave_expected: int = 0
    seconds: dict = field(default_factory=dict)


# --- COPY helpers ---------------------------------------------------------------------------------


def copy_rows(cur: psycopg.Cursor, table: str, columns: Iterable[str], rows: Iterable[tuple]) -> int:
    """COPY rows into a table; values are str/int/None (strings are parsed by PostgreSQL per column)."""
    count = 0
    with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


@contextmanager
def bare_tables(cur: psycopg.Cursor, tables: list[str]) -> Iterator[None]:
    """Drop the secondary indexes and foreign keys/unique constraints of tables; rebuild them afterwards."""
    saved_constraints: list[tuple[str, str, str, str]] = []
    saved_indexes: list[str] = []
    for table in tables:
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid), contype FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
            [table],
        )
        for name, definition, kind in cur.fetchall():
            saved_constraints.append((table, name, definition, kind))
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        saved_indexes.extend(definition for _name, definition in cur.fetchall())
        for _t, name, _d, _k in [c for c in saved_constraints if c[0] == table]:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        cur.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        for (name,) in cur.fetchall():
            cur.execute(f'DROP INDEX "{name}"')
    yield
    for definition in saved_indexes:
        cur.execute(definition)
    for kind in ("u", "f"):
        for table, name, definition, k in saved_constraints:
            if k == kind:
                cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _cols(names: str) -> list[str]:
    return names.split()


def _iso(moment: datetime) -> str:
    return moment.isoformat()


# --- the generator --------------------------------------------------------------------------------


class Seeder:
    def __init__(self, conn: psycopg.Connection, sizes: Sizes, *, password_hash: str, seed: int = 20260101):
        self.conn = conn
        self.z = sizes
        self.rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
        self.password_hash = password_hash
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.meta = Meta(scale=sizes.scale)
        self.log: Callable[[str], None] = lambda message: None
        self._t0 = time.monotonic()

    # ids: everything gets explicit ids from 1 in the order generated; sequences are set at the end.

    def run(self) -> Meta:
        with self.conn.cursor() as cur:
            cur.execute("SET synchronous_commit = off")
            cur.execute("SET maintenance_work_mem = '512MB'")
            # Check foreign keys per statement: a deferred check would block dropping constraints later.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cur.execute("SELECT count(*) FROM accounts_user")
            if cur.fetchone()[0]:
                raise RuntimeError("the bench database is not empty")
            cur.execute("SELECT id, name FROM auth_group")
            self.groups = {name: pk for pk, name in cur.fetchall()}
            self._people(cur)
            self._courses(cur)
            self._sessions(cur)
            self._practice(cur)
            self._training_records(cur)
            self._sequences(cur)
            self.meta.seconds["total_seed"] = round(time.monotonic() - self._t0, 1)
            cur.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)")
            cur.execute(
                "INSERT INTO bench_meta VALUES ('meta', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [json.dumps(asdict(self.meta))],
            )
        self.conn.commit()
        return self.meta

    def _lap(self, name: str) -> None:
        self.meta.seconds[name] = round(time.monotonic() - self._t0, 1)
        self.log(f"seeded {name} at {self.meta.seconds[name]} s")

    # --- people -----------------------------------------------------------------------------

    def _people(self, cur: psycopg.Cursor) -> None:
        z = self.z
        # Department tree: the organisation, 10 divisions, departments (~1,000 people), teams (~100).
        departments: list[tuple[int, str, str, int | None]] = [(1, "Example Health", "org", None)]
        divisions = list(range(2, 12))
        departments += [(d, f"Division {d - 1}", f"div-{d - 1}", 1) for d in divisions]
        n_depts = max(2, z.users // 1000)
        depts = list(range(12, 12 + n_depts))
        departments += [(d, f"Department {d}", f"dept-{d}", divisions[i % 10]) for i, d in enumerate(depts)]
        n_teams = max(4, z.users // 100)
        teams = list(range(12 + n_depts, 12 + n_depts + n_teams))
        departments += [(t, f"Team {t}", f"team-{t}", depts[i % n_depts]) for i, t in enumerate(teams)]
        copy_rows(cur, "accounts_department", ["id", "name", "code", "parent_id"], departments)
        self.teams = teams

        # Regular people are ids 1..users; then the admin, trainers, the storm crowd, the graders.
        self.n_trainers = max(2, z.sessions // 20)
        self.admin_id = z.users + 1
        self.trainer_ids = list(range(z.users + 2, z.users + 2 + self.n_trainers))
        first_storm = self.trainer_ids[-1] + 1
        self.storm_ids = list(range(first_storm, first_storm + z.storm_people))
        first_grader = first_storm + z.storm_people
        self.grader_ids = list(range(first_grader, first_grader + z.grading_people))
        self.max_user = self.grader_ids[-1]
        firsts, lasts = FIRST.split(), LAST.split()
        joined = _iso(self.now - timedelta(days=400))

        def users() -> Iterator[tuple]:
            for pk in range(1, self.max_user + 1):
                name = f"{firsts[pk % len(firsts)]} {lasts[(pk // len(firsts)) % len(lasts)]}"
                handle = f"u{pk}" if pk <= z.users else ("admin1" if pk == self.admin_id else f"s{pk}")
                yield (
                    pk, self.password_hash, pk == self.admin_id, f"{handle}@bench.example.org", name, handle,
                    "Europe/London" if pk % 3 else "UTC", "en", "Practising in the sandbox.", "", "",
                    True, pk == self.admin_id, joined, teams[pk % len(teams)],
                )  # fmt: skip

        copy_rows(
            cur,
            "accounts_user",
            _cols(
                "id password is_superuser email display_name handle time_zone language bio location website "
                "is_active is_staff date_joined department_id"
            ),
            users(),
        )
        employee, trainer, manager, admin = (self.groups[n] for n in ("Employee", "Trainer", "Manager", "Admin"))

        def memberships() -> Iterator[tuple]:
            for pk in range(1, self.max_user + 1):
                yield (pk, employee)
            for pk in self.trainer_ids:
                yield (pk, trainer)
            for pk in range(1, min(z.users, 10 * 50) + 1, 50):  # a manager in many teams
                yield (pk, manager)
            yield (self.admin_id, admin)

        copy_rows(cur, "accounts_user_groups", ["user_id", "group_id"], memberships())
        self.meta.admin_id = self.admin_id
        self.meta.counts["users"] = self.max_user
        self.meta.counts["departments"] = len(departments)
        self._lap("people")

    # --- courses, sessions, enrolments ---------------------------------------------------------

    def _courses(self, cur: psycopg.Cursor) -> None:
        z = self.z
        created = _iso(self.now - timedelta(days=200))
        n = z.courses + 1  # the last course is the storm's: nobody else is enrolled in it
        copy_rows(
            cur,
            "courses_course",
            _cols("id title slug summary cover_text status estimated_minutes require_lessons require_drills "
            "require_attendance require_policy created_at updated_at created_by_id"),
            (
                (c, f"Course {c}", f"course-{c}", "Using social media well at work.", "Read, practise, attend.",
                 "published", 60, True, True, True, True, created, created, self.trainer_ids[0])
                for c in range(1, n + 1)
            ),
        )  # fmt: skip
        lessons, drills = [], []
        self.drills_of: dict[int, list[int]] = {}
        rubric = json.dumps(RUBRIC)
        for c in range(1, n + 1):
            for p in range(z.lessons_per_course):
                lesson = len(lessons) + 1
                lessons.append((lesson, f"Lesson {p + 1}", "Post with **#{session.hashtag}**.", p, "published",
                                created, c))  # fmt: skip
                for q in range(z.drills_per_lesson):
                    drill = len(drills) + 1
                    drills.append(
                        (drill, f"Drill {p + 1}.{q + 1}", "Write a post that tags the session and mentions "
                         "your trainer.", "post", "", "", 3, 70, None, rubric, 1, q, "published", created, lesson)
                    )  # fmt: skip
                    self.drills_of.setdefault(c, []).append(drill)
        copy_rows(cur, "courses_lesson", _cols("id title body position status updated_at course_id"), lessons)
        copy_rows(
            cur,
            "courses_drill",
            _cols(
                "id title instructions action target_persona_handle target_text_contains max_attempts pass_mark "
                "deadline_offset rubric rubric_version position status updated_at lesson_id"
            ),
            drills,
        )
        self.lessons_of = {c: [lesson[0] for lesson in lessons if lesson[6] == c] for c in range(1, n + 1)}
        copy_rows(
            cur,
            "courses_policyversion",
            ["id", "version", "title", "body", "published_at"],
            [(1, 1, "Social media policy", "Be kind, be careful, never share patient details.", created)],
        )
        self.storm_course = n
        self.meta.counts["courses"] = n
        self.meta.counts["drills"] = len(drills)

    def _sessions(self, cur: psycopg.Cursor) -> None:
        z, rng = self.z, self.rng
        half = z.sessions // 2
        block = z.users // half
        self.half, self.block = half, block
        # Session i is feed i + 1 (feed 1 is the open feed). Sessions [0, half) are the reminder wave's:
        # far ahead, every seat enrolled. Sessions [half, 2 * half) mix past (attended) and future.
        sessions, feeds, trainers_rows, enrolments, events, members = [], [], [], [], [], []
        feeds.append((1, "Open feed", "open", None, _iso(self.now - timedelta(days=300)), "0"))
        self.session_users: dict[int, list[tuple[int, str]]] = {}
        enrolment_id = 0
        course_of = lambda i: (i * z.courses) // z.sessions + 1  # noqa: E731
        extra = [("storm", self.storm_course, z.storm_seats), ("grading", 1, z.grading_people + 10)]
        for i in range(z.sessions + len(extra)):
            sid, fid = i + 1, i + 2
            kind = "wave" if i < half else ("regular" if i < z.sessions else extra[i - z.sessions][0])
            j = i - half
            past = kind == "regular" and j % 10 in (3, 4, 5, 6)
            if kind == "wave":
                starts = self.now + timedelta(days=10, hours=i % 50)
            elif past:
                starts = self.now - timedelta(days=1 + j % 30, hours=j % 7)
            else:
                starts = self.now + timedelta(days=3, hours=j % 200)
            course = course_of(i) if i < z.sessions else extra[i - z.sessions][1]
            people: list[int]
            if i < z.sessions:
                b = i % half
                people = list(range(b * block + 1, (b + 1) * block + 1))
                capacity = block + 20
                waitlisted = 5 if (kind == "regular" and not past and j % 10 == 9) else 0
                if waitlisted:
                    capacity = block - waitlisted
            elif kind == "storm":
                people, capacity, waitlisted = [], extra[0][2], 0
            else:
                people, capacity, waitlisted = list(self.grader_ids), extra[1][2], 0
            trainer = self.trainer_ids[i % len(self.trainer_ids)]
            seats = len(people) - waitlisted
            sessions.append((
                sid, f"Session {sid}", _iso(starts), _iso(starts + timedelta(hours=2)), "Europe/London", "Room 1",
                "", capacity, seats, f"BenchS{sid}", _iso(starts - timedelta(hours=2)), "scheduled", "", None, 0,
                _iso(starts - timedelta(days=30)), None, course, fid,
            ))  # fmt: skip
            feeds.append((fid, f"Cohort of session {sid}", "cohort", _iso(starts), _iso(starts - timedelta(days=30)),
                          "0"))  # fmt: skip
            trainers_rows.append((sid, trainer))
            members.append((fid, trainer, "trainer"))
            at = starts - timedelta(days=20)
            roster = []
            for n, person in enumerate(people):
                enrolment_id += 1
                if n >= seats:
                    status = "waitlisted"
                elif past:
                    status = "attended" if rng.random() < 0.8 else "no_show"
                else:
                    status = "enrolled"
                moment = _iso(at + timedelta(seconds=n))
                enrolments.append(
                    (
                        enrolment_id,
                        status,
                        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        0,
                        moment,
                        moment,
                        moment,
                        trainer if past else None,
                        course,
                        None,
                        person,
                        sid,
                    )
                )
                events.append(("waitlisted" if status == "waitlisted" else "enrolled", "",
                               "waitlisted" if status == "waitlisted" else "enrolled", moment, person, enrolment_id,
                               moment))  # fmt: skip
                if past:
                    events.append((status, "enrolled", status, _iso(starts + timedelta(hours=1)), trainer,
                                   enrolment_id, _iso(starts + timedelta(hours=1))))  # fmt: skip
                if status != "waitlisted":
                    members.append((fid, person, "learner"))
                roster.append((person, status))
            self.session_users[sid] = roster
            if kind == "storm":
                self.meta.storm_session_id = sid
            elif kind == "grading":
                self.meta.grading_session_id = sid
            elif kind == "wave":
                self.meta.wave_session_ids.append(sid)
                self.meta.wave_expected += seats
        self.course_of_session = {row[0]: row[17] for row in sessions}
        self.feed_of_session = {row[0]: row[18] for row in sessions}
        self.past_sessions = {row[0] for row in sessions if row[2] < _iso(self.now)}
        copy_rows(cur, "practice_feed", _cols("id name kind starts_at created_at timeline_delay"), feeds)
        copy_rows(
            cur,
            "courses_session",
            _cols(
                "id title starts_at ends_at time_zone location online_url capacity seats_taken hashtag "
                "enrolment_closes_at status cancel_reason cancelled_at sequence created_at cancelled_by_id course_id "
                "feed_id"
            ),
            sessions,
        )
        copy_rows(cur, "courses_session_trainers", ["session_id", "user_id"], trainers_rows)
        with bare_tables(cur, ["courses_enrolment", "courses_enrolmentevent", "practice_feedmembership"]):
            copy_rows(
                cur,
                "courses_enrolment",
                _cols(
                    "id status uid sequence created_at queued_at status_changed_at attendance_marked_by_id course_id "
                    "moved_to_id user_id session_id"
                ),
                enrolments,
            )
            copy_rows(
                cur,
                "courses_enrolmentevent",
                _cols("action from_status to_status at actor_id enrolment_id emailed_at note"),
                ((*e, "") for e in events),
            )
            joined = _iso(self.now - timedelta(days=30))
            copy_rows(
                cur,
                "practice_feedmembership",
                ["feed_id", "user_id", "role", "joined_at", "first_visit_at"],
                ((f, u, r, joined, joined) for f, u, r in members),
            )
        self.members = members
        # The people the pages are measured as: a learner with a seat in a future regular session.
        self.viewer_id = 1
        self.meta.viewer_id = 1
        self.meta.roster_session_id = half + 1
        self.meta.trainer_id = self.trainer_ids[half % len(self.trainer_ids)]
        self.meta.drill_id = self.drills_of[self.course_of_session[half + 1]][0]
        self.meta.storm_user_ids = list(self.storm_ids)
        self.meta.storm_seats = z.storm_seats
        self.meta.grading_user_ids = list(self.grader_ids)
        self.meta.grading_drill_id = self.drills_of[1][0]
        self.meta.counts["sessions"] = len(sessions)
        self.meta.counts["enrolments"] = len(enrolments)
        self.meta.counts["enrolment_events"] = len(events)
        self.meta.counts["feed_memberships"] = len(members)
        self._lap("sessions")

    # --- the practice feed --------------------------------------------------------------------

    def _practice(self, cur: psycopg.Cursor) -> None:
        z, rng = self.z, self.rng
        users = z.users
        perm = list(range(1, users + 1))
        rng.shuffle(perm)  # popularity rank -> person

        def popular() -> int:
            return perm[int(users * rng.random() ** 2)]

        personas = [(p, f"Bench News {p}", f"BenchNews{p}", "News for the sandbox.", "BN",
                     _iso(self.now - timedelta(days=300)), self.trainer_ids[0], None)
                    for p in range(1, z.personas + 1)]  # fmt: skip
        copy_rows(
            cur, "practice_persona", _cols("id name handle bio avatar_initials created_at created_by_id feed_id"),
            personas,
        )  # fmt: skip

        # Posts: structure first (so the denormalised counters are known), then one COPY.
        P = z.posts
        span = timedelta(days=120).total_seconds()
        start = self.now - timedelta(days=120)
        learners_of_feed: dict[int, list[int]] = {}
        for f, u, role in self.members:
            if role == "learner":
                learners_of_feed.setdefault(f, []).append(u)
        cohort_feeds = [f for f in learners_of_feed if f != 1]
        author = [0] * (P + 1)
        persona = [0] * (P + 1)
        feed = [1] * (P + 1)
        kind = [""] * (P + 1)  # "" original, r reply, t retweet, q quote
        target = [0] * (P + 1)
        replies = [0] * (P + 1)
        retweets = [0] * (P + 1)
        quotes = [0] * (P + 1)
        originals: dict[int, list[int]] = {}
        seen_retweets: set[tuple[int, int]] = set()
        for pid in range(1, P + 1):
            r = rng.random()
            if r < 0.25 and cohort_feeds:
                f = cohort_feeds[rng.randrange(len(cohort_feeds))]
                pool = learners_of_feed[f]
                a = pool[rng.randrange(len(pool))]
            else:
                f = 1
                a = popular()
            feed[pid] = f
            earlier = originals.get(f)
            r = rng.random()
            if r < 0.05 and f == 1:
                persona[pid] = rng.randrange(1, z.personas + 1)
                a = 0
            elif r < 0.32 and earlier:
                t = earlier[-1 - int(len(earlier) * rng.random() ** 3)]
                if r < 0.17:
                    kind[pid], target[pid] = "r", t
                    replies[t] += 1
                elif r < 0.27 and (a, t) not in seen_retweets and a != author[t]:
                    seen_retweets.add((a, t))
                    kind[pid], target[pid] = "t", t
                    retweets[t] += 1
                else:
                    kind[pid], target[pid] = "q", t
                    quotes[t] += 1
            author[pid] = a
            if kind[pid] in ("", "q"):
                originals.setdefault(f, []).append(pid)
        self._lap("post structure")

        # Likes: about 1.6 per original post, skewed; no one likes a post twice.
        likes_of = [0] * (P + 1)
        like_rows: list[tuple[int, int]] = []
        for pid in range(1, P + 1):
            if kind[pid] == "t":
                continue
            k = int(10 * rng.random() ** 4)
            if not k:
                continue
            pool = learners_of_feed.get(feed[pid]) if feed[pid] != 1 else None
            likers = set()
            for _ in range(k):
                likers.add(pool[rng.randrange(len(pool))] if pool else rng.randrange(1, users + 1))
            likes_of[pid] = len(likers)
            like_rows.extend((u, pid) for u in likers)

        n_tags = max(50, P // 500)
        tags = TAGS + [f"topic{k}" for k in range(n_tags - len(TAGS))]
        mention_rows: list[tuple[int, str, int]] = []
        tag_rows: list[tuple[int, str, str]] = []
        stamps = [_iso(start + timedelta(seconds=span * pid / P)) for pid in range(0, P + 1, max(1, P // 100_000))]
        stride = max(1, P // 100_000)
        session_of_feed = {f: s for s, f in self.feed_of_session.items()}

        def posts() -> Iterator[tuple]:
            for pid in range(1, P + 1):
                k = kind[pid]
                text = ""
                if k != "t":
                    words = [PHRASES[pid % len(PHRASES)]]
                    if rng.random() < 0.3:
                        m = popular()
                        words.append(f"@u{m}")
                        mention_rows.append((pid, f"u{m}", m))
                    chosen = set()
                    if feed[pid] != 1 and rng.random() < 0.5:
                        tag = f"BenchS{session_of_feed[feed[pid]]}"
                        chosen.add(tag.lower())
                        words.append("#" + tag)
                    for _ in range((rng.random() < 0.4) + (rng.random() < 0.1)):
                        tag = tags[int(len(tags) * rng.random() ** 3)]
                        if tag not in chosen:
                            chosen.add(tag)
                            words.append("#" + tag)
                    tag_rows.extend((pid, t, stamps[pid // stride]) for t in chosen)
                    text = " ".join(words)
                t = target[pid]
                yield (
                    pid, text, stamps[pid // stride], None, None, "", replies[pid], retweets[pid], quotes[pid],
                    likes_of[pid], author[pid] or None, feed[pid], None, None, persona[pid] or None, None,
                    t if k == "q" else None, t if k == "r" else None, t if k == "t" else None,
                )  # fmt: skip

        big = ["practice_post", "practice_like", "practice_mention", "practice_hashtag", "practice_follow"]
        with bare_tables(cur, big):
            copy_rows(
                cur,
                "practice_post",
                _cols(
                    "id text created_at deleted_at hidden_at hidden_reason reply_count retweet_count quote_count "
                    "like_count author_id feed_id hidden_by_id only_for_id persona_id posted_by_id quote_of_id "
                    "reply_to_id retweet_of_id"
                ),
                posts(),
            )
            self._lap("posts")
            like_at = _iso(self.now - timedelta(days=1))
            copy_rows(cur, "practice_like", ["user_id", "post_id", "created_at"],
                      ((u, p, like_at) for u, p in like_rows))  # fmt: skip
            copy_rows(cur, "practice_mention", ["post_id", "handle", "user_id"], mention_rows)
            copy_rows(cur, "practice_hashtag", ["post_id", "tag", "created_at"], tag_rows)
            self._lap("likes, mentions, hashtags")
            follows = self._follows(cur, perm)
            self._lap("follows")
        self._lap("practice indexes")
        self.meta.counts.update(
            posts=P, likes=len(like_rows), mentions=len(mention_rows), hashtags=len(tag_rows), follows=follows,
            retweets=sum(1 for k in kind if k == "t"), replies=sum(1 for k in kind if k == "r"),
            personas=z.personas,
        )  # fmt: skip
        self.meta.profile_handle = f"u{perm[0]}"

    def _follows(self, cur: psycopg.Cursor, perm: list[int]) -> int:
        z, rng = self.z, self.rng
        users = z.users
        sigma = 0.6
        followed_at = _iso(self.now - timedelta(days=60))
        counts: dict[int, int] = {}
        heavy = set(rng.sample(range(2, users + 1), max(1, users // 500)))

        def rows() -> Iterator[tuple]:
            for follower in range(1, users + 1):
                if follower == self.viewer_id:
                    n = z.follow_median
                elif follower in heavy:
                    n = z.follow_max
                else:
                    n = min(z.follow_max, max(1, int(math.exp(rng.gauss(math.log(z.follow_median), sigma)))))
                chosen: set[int] = set()
                tries = 0
                while len(chosen) < n and tries < 3 * n:
                    tries += 1
                    who = perm[int(users * rng.random() ** 2)]
                    if who != follower:
                        chosen.add(who)
                while len(chosen) < n:
                    who = rng.randrange(1, users + 1)
                    if who != follower:
                        chosen.add(who)
                counts[follower] = n
                for who in chosen:
                    yield (follower, who, None, followed_at)
                for p in rng.sample(range(1, z.personas + 1), 2):
                    yield (follower, None, p, followed_at)

        total = copy_rows(cur, "practice_follow", ["follower_id", "user_id", "persona_id", "created_at"], rows())
        self.meta.viewer_follows = counts[self.viewer_id]
        self.meta.heavy_viewer_id = min(heavy)
        return total

    # --- drills, lessons read, policy, completions -------------------------------------------------

    def _training_records(self, cur: psycopg.Cursor) -> None:
        z, rng = self.z, self.rng
        # Submissions: one graded attempt per (person, course) seat in the regular sessions, until enough.
        pairs = [
            (person, sid, self.course_of_session[sid])
            for sid in range(self.half + 1, z.sessions + 1)
            for person, status in self.session_users[sid]
            if status in ("enrolled", "attended", "no_show")
        ]
        rng.shuffle(pairs)
        subs, grades = [], []
        pending_pairs = []
        for k, (person, sid, course) in enumerate(pairs):
            drills = self.drills_of[course]
            if k < z.submissions:
                score = rng.randrange(30, 101)
                created = (self.now - timedelta(days=rng.randrange(1, 60))).replace(second=0)
                subs.append((k + 1, 1, "graded", _iso(created), _iso(created + timedelta(seconds=3)), score,
                             score >= 70, drills[k % len(drills)], None, sid, person))  # fmt: skip
                grades.append(("auto", 1, score, score >= 70, "[]", "", _iso(created + timedelta(seconds=3)), None,
                                k + 1))  # fmt: skip
            elif sid not in self.past_sessions and len(pending_pairs) < 20_000:
                # Seats in future sessions without a submission yet: the grading measurement's attempts.
                pending_pairs.append([person, sid, drills[k % len(drills)]])
        self.meta.grading_pairs = pending_pairs
        read_at = _iso(self.now - timedelta(days=2))
        progress = []
        completions = []
        for sid in range(self.half + 1, z.sessions + 1):
            course = self.course_of_session[sid]
            for person, status in self.session_users[sid]:
                if status == "attended":
                    progress.extend((person, lesson) for lesson in self.lessons_of[course])
                    if rng.random() < 0.5:
                        completions.append((person, course))
                elif status == "enrolled" and rng.random() < 0.5:
                    progress.append((person, self.lessons_of[course][0]))
        with bare_tables(cur, ["courses_submission", "courses_grade", "courses_lessonprogress"]):
            copy_rows(
                cur,
                "courses_submission",
                _cols("id attempt status created_at graded_at score passed drill_id post_id session_id user_id"),
                subs,
            )
            copy_rows(
                cur,
                "courses_grade",
                _cols("kind rubric_version score passed results comment created_at graded_by_id submission_id"),
                grades,
            )
            copy_rows(cur, "courses_lessonprogress", ["user_id", "lesson_id", "read_at"],
                      ((u, lesson, read_at) for u, lesson in progress))  # fmt: skip
        acks = [(pk, 1, read_at) for pk in range(1, z.users + 1) if rng.random() < 0.7]
        copy_rows(cur, "courses_policyacknowledgement", ["user_id", "policy_id", "acknowledged_at"], acks)
        copy_rows(
            cur,
            "courses_completion",
            ["user_id", "course_id", "cycle", "certificate_code", "completed_at"],
            ((u, c, 1, secrets.token_urlsafe(24), read_at) for u, c in completions),
        )
        self.meta.counts.update(
            submissions=len(subs), grades=len(grades), lessons_read=len(progress), policy_acks=len(acks),
            completions=len(completions),
        )  # fmt: skip
        self._lap("training records")

    def _sequences(self, cur: psycopg.Cursor) -> None:
        cur.execute(
            "SELECT table_name, column_name, pg_get_serial_sequence(table_name, column_name) FROM "
            "information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval%%' "
            "OR (table_schema = 'public' AND is_identity = 'YES')"
        )
        for table, column, sequence in cur.fetchall():
            if sequence:
                cur.execute(
                    f"SELECT setval(%s, COALESCE((SELECT max({column}) FROM {table}), 0) + 1, false)",  # noqa: S608
                    [sequence],
                )
        # VACUUM as well as ANALYZE: a live database has its visibility map set by autovacuum, which is what
        # lets counts run as index-only scans; a freshly loaded table has none. VACUUM needs autocommit.
        self.conn.commit()
        autocommit = self.conn.autocommit
        self.conn.autocommit = True
        cur.execute("VACUUM (ANALYZE)")
        self.conn.autocommit = autocommit
        self._lap("vacuum analyze")


def seed(conn: psycopg.Connection, scale: float, *, password_hash: str, log: Callable[[str], None] | None = None):
    """Seed an empty, migrated database at ``scale``; returns the Meta the measurements use."""
    seeder = Seeder(conn, Sizes.for_scale(scale), password_hash=password_hash)
    if log:
        seeder.log = log
    return seeder.run()


def load_meta(cur) -> dict:
    cur.execute("SELECT value FROM bench_meta WHERE key = 'meta'")
    row = cur.fetchone()
    value = row[0]
    return json.loads(value) if isinstance(value, str) else value
