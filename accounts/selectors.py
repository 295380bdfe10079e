"""Named reads about people."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet

from accounts.models import Department, User


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


def department_tree() -> list[tuple[Department, int]]:
    """Every department with its depth, parents before children (one query)."""
    departments = list(Department.objects.all())
    children: dict[int | None, list[Department]] = {}
    for d in departments:
        children.setdefault(d.parent_id, []).append(d)
    out: list[tuple[Department, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for d in sorted(children.get(parent_id, []), key=lambda d: d.name.lower()):
            out.append((d, depth))
            walk(d.pk, depth + 1)

    walk(None, 0)
    return out
