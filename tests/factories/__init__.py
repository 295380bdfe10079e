"""Shared factory_boy factories, one module per app; import them from here."""

from tests.factories.accounts import DepartmentFactory, UserFactory, verified_user
from tests.factories.courses import (
    CourseFactory,
    LessonFactory,
    PolicyVersionFactory,
    SessionFactory,
)

__all__ = [
    "CourseFactory",
    "DepartmentFactory",
    "LessonFactory",
    "PolicyVersionFactory",
    "SessionFactory",
    "UserFactory",
    "verified_user",
]
