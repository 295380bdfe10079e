"""Shared factory_boy factories, one module per app; import them from here."""

from tests.factories.accounts import DepartmentFactory, UserFactory, verified_user
from tests.factories.courses import (
    CourseFactory,
    LessonFactory,
    PolicyVersionFactory,
    SessionFactory,
)
from tests.factories.notifications import DeliveryFactory, NotificationFactory, PreferenceFactory
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
    "DeliveryFactory",
    "DepartmentFactory",
    "FeedFactory",
    "FollowFactory",
    "LessonFactory",
    "LikeFactory",
    "MembershipFactory",
    "NotificationFactory",
    "PersonaFactory",
    "PolicyVersionFactory",
    "PostFactory",
    "PreferenceFactory",
    "ScriptedPostFactory",
    "SessionFactory",
    "UserFactory",
    "cohort",
    "verified_user",
    "world",
]
