"""Seeding the training on offer: courses, lessons, drills, the policy, sessions and their enrolments."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import psycopg

from bench.seed.copying import Row, bare_tables, cols, copy_rows, iso
from bench.seed.state import SeederState
from bench.seed.vocabulary import RUBRIC


class CourseSeeding(SeederState):
    """Courses with their lessons and drills, then sessions with their cohort feeds and enrolments."""

    def _courses(self, cur: psycopg.Cursor) -> None:
        z = self.z
        created = iso(self.now - timedelta(days=200))
        n = z.courses + 1  # the last course is the storm's: nobody else is enrolled in it
        copy_rows(
            cur,
            "courses_course",
            cols(
                "id title slug summary cover_text status estimated_minutes require_lessons require_drills "
                "require_attendance require_policy created_at updated_at created_by_id"
            ),
            (
                (
                    c,
                    f"Course {c}",
                    f"course-{c}",
                    "Using social media well at work.",
                    "Read, practise, attend.",
                    "published",
                    60,
                    True,
                    True,
                    True,
                    True,
                    created,
                    created,
                    self.trainer_ids[0],
                )
                for c in range(1, n + 1)
            ),
        )
        lessons: list[tuple[int, str, str, int, str, str, int]] = []
        drills: list[Row] = []
        self.drills_of = {}
        rubric = json.dumps(RUBRIC)
        for c in range(1, n + 1):
            for p in range(z.lessons_per_course):
                lesson = len(lessons) + 1
                lessons.append(
                    (lesson, f"Lesson {p + 1}", "Post with **#{session.hashtag}**.", p, "published", created, c)
                )
                for q in range(z.drills_per_lesson):
                    drill = len(drills) + 1
                    drills.append(
                        (
                            drill,
                            f"Drill {p + 1}.{q + 1}",
                            "Write a post that tags the session and mentions your trainer.",
                            "post",
                            "",
                            "",
                            3,
                            70,
                            None,
                            rubric,
                            1,
                            q,
                            "published",
                            created,
                            lesson,
                        )
                    )
                    self.drills_of.setdefault(c, []).append(drill)
        copy_rows(cur, "courses_lesson", cols("id title body position status updated_at course_id"), lessons)
        copy_rows(
            cur,
            "courses_drill",
            cols(
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
        sessions: list[Row] = []
        feeds: list[Row] = []
        trainers_rows: list[Row] = []
        enrolments: list[Row] = []
        events: list[Row] = []
        members: list[tuple[int, int, str]] = []
        feeds.append((1, "Open feed", "open", None, iso(self.now - timedelta(days=300)), "0"))
        self.session_users = {}
        self.course_of_session, self.feed_of_session, self.past_sessions = {}, {}, set()
        enrolment_id = 0

        def course_of(i: int) -> int:
            return (i * z.courses) // z.sessions + 1

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
            sessions.append(
                (
                    sid,
                    f"Session {sid}",
                    iso(starts),
                    iso(starts + timedelta(hours=2)),
                    "Europe/London",
                    "Room 1",
                    "",
                    capacity,
                    seats,
                    f"BenchS{sid}",
                    iso(starts - timedelta(hours=2)),
                    "scheduled",
                    "",
                    None,
                    0,
                    iso(starts - timedelta(days=30)),
                    None,
                    course,
                    fid,
                )
            )
            feeds.append(
                (fid, f"Cohort of session {sid}", "cohort", iso(starts), iso(starts - timedelta(days=30)), "0")
            )
            trainers_rows.append((sid, trainer))
            self.course_of_session[sid] = course
            self.feed_of_session[sid] = fid
            if iso(starts) < iso(self.now):
                self.past_sessions.add(sid)
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
                moment = iso(at + timedelta(seconds=n))
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
                events.append(
                    (
                        "waitlisted" if status == "waitlisted" else "enrolled",
                        "",
                        "waitlisted" if status == "waitlisted" else "enrolled",
                        moment,
                        person,
                        enrolment_id,
                        moment,
                    )
                )
                if past:
                    events.append(
                        (
                            status,
                            "enrolled",
                            status,
                            iso(starts + timedelta(hours=1)),
                            trainer,
                            enrolment_id,
                            iso(starts + timedelta(hours=1)),
                        )
                    )
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
        copy_rows(cur, "practice_feed", cols("id name kind starts_at created_at timeline_delay"), feeds)
        copy_rows(
            cur,
            "courses_session",
            cols(
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
                cols(
                    "id status uid sequence created_at queued_at status_changed_at attendance_marked_by_id course_id "
                    "moved_to_id user_id session_id"
                ),
                enrolments,
            )
            copy_rows(
                cur,
                "courses_enrolmentevent",
                cols("action from_status to_status at actor_id enrolment_id emailed_at note"),
                ((*e, "") for e in events),
            )
            joined = iso(self.now - timedelta(days=30))
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
