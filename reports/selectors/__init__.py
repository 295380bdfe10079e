"""Read-only aggregation for the dashboards, records and exports, in SQL.

Each function is one query (or a fixed few), whatever the number of people: counts come
from ``annotate``/``aggregate`` with conditional ``Count``; department roll-ups and chart
shapes are computed in Python over departments and months, never over people.

- ``scope``: what a report covers (``Scope``) and the assignments in it;
- ``completion``: assigned, completed and overdue, per course and department, and by month;
- ``people``: the rows behind the numbers (exports, the people table) and one person's record;
- ``sessions``: fill and attendance, the cohort and after-action reports;
- ``drills``: drill results and the rubric rules most often failed;
- ``feed``: how people post, interact and answer in the practice feed.
"""

from reports.selectors.completion import (
    CompletionSummary,
    Counts,
    CourseRow,
    DepartmentRow,
    completion_summary,
    completions_by_month,
)
from reports.selectors.drills import DrillRow, FailedRule, drill_rows, failed_rules, submissions_in
from reports.selectors.feed import LINK_Q, FeedStats, feed_stats
from reports.selectors.people import (
    HEADER,
    STATUS_DONE,
    STATUS_OPEN,
    STATUS_OVERDUE,
    AssignmentStatus,
    Cell,
    PeopleTable,
    PersonRecord,
    StatusRow,
    people_table,
    person_assignments,
    person_record,
    status_rows,
)
from reports.selectors.scope import Scope, course_assignments
from reports.selectors.sessions import (
    LearnerReport,
    Response,
    SessionRow,
    after_action,
    cohort_stats,
    duration_text,
    session_learners,
    session_rows,
)

__all__ = [
    "HEADER",
    "LINK_Q",
    "STATUS_DONE",
    "STATUS_OPEN",
    "STATUS_OVERDUE",
    "AssignmentStatus",
    "Cell",
    "CompletionSummary",
    "Counts",
    "CourseRow",
    "DepartmentRow",
    "DrillRow",
    "FailedRule",
    "FeedStats",
    "LearnerReport",
    "PeopleTable",
    "PersonRecord",
    "Response",
    "Scope",
    "SessionRow",
    "StatusRow",
    "after_action",
    "cohort_stats",
    "completion_summary",
    "completions_by_month",
    "course_assignments",
    "drill_rows",
    "duration_text",
    "failed_rules",
    "feed_stats",
    "people_table",
    "person_assignments",
    "person_record",
    "session_learners",
    "session_rows",
    "status_rows",
    "submissions_in",
]
