"""What a report covers: who and what a viewer may see, narrowed by the filters; and the assignments in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from accounts.models import Department, User
from courses.models import Assignment, Course, Enrolment, Session
from courses.selectors import assignments as assignment_rules

__all__ = ["Scope", "assignment_rules", "course_assignments"]


@dataclass(frozen=True)
class Scope:
    """What a report covers. ``department_ids`` None means everyone (admins only)."""

    department_ids: frozenset[int] | None = None
    course_ids: frozenset[int] | None = None
    session: Session | None = None
    starts: datetime | None = None
    ends: datetime | None = None  # exclusive
    focus: Department | None = None  # the department whose children the table shows

    def people(self) -> QuerySet[User]:
        qs: QuerySet[User] = User.objects.filter(is_active=True)
        if self.department_ids is not None:
            qs = qs.filter(department_id__in=sorted(self.department_ids))
        if self.session is not None:
            qs = qs.filter(
                pk__in=Enrolment.objects.filter(session=self.session, status__in=Enrolment.HOLDS_SEAT).values("user_id")
            )
        return qs

    def courses(self) -> QuerySet[Course]:
        qs = Course.objects.all()
        if self.course_ids is not None:
            qs = qs.filter(pk__in=sorted(self.course_ids))
        if self.session is not None:
            qs = qs.filter(pk=self.session.course_id)
        return qs

    def in_range(self, lookup: str) -> Q:
        q = Q()
        if self.starts is not None:
            q &= Q(**{f"{lookup}__gte": self.starts})
        if self.ends is not None:
            q &= Q(**{f"{lookup}__lt": self.ends})
        return q


def course_assignments(scope: Scope) -> list[Assignment]:
    return list(assignment_rules.with_targets(Assignment.objects.filter(course__in=scope.courses())))
