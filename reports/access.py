"""Who may see which report: the one place the rules live, for views and tasks alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import Http404

from accounts import permissions
from accounts.models import User
from courses.models import Session
from courses.selectors import assignments as assignment_rules
from reports.forms import FilterForm

REPORTS = permissions.VIEW_DEPARTMENT_REPORTS
ALL_REPORTS = permissions.VIEW_ALL_REPORTS
RUN_SESSIONS = permissions.RUN_SESSIONS


def allowed_departments(user: User) -> frozenset[int] | None:
    """The department ids whose people the user may report on; None means everyone."""
    if user.has_perm(ALL_REPORTS):
        return None
    if not user.has_perm(REPORTS) or user.department_id is None:
        return frozenset()
    return frozenset(assignment_rules.with_descendants([user.department_id]))


def filter_form(
    user: User, data: Mapping[str, Any] | None = None, form_class: type[FilterForm] = FilterForm
) -> FilterForm:
    return form_class(data or None, allowed=allowed_departments(user))


def person_or_404(viewer: User, pk: int) -> User:
    """A person's record: their own, anyone's for admins, their department tree's for managers."""
    person = User.objects.select_related("department").filter(pk=pk).first()
    if person is None:
        raise Http404
    if person.pk == viewer.pk:
        return person
    allowed = allowed_departments(viewer)
    if allowed is None or person.department_id in allowed:
        return person
    raise Http404  # 404, not 403: record ids do not leak


def session_or_404(viewer: User, pk: int) -> Session:
    """Trainers see the sessions they run, admins all; everyone else 404."""
    session: Session | None = (
        Session.objects.manageable_by(viewer).select_related("course", "feed").filter(pk=pk).first()
    )
    if session is None:
        raise Http404
    return session
