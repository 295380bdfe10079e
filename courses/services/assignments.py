"""Assignments written: who must complete a course by when (the reads are ``courses.selectors.assignments``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Department, User
from courses.errors import CoursesError
from courses.models import Assignment, Course


class AssignmentError(CoursesError):
    code = "assignment_invalid"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class AssignmentDetails:
    course: Course
    departments: Sequence[Department] = ()
    roles: Sequence[Group] = ()
    people: Sequence[User] = ()
    due_rule: str = Assignment.DueRule.AFTER_ASSIGNED
    due_on: date | None = None
    due_days: int | None = None
    recertify_months: int | None = None
    note: str = ""


def _check(details: AssignmentDetails) -> None:
    if not (details.departments or details.roles or details.people):
        raise AssignmentError(_("Choose at least one department, role or person."))
    if details.due_rule == Assignment.DueRule.FIXED and details.due_on is None:
        raise AssignmentError(_("A fixed due date needs the date."), "due_on")
    if details.due_rule != Assignment.DueRule.FIXED and not details.due_days:
        raise AssignmentError(_("Say how many days people have."), "due_days")


def _apply(assignment: Assignment, details: AssignmentDetails) -> None:
    fixed = details.due_rule == Assignment.DueRule.FIXED
    assignment.course = details.course
    assignment.due_rule = details.due_rule
    assignment.due_on = details.due_on if fixed else None
    assignment.due_days = None if fixed else details.due_days
    assignment.recertify_months = details.recertify_months or None
    assignment.note = details.note


@transaction.atomic
def create_assignment(*, details: AssignmentDetails, actor: User) -> Assignment:
    """Assign a course to departments (with their sub-departments), roles and people."""
    _check(details)
    assignment = Assignment(created_by=actor)
    _apply(assignment, details)
    assignment._history_user = actor  # type: ignore[attr-defined]
    assignment.save()
    assignment.departments.set(details.departments)
    assignment.roles.set(details.roles)
    assignment.people.set(details.people)
    return assignment


@transaction.atomic
def update_assignment(*, assignment: Assignment, details: AssignmentDetails, actor: User) -> Assignment:
    _check(details)
    _apply(assignment, details)
    assignment._history_user = actor  # type: ignore[attr-defined]
    assignment.save()
    assignment.departments.set(details.departments)
    assignment.roles.set(details.roles)
    assignment.people.set(details.people)
    return assignment


@transaction.atomic
def delete_assignment(*, assignment: Assignment, actor: User) -> None:
    assignment._history_user = actor  # type: ignore[attr-defined]
    assignment.delete()
