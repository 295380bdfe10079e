"""Seeding the training records: graded drill submissions, lessons read, policy acknowledgements,
completions."""

from __future__ import annotations

import secrets
from datetime import timedelta

import psycopg

from bench.seed.copying import Row, bare_tables, cols, copy_rows, iso
from bench.seed.state import SeederState


class TrainingRecordSeeding(SeederState):
    """What the learners of the regular sessions have done so far."""

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
        subs: list[Row] = []
        grades: list[Row] = []
        pending_pairs: list[list[int]] = []
        for k, (person, sid, course) in enumerate(pairs):
            drills = self.drills_of[course]
            if k < z.submissions:
                score = rng.randrange(30, 101)
                created = (self.now - timedelta(days=rng.randrange(1, 60))).replace(second=0)
                subs.append(
                    (
                        k + 1,
                        1,
                        "graded",
                        iso(created),
                        iso(created + timedelta(seconds=3)),
                        score,
                        score >= 70,
                        drills[k % len(drills)],
                        None,
                        sid,
                        person,
                    )
                )
                grades.append(
                    ("auto", 1, score, score >= 70, "[]", "", iso(created + timedelta(seconds=3)), None, k + 1)
                )
            elif sid not in self.past_sessions and len(pending_pairs) < 20_000:
                # Seats in future sessions without a submission yet: the grading measurement's attempts.
                pending_pairs.append([person, sid, drills[k % len(drills)]])
        self.meta.grading_pairs = pending_pairs
        read_at = iso(self.now - timedelta(days=2))
        progress: list[tuple[int, int]] = []
        completions: list[tuple[int, int]] = []
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
                cols("id attempt status created_at graded_at score passed drill_id post_id session_id user_id"),
                subs,
            )
            copy_rows(
                cur,
                "courses_grade",
                cols("kind rubric_version score passed results comment created_at graded_by_id submission_id"),
                grades,
            )
            copy_rows(
                cur,
                "courses_lessonprogress",
                ["user_id", "lesson_id", "read_at"],
                ((u, lesson, read_at) for u, lesson in progress),
            )
        acks = [(pk, 1, read_at) for pk in range(1, z.users + 1) if rng.random() < 0.7]
        copy_rows(cur, "courses_policyacknowledgement", ["user_id", "policy_id", "acknowledged_at"], acks)
        copy_rows(
            cur,
            "courses_completion",
            ["user_id", "course_id", "cycle", "certificate_code", "completed_at"],
            ((u, c, 1, secrets.token_urlsafe(24), read_at) for u, c in completions),
        )
        self.meta.counts.update(
            submissions=len(subs),
            grades=len(grades),
            lessons_read=len(progress),
            policy_acks=len(acks),
            completions=len(completions),
        )
        self._lap("training records")
