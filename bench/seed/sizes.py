"""How much to seed at a scale (Sizes), and what the measurements need to find afterwards (Meta)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.seed.vocabulary import TOP_TAG


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
    counts: dict[str, int] = field(default_factory=dict)
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
    seconds: dict[str, float] = field(default_factory=dict)
