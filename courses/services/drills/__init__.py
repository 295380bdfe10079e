"""Drills: attempts made in the practice feed, graded by a worker against a rubric.

- ``attempts``: a learner's attempt (acting in the cohort feed) and the grade it queues;
- ``rubrics``: a drill's versioned rules and what the grader looks at;
- ``grading``: the idempotent, batched grading, overrides, re-grades and the sweeps' reads.

``from courses.services import drills`` gives their public API.
"""

from courses.services.drills.attempts import DrillError, attempt, seat_for, target_post
from courses.services.drills.grading import (
    DRAIN_AHEAD,
    grade_submission,
    grade_submissions,
    override,
    regrade_all,
    stale_pending,
    tell_untold,
    untold_grades,
)
from courses.services.drills.rubrics import TARGET, resolve_rules, update_rubric, validate_rubric

__all__ = [
    "DRAIN_AHEAD",
    "TARGET",
    "DrillError",
    "attempt",
    "grade_submission",
    "grade_submissions",
    "override",
    "regrade_all",
    "resolve_rules",
    "seat_for",
    "stale_pending",
    "target_post",
    "tell_untold",
    "untold_grades",
    "update_rubric",
    "validate_rubric",
]
