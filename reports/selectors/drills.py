"""Drill results in scope: averages, passes and the rubric rules most often failed."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Avg, Count, Max, Q, QuerySet

from courses.models import Drill, Grade, Submission
from reports.selectors.scope import Scope


def submissions_in(scope: Scope) -> QuerySet[Submission]:
    qs = Submission.objects.filter(drill__lesson__course__in=scope.courses()).filter(scope.in_range("created_at"))
    if scope.department_ids is not None:
        qs = qs.filter(user__in=scope.people())
    if scope.session is not None:
        qs = qs.filter(session=scope.session)
    return qs


@dataclass
class DrillRow:
    drill: Drill
    attempts: int
    average: float | None
    passed: int
    failed: int

    @property
    def pass_rate(self) -> int | None:
        graded = self.passed + self.failed
        return round(100 * self.passed / graded) if graded else None


def drill_rows(submissions: QuerySet[Submission], *, limit: int = 15) -> list[DrillRow]:
    """Average score and passes per drill (one query)."""
    rows = list(
        submissions.values("drill_id")
        .annotate(
            n_attempts=Count("pk"),
            avg_score=Avg("score", filter=Q(score__isnull=False)),
            n_passed=Count("pk", filter=Q(passed=True)),
            n_failed=Count("pk", filter=Q(passed=False)),
        )
        .order_by("-n_failed", "drill_id")[:limit]
    )
    drills = Drill.objects.select_related("lesson__course").in_bulk([r["drill_id"] for r in rows])
    return [
        DrillRow(drills[r["drill_id"]], r["n_attempts"], r["avg_score"], r["n_passed"], r["n_failed"])
        for r in rows
        if r["drill_id"] in drills
    ]


@dataclass(frozen=True)
class FailedRule:
    drill_title: str
    label: str
    kind: str
    failures: int


def failed_rules(submissions: QuerySet[Submission], *, limit: int = 10) -> list[FailedRule]:
    """The rubric rules most often failed, from each submission's newest automatic grade (one query)."""
    newest = (
        Grade.objects.filter(submission__in=submissions, kind=Grade.Kind.AUTOMATIC)
        .values("submission_id")
        .annotate(newest=Max("pk"))
        .values("newest")
    )
    try:
        inner, params = newest.query.sql_with_params()
    except EmptyResultSet:  # nobody in scope (a manager without a department)
        return []
    grade, submission, drill = Grade._meta.db_table, Submission._meta.db_table, Drill._meta.db_table
    if connection.vendor == "postgresql":
        elements = "CROSS JOIN LATERAL jsonb_array_elements(g.results) AS r(value)"
        label, kind = "r.value->>'label'", "r.value->>'kind'"
        failed = "(r.value->>'passed')::boolean = false"
    else:
        elements = ", json_each(g.results) AS r"
        label, kind = "json_extract(r.value, '$.label')", "json_extract(r.value, '$.kind')"
        failed = "json_extract(r.value, '$.passed') = 0"
    sql = (
        f"SELECT d.title, {label}, {kind}, COUNT(*) AS n "  # noqa: S608 - table names and fixed SQL only  # nosec
        f"FROM {grade} g JOIN {submission} s ON s.id = g.submission_id JOIN {drill} d ON d.id = s.drill_id "
        f"{elements} WHERE g.id IN ({inner}) AND {failed} "
        f"GROUP BY d.id, d.title, {label}, {kind} ORDER BY n DESC, d.title, 2 LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return [FailedRule(t or "", lab or "", k or "", n) for t, lab, k, n in cursor.fetchall()]
