"""Shared factory_boy factories, one module per app; import them from here."""

from tests.factories.accounts import DepartmentFactory, UserFactory, verified_user
from tests.factories.courses import (
    CourseFactory,
    LessonFactory,
    PolicyVersionFactory,
    SessionFactory,
)
from tests.factories.practice import (
    FeedFactory,
    FollowFactory,
    LikeFactory,
    MembershipFactory,
    PersonaFactory,
    PostFactory,
    ScriptedPostFactory,
    cohort,
    world,
)

__all__ = [
    "CourseFactory",
    "DepartmentFactory",
    "FeedFactory",
    "FollowFactory",
    "LessonFactory",
    "LikeFactory",
    "MembershipFactory",
    "PersonaFactory",
    "PolicyVersionFactory",
    "PostFactory",
    "ScriptedPostFactory",
    "SessionFactory",
    "UserFactory",
    "cohort",
    "verified_user",
    "world",
]
