"""Named reads about people."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User


def people(*, search: str = "", role: str = "", department_ids: set[int] | None = None) -> QuerySet[User]:
    qs = User.objects.select_related("department").prefetch_related(
        Prefetch("groups", queryset=Group.objects.only("name"))
    )
    if search:
        qs = qs.filter(Q(display_name__icontains=search) | Q(email__icontains=search) | Q(handle__icontains=search))
    if role:
        qs = qs.filter(groups__name=role)
    if department_ids is not None:
        qs = qs.filter(department_id__in=department_ids)
    return qs.order_by("display_name", "pk")


def managed_department_ids(manager: User) -> set[int]:
    """The manager's own department and every one below it; empty when they have none."""
    if manager.department is None:
        return set()
    return manager.department.descendant_ids()
